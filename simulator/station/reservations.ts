/**
 * Reservations (1.6 ReserveNow / CancelReservation, 2.0.1 H01-H04). A reservation on one connector
 * puts it in Reserved: only the reserved token, or one sharing its group (1.6 parentIdTag, 2.0.1
 * groupIdToken), may start there. A reservation on no connector in particular (1.6 connector 0, 2.0.1
 * without evseId) keeps as many connectors free as there are such reservations. A reservation ends
 * when its token starts a session (the start carries reservationId), when CancelReservation removes
 * it, at its expiry on the simulated clock, or when its connector faults or goes Unavailable; the
 * last two are reported to a 2.0.1 CSMS with ReservationStatusUpdate Expired / Removed.
 */
import type { Clock, ClockTimer } from '../clock.js';
import type { ConfigStore } from './config-store.js';
import type { Slot } from './slot.js';
import type { TimerGroup } from './timers.js';

/**
 * What the reservation book needs of its station (StationCore provides it). Declared here rather than
 * importing the core, which knows the book: the core -> reservations -> core cycle is kept out this way.
 */
export interface ReservationHost {
  readonly clock: Clock;
  readonly timers: TimerGroup;
  readonly config: ConfigStore;
  readonly dialect: { reservationStatusUpdate(reservationId: number, status: 'Expired' | 'Removed'): Promise<void> };
  slot(connectorId: number): Slot | undefined;
  slots(): readonly Slot[];
  settle(slot: Slot): void;
  canSend(): boolean;
}

export interface ReservationRequest {
  id: number;
  idTag: string;
  groupId?: string;
  /** Undefined: any connector (1.6 connectorId 0, 2.0.1 no evseId). */
  connectorId?: number;
  expiresAtMs: number;
}

export interface Reservation extends ReservationRequest {
  timer: ClockTimer;
}

export type ReserveResult = 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable';

/** What a token presented at a connector may do there. */
export type Admission =
  | { ok: true; reservation?: Reservation; groupId?: string }
  | { ok: false; reason: string };

const NO_RESERVATIONS: ReadonlyMap<number, Reservation> = new Map();

export class Reservations {
  /** Made on the first reservation: most stations never get one, and an empty Map costs about 150 bytes. */
  private book: Map<number, Reservation> | undefined;

  constructor(
    private readonly core: ReservationHost,
    /** Runs after the answer to the CSMS call being handled has gone out. */
    private readonly afterReply: (fn: () => void) => void,
  ) {}

  private get byId(): ReadonlyMap<number, Reservation> {
    return this.book ?? NO_RESERVATIONS;
  }

  get all(): readonly ReservationRequest[] {
    return [...this.byId.values()].map(({ timer: _timer, ...request }) => request);
  }

  /** Reserves, replacing a reservation with the same id; the connector shows Reserved after the answer. */
  reserve(request: ReservationRequest): ReserveResult {
    if (request.expiresAtMs <= this.core.clock.now()) return 'Rejected';
    const result =
      request.connectorId === undefined ? this.checkAnyConnector(request.id) : this.checkConnector(request.connectorId, request.id);
    if (result !== 'Accepted') return result;
    const previous = this.byId.get(request.id);
    if (previous) this.release(previous, undefined);
    const timer = this.core.timers.after(request.expiresAtMs - this.core.clock.now(), () => this.end(request.id, 'Expired'));
    const reservation: Reservation = { ...request, timer };
    (this.book ??= new Map()).set(request.id, reservation);
    const slot = request.connectorId === undefined ? undefined : this.core.slot(request.connectorId);
    if (slot) {
      slot.connector.reservationId = request.id;
      this.afterReply(() => {
        if (slot.connector.reservationId === request.id && slot.connector.status === 'Available') this.core.settle(slot);
      });
    }
    return 'Accepted';
  }

  /** CancelReservation: true when the reservation existed. The CSMS asked for it, so no status update follows. */
  cancel(id: number): boolean {
    const reservation = this.byId.get(id);
    if (!reservation) return false;
    this.release(reservation, this.afterReply);
    return true;
  }

  /** Whether a token may begin a session on `connectorId`, and which reservation it would use. */
  admit(connectorId: number, idTag: string): Admission {
    const slot = this.core.slot(connectorId);
    const own = slot?.connector.reservationId === undefined ? undefined : this.byId.get(slot.connector.reservationId);
    if (own) {
      if (own.idTag === idTag) return { ok: true, reservation: own };
      if (own.groupId !== undefined) return { ok: true, reservation: own, groupId: own.groupId };
      return { ok: false, reason: `connector ${connectorId} is reserved (reservation ${own.id})` };
    }
    const floating = [...this.byId.values()].filter((r) => r.connectorId === undefined);
    const mine = floating.find((r) => r.idTag === idTag);
    if (mine) return { ok: true, reservation: mine };
    const freeElsewhere = this.freeSlots().filter((s) => s.connector.id !== connectorId).length;
    if (freeElsewhere >= floating.length) return { ok: true };
    const shared = floating.find((r) => r.groupId !== undefined);
    if (shared) return { ok: true, reservation: shared, groupId: shared.groupId };
    return { ok: false, reason: `connector ${connectorId} is held for reservation ${floating[0]?.id}` };
  }

  /** The reservation's token has started a session: the reservation is fulfilled. */
  use(reservation: Reservation): void {
    if (this.byId.get(reservation.id) === reservation) this.release(reservation, undefined);
  }

  /** A connector faulted or went Unavailable: its reservation is removed and, in 2.0.1, reported. */
  onConnectorLost(slot: Slot): void {
    const id = slot.connector.reservationId;
    if (id !== undefined) this.end(id, 'Removed');
  }

  private end(id: number, status: 'Expired' | 'Removed'): void {
    const reservation = this.byId.get(id);
    if (!reservation) return;
    this.release(reservation, (fn) => fn());
    if (this.core.canSend()) this.core.dialect.reservationStatusUpdate(id, status).catch(() => {});
  }

  /** Forgets a reservation; with `settle`, a connector still showing Reserved returns to idle through it. */
  private release(reservation: Reservation, settle: ((fn: () => void) => void) | undefined): void {
    this.book?.delete(reservation.id);
    reservation.timer.cancel();
    if (reservation.connectorId === undefined) return;
    const slot = this.core.slot(reservation.connectorId);
    if (!slot || slot.connector.reservationId !== reservation.id) return;
    slot.connector.reservationId = undefined;
    settle?.(() => {
      if (slot.connector.status === 'Reserved') this.core.settle(slot);
    });
  }

  private checkConnector(connectorId: number, id: number): ReserveResult {
    const slot = this.core.slot(connectorId);
    if (!slot) return 'Rejected';
    const { status, reservationId } = slot.connector;
    if (status === 'Faulted') return 'Faulted';
    if (status === 'Unavailable') return 'Unavailable';
    if (status === 'Reserved') return reservationId === id ? 'Accepted' : 'Occupied';
    return status === 'Available' && !slot.claim ? 'Accepted' : 'Occupied';
  }

  /** 1.6 connector 0 / 2.0.1 without evseId: one more connector must stay free than is promised already. */
  private checkAnyConnector(id: number): ReserveResult {
    if (this.core.config.get('ReserveConnectorZeroSupported')?.value !== 'true') return 'Rejected';
    const promised = [...this.byId.values()].filter((r) => r.connectorId === undefined && r.id !== id).length;
    if (this.freeSlots().length > promised) return 'Accepted';
    const statuses = this.core.slots().map((s) => s.connector.status);
    if (statuses.every((s) => s === 'Faulted')) return 'Faulted';
    if (statuses.every((s) => s === 'Unavailable' || s === 'Faulted')) return 'Unavailable';
    return 'Occupied';
  }

  /** Connectors a session could begin on now that no reservation holds. */
  private freeSlots(): Slot[] {
    return this.core.slots().filter((s) => s.connector.status === 'Available' && !s.claim && s.connector.reservationId === undefined);
  }
}
