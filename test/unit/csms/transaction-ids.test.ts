/** 1.6 transaction ids: one counter per CSMS, and disjoint residues for the workers behind one port. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../harness/csms/store.js';
import { Transactions } from '../../../harness/csms/transactions.js';

/** The three things Transactions reads of its store: the persisted counter, its update, the open rows. */
function storeWithCounter(initial: number): Store & { value: number } {
  const fake = { value: initial, counter: () => fake.value, setCounter: (_name: string, value: number) => void (fake.value = value), openTransactions: () => [] };
  return fake as unknown as Store & { value: number };
}

describe('1.6 transaction ids', () => {
  it('count on from the persisted counter in a single CSMS', () => {
    const store = storeWithCounter(41);
    const transactions = new Transactions(store);
    expect([transactions.allocateId(), transactions.allocateId(), transactions.allocateId()]).toEqual([42, 43, 44]);
    expect(store.value).toBe(44);
  });

  it('never collide between the workers of one port, before and after a restart', () => {
    const count = 3;
    const stores = [0, 1, 2].map(() => storeWithCounter(0));
    const issued = (rounds: number) =>
      stores.flatMap((store, index) => {
        const transactions = new Transactions(store, { index, count });
        return Array.from({ length: rounds }, () => transactions.allocateId());
      });
    const first = issued(4);
    expect(first.slice(0, 4)).toEqual([1, 4, 7, 10]);
    expect(first.slice(4, 8)).toEqual([2, 5, 8, 11]);
    // Each worker restarted on its own file: it goes on from its own last id, still in its own residue.
    const again = issued(2);
    expect(again).toEqual([13, 16, 14, 17, 15, 18]);
    const all = [...first, ...again];
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses an id space that is not one of count', async () => {
    const { resolveOptions } = await import('../../../harness/csms/options.js');
    expect(() => resolveOptions({ transactionIdSpace: { index: 3, count: 3 } })).toThrow(/transactionIdSpace must be a whole index in 0..count-1/);
  });
});
