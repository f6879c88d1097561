/**
 * BootNotification until Accepted, then the heartbeat. Pending and Rejected wait `interval` before the
 * next boot; Rejected sends nothing else meanwhile, Pending still answers the CSMS (the station's
 * command handlers are always registered).
 */
import type { ClockTimer } from '../clock.js';
import { OcppDisconnectedError } from '../protocol/errors.js';
import { STATION_DEFAULTS } from './defaults.js';
import type { RegistrationStatus } from './control.js';
import type { ConfigListener } from './config-store.js';
import type { BootReason } from './dialect.js';
import type { StationCore } from './station-core.js';
import { TimersCancelledError } from './timers.js';

export class Registration implements ConfigListener {
  private current: RegistrationStatus | undefined;
  /** Bumped to abandon a running boot loop (disconnect, reboot, stop). */
  private epoch = 0;
  private heartbeatTimer: ClockTimer | undefined;
  /** The heartbeat tick for the station's life: the shared `beat` bound to this, smaller than a closure and its context. */
  private readonly tick: () => void = Registration.prototype.beat.bind(this);

  constructor(
    private readonly core: StationCore,
    /** Runs once per accepted boot, before the heartbeat starts: one function shared by every station, given its station. */
    private readonly onAccepted: (core: StationCore) => void,
  ) {
    core.config.onChange(this);
  }

  configChanged(key: string): void {
    if (key === 'HeartbeatInterval' && this.heartbeatTimer) this.startHeartbeat();
  }

  get status(): RegistrationStatus | undefined {
    return this.current;
  }

  /** Boots until Accepted, or until the connection drops or `cancel()` is called. */
  async boot(reason: BootReason): Promise<void> {
    const epoch = ++this.epoch;
    const { core } = this;
    while (epoch === this.epoch && core.transport.state === 'open') {
      let waitS: number;
      try {
        const answer = await core.dialect.boot(reason);
        if (epoch !== this.epoch) return;
        this.current = answer.status;
        core.emit('booted', answer.status);
        if (answer.status === 'Accepted') {
          if (answer.intervalS > 0) core.config.set('HeartbeatInterval', String(answer.intervalS), true);
          this.onAccepted(core);
          this.startHeartbeat();
          return;
        }
        waitS = answer.intervalS > 0 ? answer.intervalS : STATION_DEFAULTS.bootRetryS;
      } catch (error) {
        // Disconnected: the next open boots again. Anything else (timeout, CALLERROR): retry later.
        if (error instanceof OcppDisconnectedError) return;
        waitS = STATION_DEFAULTS.bootRetryS;
      }
      try {
        await core.timers.sleep(waitS * 1_000);
      } catch (error) {
        if (error instanceof TimersCancelledError) return;
        throw error;
      }
    }
  }

  /** Forgets the registration (reboot) and abandons any boot loop. */
  reset(): void {
    this.epoch++;
    this.current = undefined;
    this.stopHeartbeat();
  }

  /** Abandons the boot loop and stops the heartbeat, keeping the registration (a plain disconnect). */
  pause(): void {
    this.epoch++;
    this.stopHeartbeat();
  }

  startHeartbeat(): void {
    this.stopHeartbeat();
    const { core } = this;
    const intervalS = core.config.integer('HeartbeatInterval', STATION_DEFAULTS.heartbeatIntervalS) || STATION_DEFAULTS.heartbeatIntervalS;
    // On the clock, not in the station's timer group: every path that ends the heartbeat (pause, reset, and so the
    // station's stop) cancels it here, and a fleet runs one per station (the group's record of a timer is 64 bytes).
    this.heartbeatTimer = core.clock.setInterval(this.tick, intervalS * 1_000);
  }

  stopHeartbeat(): void {
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
  }

  /**
   * A Heartbeat's request is empty in both versions, so the tick goes straight to the transport, with callbacks
   * instead of a promise: an idle fleet's only traffic allocates no promise and no handler for it.
   */
  private beat(): void {
    const { core } = this;
    if (!core.behaviour.heartbeatMuted && core.canSend()) core.transport.callThen('Heartbeat', EMPTY_PAYLOAD, ignore, ignore);
  }
}

const EMPTY_PAYLOAD = Object.freeze({});

/** A heartbeat that fails is not retried: the next tick sends another. Module-wide, so a tick allocates no closure. */
function ignore(): void {}
