/**
 * The detector's rules, in evaluation order. Order matters in one place: site-outage and
 * network-authorization-failures act on other rules' issues (beforeRaise), so they only need to be
 * registered, not ordered; rules reading the same event are independent of each other.
 */
import type { RuleFactory } from './rule.js';
import { authorizationFailuresRule } from './rules/authorization-failures.js';
import { concurrentTxRule } from './rules/concurrent-tx.js';
import { connectorFaultedRule } from './rules/connector-faulted.js';
import { costNotConfiguredRule } from './rules/cost-not-configured.js';
import { networkAuthorizationFailuresRule } from './rules/network-authorization-failures.js';
import { noConnectivityRule } from './rules/no-connectivity.js';
import { powerMeterFailureRule } from './rules/power-meter-failure.js';
import { rebootLoopRule } from './rules/reboot-loop.js';
import { repeatedFailedSessionsRule } from './rules/repeated-failed-sessions.js';
import { safetyFaultRule } from './rules/safety-fault.js';
import { siteOutageRule } from './rules/site-outage.js';
import { stuckFinishingRule } from './rules/stuck-finishing.js';

export const DEFAULT_RULES: readonly RuleFactory[] = [
  noConnectivityRule,
  siteOutageRule,
  // Specific fault rules first, so a fault classified in the same event is found by connector-faulted.
  safetyFaultRule,
  powerMeterFailureRule,
  connectorFaultedRule,
  stuckFinishingRule,
  rebootLoopRule,
  authorizationFailuresRule,
  networkAuthorizationFailuresRule,
  concurrentTxRule,
  costNotConfiguredRule,
  repeatedFailedSessionsRule,
];
