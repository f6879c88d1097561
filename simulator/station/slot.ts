/** A connector with what is attached to it; shared by the station's parts without importing the station core. */
import type { Connector } from './connector.js';
import type { EnergyMeter } from './meter.js';
import type { Transaction } from './transaction.js';

/** One connector with its meter, running transaction and the session that holds it. */
export interface Slot {
  readonly connector: Connector;
  readonly meter: EnergyMeter;
  tx?: Transaction;
  /** Set by the session using the connector; cleared by whatever takes the connector away (unlock, reset, fault). */
  claim?: object;
}
