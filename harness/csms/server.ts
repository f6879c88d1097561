/**
 * The bundled reference CSMS: one node:http server carrying the OCPP WebSocket endpoint
 * (`/ocpp/<stationId>`, ocpp-rpc in strict mode for ocpp1.6 and ocpp2.0.1) and the HTTP API.
 *
 *   const csms = await Csms.start({ clock, heartbeatIntervalS: 60 });
 *   csms.on('status', (e) => ...);
 *   await csms.sendCommand('S1-CP1', 'Reset', { type: 'Soft' });
 *   await csms.close();
 *
 * A part run inside it (the operations desk) comes in through `addOn` (add-on.ts); the CSMS does not
 * know what it is. harness/reference-csms.ts starts the CSMS with its desk.
 */
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { RPCServer } from 'ocpp-rpc';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { CsmsAddOn, CsmsAddOnHost } from './add-on.js';
import { unknownStation } from './command-errors.js';
import { sendCommand } from './commands.js';
import { attachConnection } from './connection.js';
import type { StationConnection } from './connection.js';
import type { CsmsEvent, CsmsEventOf, CsmsEventType } from './events.js';
import { EventBus } from './events-bus.js';
import type { Unsubscribe } from './events-bus.js';
import { defaultConsoleDir, withConsole } from './console-static.js';
import { createHttpApi } from './http-api.js';
import { resolveOptions } from './options.js';
import type { CsmsOptions, ResolvedOptions } from './options.js';
import type { RpcHandshake, RpcServerClient } from './rpc-types.js';
import type { CsmsServices } from './services.js';
import type { StationSession } from './session.js';
import { SiteIndex } from './site-index.js';
import { checkHandshake } from './security/handshake.js';
import { SecurityEventLog } from './security/event-log.js';
import { createListener } from './security/listener.js';
import { createSseStreams } from './sse.js';
import type { SseStreams } from './sse.js';
import { stationView } from './station-view.js';
import type { StationView } from './station-view.js';
import type { StationRow } from './store-schema.js';
import { Store } from './store.js';
import { StrictChecker } from './strict/checker.js';
import { violationRoutes } from './strict/http-routes.js';
import { Transactions } from './transactions.js';
import { OCPP_PATH, isStationPath, refuseUpgrade } from './upgrade.js';

export type { CsmsOptions } from './options.js';

/** Newest first: a station offering both gets 2.0.1. */
const SERVED_PROTOCOLS: readonly OcppProtocol[] = ['ocpp2.0.1', 'ocpp1.6'];
/** How long close() waits for a station to answer the close handshake. */
const CLOSE_GRACE_MS = 2_000;
const REPLACED = 'replaced by a new connection';

type Auth = Parameters<RPCServer['auth']>[0];

export class Csms {
  private readonly bus: EventBus;
  private readonly rpc: RPCServer;
  private readonly http: Server;
  private readonly sse: SseStreams;
  private readonly rows = new Map<string, StationRow>();
  private readonly connections = new Map<string, StationConnection>();
  /** Connections superseded by a newer one of the same station; their disconnect was already reported. */
  private readonly replaced = new WeakSet<StationConnection>();
  private readonly services: CsmsServices;
  private readonly sites = new SiteIndex();
  /** What `options.addOn` built (the operations desk), if anything. */
  private readonly addOn: CsmsAddOn | undefined;
  /** Refused handshakes, failed TLS handshakes and stations' SecurityEventNotifications. */
  readonly securityEvents: SecurityEventLog;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly options: ResolvedOptions,
    readonly store: Store,
  ) {
    const { logger } = options;
    this.bus = new EventBus(options.clock, (err, event) => logger.error({ err, type: event.type }, 'event subscriber threw'));
    const core = { options, bus: this.bus, store, transactions: new Transactions(store, options.transactionIdSpace) };
    this.services = { ...core, strict: new StrictChecker(core) };
    for (const row of store.stations()) {
      // Whatever was connected when the last run ended is not connected now.
      row.connected = false;
      this.rows.set(row.id, row);
      this.sites.add(row.id, row.siteId);
      store.saveStation(row);
    }
    this.addOn = options.addOn?.(this.addOnHost());
    this.rpc = new RPCServer({
      protocols: [...SERVED_PROTOCOLS],
      strictMode: true,
      pingIntervalMs: options.pingIntervalMs,
      callTimeoutMs: options.commandTimeoutMs,
      maxBadMessages: options.maxBadMessages,
      // ws closes the socket with 1009 on a bigger message; compression is not worth it for small frames.
      wssOptions: { maxPayload: options.maxPayloadBytes, perMessageDeflate: false },
    });
    this.rpc.auth(this.authorizeHandshake);
    this.rpc.on('client', (client: RpcServerClient) => this.onClient(client));
    this.rpc.on('error', (err: unknown) => logger.error({ err }, 'websocket server error'));
    this.sse = createSseStreams(this.bus, options.sseKeepAliveMs);
    this.securityEvents = new SecurityEventLog(this.bus);
    const onHttpError = (err: unknown) => logger.error({ err }, 'HTTP handler failed');
    this.http = createListener(
      options.security,
      this.bus,
      withConsole(gated(this.addOn?.gate, createHttpApi(
        {
          stations: () => this.stations(),
          station: (id) => this.station(id),
          messagesFor: (id, limit) => store.messagesFor(id, { limit }),
          sendCommand: (id, action, payload) => this.sendCommand(id, action, payload),
          health: () => this.health(),
          sse: this.sse,
        },
        onHttpError,
        [...(this.addOn?.routes ?? []), ...violationRoutes({ store, isKnown: (id) => this.rows.has(id) }), ...this.securityEvents.routes()],
      )), defaultConsoleDir(), onHttpError),
    );
    this.http.on('upgrade', (req, socket, head: Buffer) => {
      if (!isStationPath(req.url)) return refuseUpgrade(socket, 404);
      void this.rpc.handleUpgrade(req, socket as Socket, head);
    });
  }

  /** HTTP base, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return `${this.options.security.tls ? 'https' : 'http'}://${this.hostPort}`;
  }

  /** OCPP endpoint base; a station connects to `${ocppUrl}/${stationId}`. */
  get ocppUrl(): string {
    return `${this.options.security.tls ? 'wss' : 'ws'}://${this.hostPort}${OCPP_PATH}`;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  private get hostPort(): string {
    const { address, port } = this.http.address() as AddressInfo;
    return `${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  private listen(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
  }

  static async start(options: CsmsOptions = {}): Promise<Csms> {
    // Throws on a bad option before anything is opened.
    const resolved = resolveOptions(options);
    const store = new Store({ dbPath: resolved.dbPath, flushIntervalMs: resolved.storeFlushIntervalMs });
    let csms: Csms | undefined;
    try {
      csms = new Csms(resolved, store);
      await csms.listen();
    } catch (error) {
      csms?.addOn?.stop();
      store.close();
      throw error;
    }
    resolved.logger.info({ url: csms.url }, 'CSMS listening');
    return csms;
  }

  on<T extends CsmsEventType>(type: T, fn: (event: CsmsEventOf<T>) => void): Unsubscribe {
    return this.bus.on(type, fn);
  }

  onAny(fn: (event: CsmsEvent) => void): Unsubscribe {
    return this.bus.onAny(fn);
  }

  /** Resolves with the next event of `type` matching `predicate`. */
  once<T extends CsmsEventType>(type: T, predicate?: (event: CsmsEventOf<T>) => boolean): Promise<CsmsEventOf<T>> {
    return this.bus.once(type, predicate);
  }

  /**
   * Sends a command to a station by its version's action name and resolves with its answer.
   * Rejects with a `CommandError` (unknown station, not connected, unsupported action, schema
   * violation, timeout, station CALLERROR, invalid answer); either way a `command` event is emitted
   * for commands that were sent.
   */
  sendCommand(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.rows.has(stationId)) return Promise.reject(unknownStation(stationId));
    return sendCommand(this.bus, stationId, this.connections.get(stationId), action, payload, this.options.commandTimeoutMs);
  }

  isConnected(stationId: string): boolean {
    return this.connections.has(stationId);
  }

  stations(): StationView[] {
    const connectors = this.store.allConnectors();
    return [...this.rows.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((row) => stationView(row, connectors.get(row.id) ?? []));
  }

  station(stationId: string): StationView | undefined {
    const row = this.rows.get(stationId);
    return row && stationView(row, this.store.connectors(stationId));
  }

  /**
   * Serves a connection another process accepted (the primary of `chargedrill csms --workers`) and read the
   * request head of: the head is replayed into this CSMS's HTTP server, as if read from the socket here.
   */
  adoptConnection(socket: Socket, head: Buffer): void {
    this.http.emit('connection', socket);
    socket.emit('data', head);
    socket.resume();
  }

  /** Writes buffered rows to SQLite now (tests call this before querying `store`). */
  flush(): void {
    this.store.flush();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private addOnHost(): CsmsAddOnHost {
    const { options, store } = this;
    return {
      clock: options.clock,
      heartbeatIntervalS: options.heartbeatIntervalS,
      logger: options.logger,
      siteOf: options.siteOf,
      stationsOfSite: (siteId) => this.sites.stationsOf(siteId),
      sendCommand: (stationId, action, payload) => this.sendCommand(stationId, action, payload),
      isConnected: (stationId) => this.connections.has(stationId),
      protocolOf: (stationId) => this.rows.get(stationId)?.protocol,
      messageLog: (stationId, limit) => store.messagesFor(stationId, { limit }),
      db: store.database,
      publish: (input) => this.bus.emit(input),
      onAny: (fn) => this.bus.onAny(fn),
    };
  }

  private health(): Record<string, unknown> {
    const { profile } = this.options.security;
    return { status: 'ok', stations: this.rows.size, connected: this.connections.size, now: this.options.clock.now(), timeScale: this.options.clock.timeScale, securityProfile: profile };
  }

  private readonly authorizeHandshake: Auth = (accept, reject, handshake) => {
    const { identity, remoteAddress = '' } = handshake as RpcHandshake;
    const refuse = (status: number, reason: string, securityKind?: string): void => {
      this.bus.emit({ type: 'connect-refused', stationId: identity, reason });
      if (securityKind) this.bus.emit({ type: 'security-event', stationId: identity, source: 'csms', kind: securityKind, reason, status, remoteAddress });
      reject(status, reason);
    };
    if (this.closing) return refuse(503, 'CSMS is shutting down');
    if (this.options.allowList && !this.options.allowList.has(identity)) {
      return refuse(401, `station ${identity} is not on the allow list`, 'FailedToAuthenticateAtCsms');
    }
    const protocol = SERVED_PROTOCOLS.find((p) => handshake.protocols.has(p));
    if (!protocol) return refuse(400, `no supported subprotocol offered (${SERVED_PROTOCOLS.join(', ')})`);
    const { password, headers, request } = handshake as RpcHandshake;
    const authorization = headers.authorization;
    const refusal = checkHandshake(this.options.security, {
      identity,
      protocol,
      password,
      authorizationHeader: typeof authorization === 'string' ? authorization : undefined,
      socket: request.socket,
    });
    if (refusal) return refuse(refusal.status, refusal.reason, refusal.kind);
    accept({}, protocol);
  };

  private onClient(client: RpcServerClient): void {
    const id = client.identity;
    const protocol = client.protocol as OcppProtocol;
    const { clock, siteOf, logger } = this.options;
    let row = this.rows.get(id);
    if (!row) {
      row = { id, siteId: siteOf(id), protocol, vendor: null, model: null, firmware: null, connected: true, lastSeenAt: null, bootStatus: null };
      this.rows.set(id, row);
    }
    row.siteId = siteOf(id);
    this.sites.add(id, row.siteId);
    row.protocol = protocol;
    row.connected = true;
    row.lastSeenAt = clock.now();
    this.store.saveStation(row);

    const previous = this.connections.get(id);
    if (previous) {
      // A station reconnecting while its old socket is still half-open: the new connection wins. The
      // old one's disconnect is reported now, so consumers see disconnect → connect in that order.
      this.replaced.add(previous);
      this.bus.emit({ type: 'disconnect', stationId: id, code: 1000, reason: REPLACED });
      void previous.client.close({ code: 1000, reason: REPLACED });
    }
    const session: StationSession = { id, siteId: row.siteId, protocol, row, bootStatus: undefined };
    const connection = attachConnection(client, session, this.services);
    this.connections.set(id, connection);
    this.bus.emit({ type: 'connect', stationId: id, protocol, remoteAddress: client.handshake.remoteAddress ?? '' });
    if (logger.isLevelEnabled('debug')) logger.debug({ stationId: id, protocol }, 'station connected');

    client.on('disconnect', ({ code, reason }: { code: number; reason: unknown }) => {
      if (this.replaced.delete(connection)) return;
      this.bus.emit({ type: 'disconnect', stationId: id, code, reason: String(reason ?? '') });
      if (this.connections.get(id) !== connection) return;
      this.connections.delete(id);
      row.connected = false;
      this.store.saveStation(row);
    });
  }

  private async shutdown(): Promise<void> {
    // First: the desk must not read stations dropping as an outage, and writes its tables while the db is open.
    this.addOn?.stop();
    this.securityEvents.stop();
    this.sse.closeAll();
    await Promise.all(
      [...this.connections.values()].map((c) =>
        Promise.race([
          c.client.close({ code: 1001, reason: 'CSMS shutting down' }),
          new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
        ]),
      ),
    );
    await this.rpc.close({ code: 1001, force: true });
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    for (const row of this.rows.values()) {
      if (!row.connected) continue;
      row.connected = false;
      this.store.saveStation(row);
    }
    this.store.close();
  }
}

/** The add-on's gate (an access token) in front of the API: a request it refused goes no further. */
function gated(gate: CsmsAddOn['gate'], handler: RequestListener): RequestListener {
  return gate === undefined ? handler : (req, res) => void (gate(req, res) && handler(req, res));
}
