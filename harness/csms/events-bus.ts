/**
 * The CSMS's typed event bus: producers hand in an event without `seq`/`at`, the bus stamps both and
 * delivers to per-type and catch-all subscribers, in emission order. An event emitted by a subscriber
 * (the desk raising an issue on a status) is stamped at once but delivered after the current one has
 * reached every subscriber, so every subscriber sees cause before effect, in `seq` order.
 */
import type { Clock } from '../../simulator/clock.js';
import type { CsmsEvent, CsmsEventInput, CsmsEventOf, CsmsEventType } from './events.js';

export type Unsubscribe = () => void;
type Listener = (event: CsmsEvent) => void;

export class EventBus {
  private seq = 0;
  private readonly byType = new Map<CsmsEventType, Set<Listener>>();
  private readonly any = new Set<Listener>();
  private delivering = false;
  private readonly deferred: CsmsEvent[] = [];

  constructor(
    private readonly clock: Clock,
    /** Called when a subscriber throws: one bad subscriber must not break the CSMS or the others. */
    private readonly onListenerError: (error: unknown, event: CsmsEvent) => void = () => {},
  ) {}

  on<T extends CsmsEventType>(type: T, fn: (event: CsmsEventOf<T>) => void): Unsubscribe {
    let set = this.byType.get(type);
    if (!set) {
      set = new Set();
      this.byType.set(type, set);
    }
    const listener = fn as Listener;
    set.add(listener);
    return () => set.delete(listener);
  }

  onAny(fn: (event: CsmsEvent) => void): Unsubscribe {
    this.any.add(fn);
    return () => this.any.delete(fn);
  }

  /** Resolves with the next event of `type` that satisfies `predicate`. */
  once<T extends CsmsEventType>(type: T, predicate: (event: CsmsEventOf<T>) => boolean = () => true): Promise<CsmsEventOf<T>> {
    return new Promise((resolve) => {
      const off = this.on(type, (event) => {
        if (!predicate(event)) return;
        off();
        resolve(event);
      });
    });
  }

  /** Stamps `seq` and `at` and delivers; returns the stamped event. */
  emit(input: CsmsEventInput): CsmsEvent {
    // Stamps the producer's fresh literal in place rather than copying it: this runs for every frame.
    const event = input as CsmsEvent;
    event.seq = ++this.seq;
    event.at = this.clock.now();
    if (this.delivering) {
      this.deferred.push(event);
      return event;
    }
    this.delivering = true;
    try {
      this.deliverAll(event);
      for (let i = 0; i < this.deferred.length; i++) this.deliverAll(this.deferred[i] as CsmsEvent);
    } finally {
      this.deferred.length = 0;
      this.delivering = false;
    }
    return event;
  }

  private deliverAll(event: CsmsEvent): void {
    const typed = this.byType.get(event.type);
    if (typed) for (const fn of typed) this.deliver(fn, event);
    for (const fn of this.any) this.deliver(fn, event);
  }

  /** The seq of the last emitted event (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  private deliver(fn: Listener, event: CsmsEvent): void {
    try {
      fn(event);
    } catch (error) {
      this.onListenerError(error, event);
    }
  }
}
