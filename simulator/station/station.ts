/**
 * One virtual charge point: owns its connectors, meters, configuration and connection, and wires the
 * parts together: `Registration` (boot, heartbeat), `SessionRunner` (sessions, transactions),
 * `StationOperations` (what CSMS commands do) and a version dialect (how it is said on the wire).
 *
 * Reconnect vs reboot: after a plain reconnect the station does not boot again (OCPP sends
 * BootNotification only after a (re)boot); it replays its offline queue and re-sends the status of
 * every connector. A reset or power cycle reboots: it forgets its registration and boots on the next
 * connection.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../clock.js';
import type { JsonObject } from '../protocol/frames.js';
import { tokenProblem } from '../protocol/id-tokens.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { deriveSeed, SeededRandom } from '../random.js';
import { createTransport } from '../transport/ws-client.js';
import type { CallHandler, CallOutcome, ConnectFailure, ConnectionObserver, OcppTransport } from '../transport/types.js';
import { LocalAuthorization } from './authorization.js';
import { resolveBehaviour, type BehaviourProfile } from './behaviour.js';
import { commandTable, type StationCommand } from './command-table.js';
import { ConfigStore } from './config-store.js';
import { isTransitionAllowed } from './connector.js';
import type { ChargePointStatus } from '../vocabulary/connector-status.js';
import { stoppedReasonOfFault, type ChargePointErrorCode } from '../vocabulary/error-codes.js';
import type { RegistrationStatus, ResetKind } from './control.js';
import { STATION_DEFAULTS } from './defaults.js';
import { FeatureProfiles } from './feature-profiles.js';
import type { BootReason, FaultComponent, StationDialect } from './dialect.js';
import { DriverActions } from './driver.js';
import { identityOf } from './identity.js';
import { FirmwareUpdates } from './firmware.js';
import { LogUploads } from './log-upload.js';
import { Ocpp16Dialect } from './ocpp16.js';
import { Ocpp201Dialect } from './ocpp201.js';
import { StationOperations } from './operations.js';
import { Registration } from './registration.js';
import { Reservations } from './reservations.js';
import { reportCsmsCertificateFailures } from './security-events.js';
import { SessionRunner } from './sessions.js';
import { createSlots, initialSettings, LazyParts, seedFromId, settledWithin } from './station-setup.js';
import { withFastListenerTable } from '../listener-table.js';
import { SmartCharging } from './smart-charging/engine.js';
import type { Slot } from './slot.js';
import type { StationCore } from './station-core.js';
import { TimerGroup } from './timers.js';
import type { StationStopReason } from './transaction.js';
import type {
  ConnectorState,
  SessionPlan,
  SessionResult,
  StationBehaviour,
  StationConfig,
  StationEvents,
  StationIdentity,
  StationOptions,
} from './types.js';

/** The station a transport belongs to, set on the transport so its listeners can be shared functions. */
const STATION = Symbol('station');
type OwnedTransport = OcppTransport & { [STATION]: VirtualStation };

export class VirtualStation extends EventEmitter<StationEvents> implements StationCore {
  readonly id: string;
  readonly protocol: OcppProtocol;
  private identitySource: number | StationIdentity; // see identityOf
  readonly clock: Clock;
  readonly transport: OcppTransport;
  readonly dialect: StationDialect;
  readonly config: ConfigStore;
  readonly featureProfiles: FeatureProfiles;
  private readonly randomSource: SeededRandom;
  /** Every call's outcome, called as the station's method before 'callDone': the fleet's metrics (a flood's hot path). */
  callSink: ((this: VirtualStation, outcome: CallOutcome) => void) | undefined;
  /** Fault switches; the fault catalogue flips them. */
  readonly behaviour: StationBehaviour = { heartbeatMuted: false, refuseUnlock: false, stuckInFinishing: false, ignoreCommands: false };
  /** Vendor behaviour profile: where real chargers differ (docs/behaviour-profiles.md). */
  readonly profile: BehaviourProfile;
  private readonly slotList: Slot[];
  private readonly registrationState: Registration;
  /** Parts an idle station never needs, made on first use (see their getters and LazyParts). */
  private lazyParts: LazyParts | undefined;
  private readonly firmwareOptions: StationConfig['firmware'];
  private readonly logUploads: LogUploads;
  /** True from power-up or reset until a boot is accepted: the next connection must boot. */
  private needsBoot = true;
  private bootReason: BootReason = 'PowerUp';
  private stopped = false;

  constructor(config: StationConfig, options: StationOptions = {}) {
    super();
    withFastListenerTable(this);
    this.id = config.id;
    this.protocol = config.protocol;
    this.clock = config.clock;
    this.profile = resolveBehaviour(config.behaviour, `station ${config.id} behaviour`);
    const seed = config.seed ?? seedFromId(config.id);
    this.identitySource = config.identity ?? seed;
    this.randomSource = new SeededRandom(deriveSeed(seed, 1));
    const connectors = config.connectors ?? STATION_DEFAULTS.connectors;
    const maxPowerW = config.maxPowerW ?? STATION_DEFAULTS.maxPowerW;
    this.slotList = createSlots(connectors, maxPowerW, this.randomSource);
    this.featureProfiles = FeatureProfiles.of(config.featureProfiles);
    this.config = new ConfigStore(initialSettings(config, connectors, this.featureProfiles, this.profile), { profiles: this.featureProfiles, identity: config.id });
    const url = `${config.csmsUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.id)}`;
    this.transport = (options.createTransport ?? createTransport)({
      ...config.transport,
      url,
      protocol: config.protocol,
      ...(config.transport?.random === undefined && { randomSeed: deriveSeed(seed, 2) }),
    });
    this.dialect = config.protocol === 'ocpp1.6' ? new Ocpp16Dialect(this) : new Ocpp201Dialect(this);
    this.registrationState = new Registration(this, VirtualStation.onAccepted);
    this.firmwareOptions = config.firmware;
    this.logUploads = new LogUploads(this);
    // One shared table of handlers and one bound method per station that looks it up per command: no closure per station.
    const commands = commandTable(this.protocol, this.featureProfiles);
    const dispatch: CallHandler = this.answerCommand.bind(this);
    if (this.transport.handleAll) this.transport.handleAll(commands, dispatch);
    else for (const action of commands.keys()) this.transport.handle(action, dispatch);
    // Shared listeners that find their station on the transport: no closures per station.
    (this.transport as OwnedTransport)[STATION] = this;
    // Told first, as listeners added first are; an event nobody else hears then keeps no entry on the transport.
    if (this.transport.observeConnection) this.transport.observeConnection(VirtualStation.connectionObserver);
    else this.transport.on('open', VirtualStation.onTransportOpen).on('close', VirtualStation.onTransportClose).on('connectFailed', VirtualStation.onTransportConnectFailed);
    this.transport.callObserver = VirtualStation.onTransportCallDone;
    // Only TLS can fail on the CSMS's certificate: a station on ws:// needs no watch for it.
    if (/^wss:/i.test(url)) reportCsmsCertificateFailures(this);
  }

  /** Every event is journaled for log uploads before any listener hears of it. */
  override emit<E extends keyof StationEvents>(event: E, ...args: StationEvents[E]): boolean {
    this.logUploads?.observe(event, args);
    return (super.emit as (event: E, ...rest: StationEvents[E]) => boolean).call(this, event, ...args);
  }

  get identity(): StationIdentity { return identityOf(this.identitySource); }
  random(): number { return this.randomSource.next(); }
  private get parts(): LazyParts { return (this.lazyParts ??= new LazyParts()); }
  get timers(): TimerGroup { return (this.parts.timers ??= new TimerGroup(this.clock)); }
  get smartCharging(): SmartCharging { return (this.parts.smartCharging ??= new SmartCharging(this)); }
  get authorization(): LocalAuthorization { return (this.parts.authorization ??= new LocalAuthorization(this.config, this.clock)); }
  get reservations(): Reservations { return (this.parts.reservations ??= new Reservations(this, (fn) => this.operations.afterReply(fn))); }
  /** A driver's single acts (plug in, stop, unplug) outside a planned session. */
  get driver(): DriverActions { return (this.parts.driver ??= new DriverActions(this, this.sessions)); }
  private get sessions(): SessionRunner { return (this.parts.sessions ??= new SessionRunner(this)); }
  private get operations(): StationOperations {
    this.parts.operations ??= new StationOperations(this.id, this, this.sessions, this.registrationState, { reboot: (kind) => this.rebootFor(kind) }, this, this.logUploads);
    return this.parts.operations;
  }

  /** Firmware updates: made on the first UpdateFirmware or trigger, as most stations never get one. */
  get firmware(): FirmwareUpdates {
    this.parts.firmware ??= new FirmwareUpdates({
      protocol: this.protocol,
      clock: this.clock,
      timers: this.timers,
      transport: this.transport,
      identity: (this.identitySource = this.identity), // an install changes its firmwareVersion: kept from here on
      options: this.firmwareOptions ?? {},
      hasTransactions: () => this.sessions.transactions.length > 0,
      rebootForFirmware: () => this.reboot('Reboot', 'FirmwareUpdate', true),
    });
    return this.parts.firmware;
  }

  /** Accepted, Pending or Rejected as the CSMS last answered; undefined before the first answer and while rebooting. */
  get registration(): RegistrationStatus | undefined { return this.registrationState.status; }

  /** Connects (retrying with backoff) and boots; resolves once connected, not once accepted (see `booted`). */
  async start(): Promise<void> {
    if (this.stopped) throw new Error(`station ${this.id} was stopped; create a new one`);
    await this.transport.connect();
  }

  /** Closes the connection for good and cancels every timer; running sessions end with `station stopped`. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.lazyParts?.firmware?.stop();
    this.logUploads.stop();
    this.registrationState.reset();
    this.lazyParts?.timers?.cancelAll();
    await this.transport.close();
  }

  /**
   * Ends the run cleanly: running transactions stop with reason Local (1.6 and 2.0.1: a regular end at
   * the charger, see docs/behaviour-profiles.md), then it waits up to `graceMs` of real time for the
   * CSMS to answer the stop messages (and the offline queue ahead of them) before closing, so the
   * CSMS is not left with open transactions. `unanswered`: stop messages still without an answer.
   */
  async shutdown(graceMs: number = STATION_DEFAULTS.shutdownGraceMs): Promise<{ ended: number; unanswered: number }> {
    if (this.stopped) return { ended: 0, unanswered: 0 };
    const ended = this.sessions.transactions.length;
    const stopsAnswered = this.sessions.endAll('Local');
    // A link switched off for good (idle) delivers nothing: waiting would only delay the close.
    const mayDeliver = this.transport.state === 'open' || this.transport.state === 'connecting';
    if (mayDeliver) await settledWithin(stopsAnswered, graceMs);
    const unanswered = this.sessions.unansweredStops;
    // The drivers unplug before the station goes: a connector left in Finishing would read as stuck to the
    // CSMS afterwards (a stuck-Finishing fault stays, it is the fault). One call in flight with a FIFO behind
    // it: an answered Heartbeat after the status notifications means they were delivered. The same holds for
    // calls already on their way (a session that ended just before, its Available still unanswered).
    const unplugged = this.sessions.unplugFinished();
    const unsettled = unplugged > 0 || (this.transport.unsettledCount ?? 0) > 0;
    if (unsettled && mayDeliver && this.canSend()) await settledWithin(this.dialect.heartbeat(), graceMs);
    await this.stop();
    return { ended, unanswered };
  }

  /** Runs one charging session (see SessionPlan); resolves when the connector is left (or the session failed). */
  async runSession(plan: SessionPlan): Promise<SessionResult> {
    // A real reader never produces a malformed token; a bad plan is the caller's mistake.
    const problem = tokenProblem(this.protocol, plan.idTag, plan.idTokenType);
    if (problem) throw new RangeError(`session on ${this.id}: ${problem}`);
    const result = await this.sessions.run(plan);
    this.emit('session', plan.connectorId, result);
    return result;
  }

  connectorState(connectorId: number): ConnectorState {
    const { connector, tx } = this.requireSlot(connectorId);
    return {
      status: connector.status,
      errorCode: connector.errorCode,
      ...(connector.info !== undefined && { info: connector.info }),
      ...(connector.vendorErrorCode !== undefined && { vendorErrorCode: connector.vendorErrorCode }),
      ...(tx && { transactionId: tx.csmsId !== undefined ? String(tx.csmsId) : tx.localId }),
    };
  }

  /**
   * The connector reports Faulted with `errorCode`; a running transaction stops (GroundFault etc. in 2.0.1).
   * `source` names the 2.0.1 NotifyEvent component/variable (default Connector.Problem).
   */
  setConnectorFault(
    connectorId: number,
    errorCode: ChargePointErrorCode,
    info?: string,
    vendorErrorCode?: string,
    source?: FaultComponent,
  ): void {
    const slot = this.requireSlot(connectorId);
    if (!slot.connector.fault(errorCode, info, vendorErrorCode)) return;
    this.reservations.onConnectorLost(slot);
    this.emit('status', connectorId, 'Faulted', errorCode);
    if (this.canSend()) {
      this.dialect.statusNotification(slot.connector, slot.tx !== undefined).catch(() => {});
      this.dialect.faultNotification(slot.connector, source).catch(() => {});
    }
    slot.claim = undefined;
    if (slot.tx) this.sessions.end(slot.tx, stoppedReasonOfFault(errorCode));
  }

  /** Ends a fault: the connector returns to Available (or Unavailable when inoperative). */
  clearConnectorFault(connectorId: number): void {
    const slot = this.requireSlot(connectorId);
    if (slot.connector.status === 'Faulted') this.settle(slot);
  }

  /** Power loss and return: transactions stop with PowerLoss, the socket drops, the station boots with PowerUp. */
  powerCycle(): void {
    this.reboot('PowerLoss', 'PowerUp', true);
  }

  /** A firmware crash restarts the station: transactions stop with Reboot, the socket drops, it boots with Watchdog. */
  watchdogReboot(): void {
    this.reboot('Reboot', 'Watchdog', true);
  }

  // --- StationCore ---------------------------------------------------------------------------

  slot(connectorId: number): Slot | undefined {
    return this.slotList[connectorId - 1];
  }

  slots(): readonly Slot[] {
    return this.slotList;
  }

  canSend(): boolean {
    return this.registrationState.status === 'Accepted' && this.transport.state === 'open';
  }

  setStatus(slot: Slot, status: ChargePointStatus): void {
    const from = slot.connector.status;
    if (!slot.connector.transition(status)) return;
    if (status === 'Unavailable' || status === 'Faulted') this.reservations.onConnectorLost(slot);
    this.emit('status', slot.connector.id, status, slot.connector.errorCode);
    const reported = this.profile.statusNotifications === 'every-change' || this.dialect.isVisibleChange(from, status);
    if (this.canSend() && reported) {
      this.dialect.statusNotification(slot.connector, slot.tx !== undefined).catch(() => {});
    }
  }

  settle(slot: Slot): void {
    const idle = slot.connector.idleStatus;
    if (slot.connector.status === idle) return;
    if (!isTransitionAllowed(slot.connector.status, idle)) this.setStatus(slot, 'Available');
    this.setStatus(slot, idle);
  }

  onTransactionEnded(slot: Slot): void {
    this.smartCharging.onTransactionEnded(slot);
    this.operations.onTransactionEnded(slot);
  }

  // --- lifecycle -----------------------------------------------------------------------------

  private onOpen(): void {
    this.emit('connected');
    if (this.needsBoot || this.registrationState.status !== 'Accepted') {
      void this.registrationState.boot(this.bootReason);
      return;
    }
    this.announce();
    this.registrationState.startHeartbeat();
  }

  private onClose(code: number, reason: string, local: boolean): void {
    this.registrationState.pause();
    this.emit('disconnected', code, reason, local);
  }

  /** Registration's, shared by every station rather than a closure per station. */
  private static onAccepted(core: StationCore): void {
    (core as VirtualStation).needsBoot = false;
    (core as VirtualStation).announce();
  }

  /** Replays the offline queue, then tells the CSMS every connector's current status. */
  private announce(): void {
    // Queued transaction messages first: the status sent last is the present one.
    this.transport.releaseQueue();
    for (const slot of this.slotList) this.dialect.statusNotification(slot.connector, slot.tx !== undefined).catch(() => {});
  }

  private answerCommand(payload: JsonObject, action: string): JsonObject | Promise<JsonObject> {
    // Observed before handling, so "the CSMS sent Reset" is recorded even if the handler fails.
    this.emit('command', action, payload);
    // A half-open socket: the CSMS's call times out on its side.
    if (this.behaviour.ignoreCommands) return new Promise<never>(() => {});
    return (commandTable(this.protocol, this.featureProfiles).get(action) as StationCommand)(payload, this.operations, this.dialect);
  }

  private rebootFor(kind: ResetKind): void {
    if (this.protocol === 'ocpp2.0.1') this.reboot('ImmediateReset', 'RemoteReset', true);
    else if (kind === 'Hard') this.reboot('HardReset', 'RemoteReset', true);
    else this.reboot('SoftReset', 'RemoteReset', this.profile.reconnectOnSoftReset);
  }

  /**
   * Stops transactions, forgets the registration and boots again. With `dropSocket` the transaction
   * messages wait offline and replay after the new boot is accepted (a hard reboot loses the
   * connection before it can say goodbye); without it they go out before the new BootNotification.
   */
  private reboot(stopReason: StationStopReason, bootReason: BootReason, dropSocket: boolean): void {
    if (this.stopped) return;
    this.registrationState.reset();
    this.needsBoot = true;
    this.bootReason = bootReason;
    if (dropSocket) this.transport.drop({ reconnect: true });
    for (const slot of this.slotList) {
      if (slot.tx) this.sessions.end(slot.tx, stopReason);
      slot.claim = undefined;
      if (slot.connector.status !== 'Faulted') this.settle(slot);
    }
    if (!dropSocket && this.transport.state === 'open') void this.registrationState.boot(bootReason);
  }

  private requireSlot(connectorId: number): Slot {
    const slot = this.slot(connectorId);
    if (!slot) throw new RangeError(`station ${this.id} has no connector ${connectorId}`);
    return slot;
  }

  // The transport's listeners, shared by every station: EventEmitter calls them with `this` = the transport.

  private static onTransportOpen(this: OcppTransport): void {
    (this as OwnedTransport)[STATION].onOpen();
  }

  private static onTransportClose(this: OcppTransport, code: number, reason: string, local?: boolean): void {
    (this as OwnedTransport)[STATION].onClose(code, reason, local === true);
  }

  private static onTransportCallDone(this: OcppTransport, outcome: CallOutcome): void {
    const station = (this as OwnedTransport)[STATION];
    station.logUploads.noteCall(outcome);
    station.callSink?.(outcome);
    // Journaling is done above, so an event nobody hears need not be dispatched (a flood sends one per call).
    if (station.listenerCount('callDone') > 0) station.emit('callDone', outcome);
  }

  private static onTransportConnectFailed(this: OcppTransport, failure: ConnectFailure): void {
    (this as OwnedTransport)[STATION].emit('connectFailed', failure);
  }

  private static readonly connectionObserver: ConnectionObserver = { open: VirtualStation.onTransportOpen, close: VirtualStation.onTransportClose, connectFailed: VirtualStation.onTransportConnectFailed };
}
