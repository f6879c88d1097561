/**
 * Firmware updates (1.6 UpdateFirmware, 2.0.1 UpdateFirmware): wait for the retrieve time, download the
 * image for real over HTTP(S), verify it, install it and reboot into the new version, reporting every
 * step with FirmwareStatusNotification (docs/domain.md §2).
 *
 * A firmware image this station installs is any file whose first line is `chargedrill-firmware <version>`;
 * the version (printable ASCII, at most 50 characters, as BootNotification allows) becomes the station's
 * firmwareVersion. Any other content downloads fine and then fails to install (InstallationFailed).
 *
 * Per 1.6 §5.19 and 2.0.1 L01 a station SHOULD wait until running transactions have ended before it
 * installs; that is the default. With `installWhileCharging` it installs at once and the reboot stops
 * them with reason Reboot. 2.0.1 sends InstallRebooting before the reboot; both versions send Installed
 * after the new BootNotification was accepted (the notification waits in the offline queue).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { FirmwareStatusEnumType } from '../protocol/generated/ocpp201.js';
import type { JsonObject } from '../protocol/frames.js';
import type { OcppProtocol } from '../protocol/versions.js';
import type { OcppTransport } from '../transport/types.js';
import type { TimerGroup } from './timers.js';
import { downloadFile, unsupportedLocation } from './transfers.js';
import type { FirmwareOptions, StationIdentity } from './types.js';

/** 2.0.1 statuses (a superset of 1.6's); the 1.6 station only uses the 1.6 ones. */
export type FirmwareStatus = FirmwareStatusEnumType;

export const FIRMWARE_DEFAULTS = {
  /** Simulated seconds the download takes besides the real transfer. */
  downloadS: 30,
  /** Simulated seconds the installation takes before the reboot. */
  installS: 60,
  /** Download attempts when the request gives no `retries`. */
  attempts: 3,
  /** Simulated seconds between attempts when the request gives no `retryInterval`. */
  retryIntervalS: 60,
  /** How often a station waiting for transactions to end checks again, simulated seconds. */
  idlePollS: 10,
};

/** The first line of an installable image starts with this, followed by the new version. */
export const FIRMWARE_HEADER = 'chargedrill-firmware ';

export interface FirmwareHost {
  readonly protocol: OcppProtocol;
  readonly clock: Clock;
  readonly timers: TimerGroup;
  readonly transport: OcppTransport;
  /** Mutated on install: the next BootNotification carries the new firmwareVersion. */
  readonly identity: StationIdentity;
  readonly options: FirmwareOptions;
  hasTransactions(): boolean;
  /** Stops running transactions (Reboot), drops the socket and boots again (2.0.1 reason FirmwareUpdate). */
  rebootForFirmware(): void;
}

export interface FirmwareRequest {
  location: string;
  retrieveAtMs: number;
  /** 2.0.1 installDateTime. */
  installAtMs?: number;
  retries?: number;
  retryIntervalS?: number;
  /** 2.0.1: echoed in every FirmwareStatusNotification of this update. */
  requestId?: number;
  /** 2.0.1 secure update: PEM certificate or public key, and the base64 signature over the image. */
  signingCertificate?: string;
  signature?: string;
}

/** How the station answers a new request: AcceptedCanceled replaced one in progress; Rejected: installing already. */
export type FirmwareStartResult = 'Accepted' | 'AcceptedCanceled' | 'Rejected';

class Cancelled extends Error {}

interface Job {
  readonly request: FirmwareRequest;
  readonly abort: AbortController;
  cancelled: boolean;
  installing: boolean;
  status?: FirmwareStatus;
  sleep?: { cancel(): void };
}

export class FirmwareUpdates {
  private job: Job | undefined;

  constructor(private readonly host: FirmwareHost) {}

  /** Starts an update after the answer has gone out; an update not yet installing is cancelled for it. */
  start(request: FirmwareRequest): FirmwareStartResult {
    const previous = this.job;
    if (previous?.installing) return 'Rejected';
    if (previous) this.cancel(previous);
    const job: Job = { request, abort: new AbortController(), cancelled: false, installing: false };
    this.job = job;
    // setImmediate: the CALLRESULT goes out first (it is sent in the microtasks after the handler returns).
    setImmediate(() => {
      this.run(job).catch(() => {});
    });
    return previous ? 'AcceptedCanceled' : 'Accepted';
  }

  /** TriggerMessage FirmwareStatusNotification: the current step, or Idle when no update is in progress. */
  triggerStatus(): void {
    const job = this.job;
    const payload: JsonObject = { status: job?.status ?? 'Idle' };
    if (job?.status && job.request.requestId !== undefined) payload.requestId = job.request.requestId;
    setImmediate(() => {
      this.host.transport.call('FirmwareStatusNotification', payload).catch(() => {});
    });
  }

  /** The station stops for good: abandon the update and any transfer in flight. */
  stop(): void {
    if (this.job) this.cancel(this.job);
    this.job = undefined;
  }

  private async run(job: Job): Promise<void> {
    try {
      await this.update(job);
    } catch (error) {
      if (!(error instanceof Cancelled)) throw error;
    } finally {
      if (this.job === job) this.job = undefined;
    }
  }

  private async update(job: Job): Promise<void> {
    const { request } = job;
    const { host } = this;
    const options = { ...FIRMWARE_DEFAULTS, ...host.options };
    const waitForRetrieveMs = request.retrieveAtMs - host.clock.now();
    if (host.protocol === 'ocpp2.0.1' && waitForRetrieveMs > 0) void this.notify(job, 'DownloadScheduled');
    await this.wait(job, waitForRetrieveMs);

    const image = await this.download(job, options);
    if (!image) return this.fail(job, 'DownloadFailed');
    await this.wait(job, options.downloadS * 1_000);
    void this.notify(job, 'Downloaded');

    if (host.protocol === 'ocpp2.0.1' && request.signature !== undefined) {
      if (!signatureValid(image, request.signingCertificate, request.signature)) return this.fail(job, 'InvalidSignature');
      void this.notify(job, 'SignatureVerified');
    }
    if (request.installAtMs !== undefined && request.installAtMs > host.clock.now()) {
      if (host.protocol === 'ocpp2.0.1') void this.notify(job, 'InstallScheduled');
      await this.wait(job, request.installAtMs - host.clock.now());
    }
    if (!options.installWhileCharging) {
      while (host.hasTransactions()) await this.wait(job, options.idlePollS * 1_000);
    }

    job.installing = true;
    void this.notify(job, 'Installing');
    await this.wait(job, options.installS * 1_000);
    const version = firmwareVersionOf(image);
    if (version === undefined) return this.fail(job, 'InstallationFailed');
    // Answered before the reboot drops the socket; otherwise the offline queue would send it a second time.
    if (host.protocol === 'ocpp2.0.1') await this.notify(job, 'InstallRebooting');
    this.check(job);
    host.identity.firmwareVersion = version;
    this.job = undefined;
    host.rebootForFirmware();
    // Durable: it waits offline and goes out once the new boot has been accepted.
    void this.notify(job, 'Installed');
  }

  /** Up to `attempts` GETs spaced by the retry interval; an unsupported scheme fails at once. */
  private async download(job: Job, options: typeof FIRMWARE_DEFAULTS): Promise<Buffer | undefined> {
    const { request } = job;
    void this.notify(job, 'Downloading');
    const attempts = Math.max(1, request.retries ?? options.attempts);
    const intervalS = request.retryIntervalS ?? options.retryIntervalS;
    for (let attempt = 1; ; attempt++) {
      const result = await downloadFile(request.location, job.abort.signal);
      this.check(job);
      if (result.ok) return result.value;
      if (attempt >= attempts || unsupportedLocation(request.location)) return undefined;
      await this.wait(job, intervalS * 1_000);
    }
  }

  /** A failed update is over the moment it fails: a TriggerMessage from then on finds the station Idle. */
  private fail(job: Job, status: FirmwareStatus): Promise<void> {
    if (this.job === job) this.job = undefined;
    return this.notify(job, status);
  }

  /** Sends at once (durable: queued while offline); the promise settles with the answer and never rejects. */
  private notify(job: Job, status: FirmwareStatus): Promise<void> {
    job.status = status;
    const payload: JsonObject = { status };
    if (job.request.requestId !== undefined) payload.requestId = job.request.requestId;
    return this.host.transport.call('FirmwareStatusNotification', payload, { durable: true }).then(
      () => {},
      () => {},
    );
  }

  /** Sleeps simulated `ms`; throws Cancelled when the update was cancelled meanwhile. */
  private async wait(job: Job, ms: number): Promise<void> {
    this.check(job);
    const sleep = this.host.timers.sleep(Math.max(0, ms));
    job.sleep = sleep;
    try {
      await sleep;
    } catch {
      // The station stopped (its timers were cancelled).
      throw new Cancelled();
    }
    job.sleep = undefined;
    this.check(job);
  }

  private check(job: Job): void {
    if (job.cancelled) throw new Cancelled();
  }

  private cancel(job: Job): void {
    job.cancelled = true;
    job.abort.abort();
    job.sleep?.cancel();
  }
}

/** The version an image installs, or undefined when it is no image this station accepts. */
export function firmwareVersionOf(image: Buffer): string | undefined {
  const firstLine = image.subarray(0, 256).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.startsWith(FIRMWARE_HEADER)) return undefined;
  const version = firstLine.slice(FIRMWARE_HEADER.length).trim();
  return /^[\x21-\x7e]{1,50}$/.test(version) ? version : undefined;
}

/** Verifies `signature` (base64) over the image with the key of `certificate` (PEM certificate or public key). */
export function signatureValid(image: Buffer, certificate: string | undefined, signature: string): boolean {
  if (certificate === undefined) return false;
  try {
    const key = createPublicKey(certificate);
    // EdDSA keys fix their own hash; RSA and ECDSA firmware signatures use SHA-256.
    const algorithm = key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
    return verify(algorithm, image, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
