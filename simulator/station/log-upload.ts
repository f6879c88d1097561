/**
 * Diagnostics and log uploads (1.6 GetDiagnostics, 2.0.1 GetLog). The station keeps a short journal of
 * its recent events (boots, connection changes, commands received, messages sent, connector statuses,
 * sessions) and uploads it as one JSON file with HTTP PUT (see transfers.ts), reporting progress with
 * DiagnosticsStatusNotification (1.6) or LogStatusNotification (2.0.1). An ftp:// or other non-HTTP
 * location is answered normally and then reported as failed (UploadFailed / UploadFailure).
 */
import type { Clock } from '../clock.js';
import type { JsonObject } from '../protocol/frames.js';
import type { OcppProtocol } from '../protocol/versions.js';
import type { CallOutcome, OcppTransport } from '../transport/types.js';
import { Journal } from './journal.js';
import { isoTime } from './sampled-values.js';
import type { Slot } from './slot.js';
import type { TimerGroup } from './timers.js';
import { unsupportedLocation, uploadFile } from './transfers.js';
import type { StationEvents, StationIdentity } from './types.js';

export const UPLOAD_DEFAULTS = { attempts: 3, retryIntervalS: 60 } as const;

export type LogType = 'DiagnosticsLog' | 'SecurityLog';

/** What log uploads need of their station; the station itself provides it (no object or closure of its own). */
export interface LogHost {
  readonly id: string;
  readonly protocol: OcppProtocol;
  readonly clock: Clock;
  readonly timers: TimerGroup;
  readonly transport: OcppTransport;
  readonly identity: StationIdentity;
  slots(): readonly Slot[];
}

export interface LogRequest {
  location: string;
  logType: LogType;
  /** 2.0.1 GetLog requestId, echoed in every LogStatusNotification. */
  requestId?: number;
  fromMs?: number;
  toMs?: number;
  retries?: number;
  retryIntervalS?: number;
}

interface Upload {
  readonly request: LogRequest;
  readonly fileName: string;
  readonly abort: AbortController;
  cancelled: boolean;
  sleep?: { cancel(): void };
}

export class LogUploads {
  private readonly journal = new Journal();
  private upload: Upload | undefined;

  constructor(private readonly host: LogHost) {}

  /**
   * Journals one of the station's events; the station calls it for every event it emits, before any listener hears
   * of it (a listener per event and station would cost six closures per station).
   */
  observe<E extends keyof StationEvents>(event: E, args: StationEvents[E]): void {
    switch (event) {
      case 'booted':
        return this.record(`boot ${(args as StationEvents['booted'])[0]}`, true);
      case 'connected':
        return this.record('connected', true);
      case 'disconnected': {
        const [code, reason] = args as StationEvents['disconnected'];
        return this.record(`disconnected ${code}${reason ? ` ${reason}` : ''}`, true);
      }
      case 'command':
        return this.record(`received ${(args as StationEvents['command'])[0]}`, false);
      case 'status': {
        const [id, status, errorCode] = args as StationEvents['status'];
        return this.record(`connector ${id} ${status} ${errorCode}`, false);
      }
      case 'session': {
        const [id, result] = args as StationEvents['session'];
        return this.record(`session on connector ${id} ${result.ok ? `ended, ${result.energyWh} Wh` : `failed: ${result.reason}`}`, false, false);
      }
    }
  }

  /** Journals an outgoing call; the station calls it for every call, before anyone else hears of it. */
  noteCall(outcome: CallOutcome): void {
    this.journal.call(this.host.clock.now(), outcome);
  }

  /**
   * Starts an upload after the answer has gone out and returns its file name; one still running is
   * cancelled for it (`replaced`, 2.0.1 AcceptedCanceled).
   */
  start(request: LogRequest): { fileName: string; replaced: boolean } {
    const previous = this.upload;
    if (previous) this.cancel(previous);
    const stamp = isoTime(this.host.clock.now()).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const kind = request.logType === 'SecurityLog' ? 'security' : 'diagnostics';
    const fileName = `${kind}-${this.host.id}-${stamp}.json`;
    const upload: Upload = { request, fileName, abort: new AbortController(), cancelled: false };
    this.upload = upload;
    setImmediate(() => {
      this.run(upload).catch(() => {});
    });
    return { fileName, replaced: previous !== undefined };
  }

  /** TriggerMessage DiagnosticsStatusNotification / LogStatusNotification: Uploading while one runs, else Idle. */
  triggerStatus(): void {
    const upload = this.upload;
    const payload: JsonObject = { status: upload ? 'Uploading' : 'Idle' };
    if (upload?.request.requestId !== undefined) payload.requestId = upload.request.requestId;
    setImmediate(() => {
      this.host.transport.call(this.action(), payload).catch(() => {});
    });
  }

  stop(): void {
    if (this.upload) this.cancel(this.upload);
    this.upload = undefined;
  }

  /** The file content: station identity, connector states and the journal entries in the requested window. */
  render(request: LogRequest): string {
    const { host } = this;
    const entries = this.journal
      .entries()
      .filter((e) => (request.fromMs === undefined || e.atMs >= request.fromMs) && (request.toMs === undefined || e.atMs <= request.toMs))
      .filter((e) => request.logType !== 'SecurityLog' || e.security)
      .map((e) => `${isoTime(e.atMs)} ${e.text}`);
    const { identity } = host;
    return JSON.stringify(
      {
        stationId: host.id,
        protocol: host.protocol,
        logType: request.logType,
        generatedAt: isoTime(host.clock.now()),
        vendor: identity.vendor,
        model: identity.model,
        serialNumber: identity.serialNumber,
        firmwareVersion: identity.firmwareVersion,
        connectors: host.slots().map(({ connector: c }) => ({ connectorId: c.id, status: c.status, errorCode: c.errorCode })),
        entries,
      },
      null,
      2,
    );
  }

  private async run(upload: Upload): Promise<void> {
    try {
      const ok = await this.transfer(upload);
      if (!upload.cancelled) this.notify(upload, ok ? 'Uploaded' : this.failedStatus());
    } finally {
      if (this.upload === upload) this.upload = undefined;
    }
  }

  private async transfer(upload: Upload): Promise<boolean> {
    const { request } = upload;
    // A scheme the station cannot speak fails before any upload starts.
    if (unsupportedLocation(request.location)) return false;
    this.notify(upload, 'Uploading');
    const attempts = Math.max(1, request.retries ?? UPLOAD_DEFAULTS.attempts);
    const intervalS = request.retryIntervalS ?? UPLOAD_DEFAULTS.retryIntervalS;
    for (let attempt = 1; ; attempt++) {
      const result = await uploadFile(request.location, upload.fileName, this.render(request), upload.abort.signal);
      if (upload.cancelled) return false;
      if (result.ok) return true;
      if (attempt >= attempts) return false;
      const sleep = this.host.timers.sleep(intervalS * 1_000);
      upload.sleep = sleep;
      try {
        await sleep;
      } catch {
        return false;
      }
      if (upload.cancelled) return false;
    }
  }

  private notify(upload: Upload, status: string): void {
    const payload: JsonObject = { status };
    if (upload.request.requestId !== undefined) payload.requestId = upload.request.requestId;
    this.host.transport.call(this.action(), payload, { durable: true }).catch(() => {});
  }

  private action(): string {
    return this.host.protocol === 'ocpp1.6' ? 'DiagnosticsStatusNotification' : 'LogStatusNotification';
  }

  private failedStatus(): string {
    return this.host.protocol === 'ocpp1.6' ? 'UploadFailed' : 'UploadFailure';
  }

  /** `recurring` unless the text is the station's own (a session's energy): see Journal.note. */
  private record(text: string, security: boolean, recurring = true): void {
    this.journal.note(this.host.clock.now(), text, security, recurring);
  }

  private cancel(upload: Upload): void {
    upload.cancelled = true;
    upload.abort.abort();
    upload.sleep?.cancel();
  }
}
