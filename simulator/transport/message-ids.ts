/**
 * OCPP-J message ids: unique per station across reconnects and across runs, at most 36 characters
 * (the 2.0.1 maximum). A run picks a random prefix once; each client adds its own number and counts
 * its calls, so an id costs one string and nothing else. The counter never restarts on a reconnect:
 * a CSMS that still remembers the last connection's ids cannot mistake a new call for an old one.
 */
import { randomBytes } from 'node:crypto';

/** The 2.0.1 limit on a message id (1.6 sets none; 36 fits both). */
export const MESSAGE_ID_MAX_CHARS = 36;

/** 8 base-36 characters from 41 random bits: a new run meets a previous run's prefix about once in 2 * 10^12. */
function newRunPrefix(): string {
  const bits = randomBytes(6).readUIntBE(0, 6) % 36 ** 8;
  return bits.toString(36).padStart(8, '0');
}

const RUN_PREFIX = newRunPrefix();
let clientsCreated = 0;

/** Message ids of one client: `<run><client>.<count>`, all base 36, e.g. `k3v9q0za1f.2s`. */
export class MessageIds {
  /** The client's number, not its prefix string: a fleet holds thousands of clients, most of them idle. */
  private readonly client = clientsCreated++;
  private count = 0;

  next(): string {
    // Worst case 8 + 11 + 1 + 11 = 31 characters (both counters below 2^53), inside the 36 allowed.
    return `${RUN_PREFIX}${this.client.toString(36)}.${(++this.count).toString(36)}`;
  }
}
