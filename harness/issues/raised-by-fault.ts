/**
 * The issue type each fault of the catalogue (simulator/faults/registry.ts) raises at a detector that works as
 * docs/domain.md §4 describes: one fault, one issue, of its most specific type. Scenarios state it per scenario
 * in `expect:`; load runs need it per fault kind to measure detection. A test checks this table against every
 * fault scenario of the default suite, so the two cannot drift apart.
 *
 * Some faults raise their issue only past a detector threshold: connection-loss shorter than the no-connectivity
 * threshold is a reconnect (nothing raised); authorization-failures needs `authFailuresCount` attempts;
 * power-loss-resets needs `rebootLoopCount` losses; site-uplink-outage raises site-outage with its station issues
 * linked under it.
 */
import type { FaultKind } from '../../simulator/faults/registry.js';
import type { IssueType } from './catalogue.js';

export const ISSUE_RAISED_BY_FAULT: Readonly<Record<FaultKind, IssueType>> = {
  'heartbeat-loss': 'no-connectivity',
  'connection-loss': 'no-connectivity',
  'site-uplink-outage': 'site-outage',
  'ground-failure': 'safety-fault',
  'high-temperature': 'safety-fault',
  'stuck-finishing': 'stuck-finishing',
  'power-loss-resets': 'reboot-loop',
  'crash-loop': 'reboot-loop',
  'power-meter-failure': 'power-meter-failure',
  'connector-lock-failure': 'connector-faulted',
  'reader-failure': 'connector-faulted',
  'ev-communication-error': 'connector-faulted',
  'authorization-failures': 'authorization-failures',
  'concurrent-tx': 'concurrent-tx',
  'cost-not-configured': 'cost-not-configured',
  'repeated-failed-sessions': 'repeated-failed-sessions',
};
