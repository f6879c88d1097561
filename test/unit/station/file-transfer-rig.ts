/**
 * The real bundled CSMS, one real VirtualStation over a socket, and a tiny HTTP file server on
 * 127.0.0.1:0 that serves firmware images (GET) and receives uploaded logs (PUT).
 * Waits are bounded by a simulated duration converted to real time, plus slack for a loaded machine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CsmsEventOf } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { ScaledClock } from '../../../simulator/clock.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { VirtualStation } from '../../../simulator/station/station.js';
import type { StationConfig } from '../../../simulator/station/types.js';

/** 100 simulated ms per real ms: the default 60 s install takes 0.6 real s. */
export const TIME_SCALE = 100;
export const SLACK_REAL_MS = 5_000;
export const STATION_ID = 'S1-CP1';

export interface Upload {
  path: string;
  body: string;
  contentDisposition: string | undefined;
}

export class FileServer {
  /** Path → body served with 200; any other path answers 404. */
  readonly files = new Map<string, string | Buffer>();
  readonly uploads: Upload[] = [];
  /** Every request in order, with the simulated time it arrived. */
  readonly requests: { method: string; path: string; atMs: number }[] = [];

  private constructor(private readonly server: Server) {}

  /** PUTs under /refuse/ answer 403; everything else PUT is stored. */
  static async start(clock: ScaledClock): Promise<FileServer> {
    const server = createServer();
    const self = new FileServer(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? '/';
      self.requests.push({ method: req.method ?? '', path, atMs: clock.now() });
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method === 'PUT' && path.startsWith('/refuse/')) {
          res.writeHead(403).end();
        } else if (req.method === 'PUT') {
          self.uploads.push({ path, body: Buffer.concat(chunks).toString('utf8'), contentDisposition: req.headers['content-disposition'] });
          res.writeHead(201).end();
        } else {
          const body = self.files.get(path);
          if (body === undefined) res.writeHead(404).end('not found');
          else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

type Frame = CsmsEventOf<'frame'>;

export class TransferRig {
  readonly frames: Frame[] = [];
  readonly boots: CsmsEventOf<'boot'>[] = [];
  station!: VirtualStation;

  private constructor(
    readonly csms: Csms,
    readonly files: FileServer,
    readonly clock: ScaledClock,
  ) {
    csms.on('frame', (e) => this.frames.push(e));
    csms.on('boot', (e) => this.boots.push(e));
  }

  static async start(protocol: OcppProtocol, config: Partial<StationConfig> = {}): Promise<TransferRig> {
    const clock = new ScaledClock({ timeScale: TIME_SCALE, startEpochMs: Date.UTC(2030, 0, 1) });
    const csms = await Csms.start({ clock, heartbeatIntervalS: 600 });
    const rig = new TransferRig(csms, await FileServer.start(clock), clock);
    rig.station = new VirtualStation({
      id: STATION_ID,
      siteId: 'S1',
      protocol,
      csmsUrl: csms.ocppUrl,
      clock,
      seed: 7,
      transport: { reconnectBaseMs: 50, reconnectMaxMs: 200 },
      ...config,
    });
    await rig.station.start();
    await rig.waitFor(() => rig.boots.length > 0 && rig.station.registration === 'Accepted', 10_000, 'the first boot');
    return rig;
  }

  /** Payloads of the CALLs the station sent with `action`, in the order the CSMS received them. */
  received(action: string): Record<string, unknown>[] {
    return this.frames
      .filter((f) => f.stationId === STATION_ID && f.direction === 'in' && f.messageType === 2 && f.action === action)
      .map((f) => f.payload as Record<string, unknown>);
  }

  /** `status` of every FirmwareStatusNotification / DiagnosticsStatusNotification / LogStatusNotification received. */
  statuses(action: string): string[] {
    return this.received(action).map((p) => String(p.status));
  }

  /** The actions the station sent, in order, from frame index `from`. */
  actionsSince(from: number): string[] {
    return this.frames
      .slice(from)
      .filter((f) => f.direction === 'in' && f.messageType === 2)
      .map((f) => (f.action === 'FirmwareStatusNotification' ? `Firmware:${String((f.payload as { status: string }).status)}` : (f.action ?? '')));
  }

  /** Polls `condition` until it holds, for at most `withinSimMs` simulated ms (+ slack). */
  async waitFor(condition: () => boolean, withinSimMs: number, what: string): Promise<void> {
    const deadline = performance.now() + this.clock.toRealMs(withinSimMs) + SLACK_REAL_MS;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`no ${what} within ${withinSimMs} simulated ms (+${SLACK_REAL_MS} real ms)`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    await this.station.stop();
    await this.csms.close();
    await this.files.close();
  }
}
