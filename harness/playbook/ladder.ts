/**
 * Climbs the remote-recovery ladder for one ticket with real commands: each step is sent, then the
 * connector must report Available within the step's window (optionally proven by a test session);
 * otherwise the next step is tried. A reset is never sent while a safety fault is open on the station:
 * a reset restarts the whole station, and re-energising a ground fault is a hazard.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { sendAction, skipAction, type ActionDeps } from './actions.js';
import type { PlaybookConfig } from './config.js';
import type { RecoveryWatcher } from './recovery-watch.js';
import { accepted, commandFor, testSessionStart, testSessionStop, type ConnectorRef } from './station-commands.js';
import type { LadderStep } from '../issues/ladder-steps.js';
import type { Ticket } from './types.js';

export interface LadderDeps extends ActionDeps {
  config: PlaybookConfig;
  watcher: RecoveryWatcher;
  protocolOf(stationId: string): OcppProtocol;
  connectorStatus(stationId: string, connectorId: number, evseId: number | undefined): string | undefined;
  /** Why resets are forbidden on the station now (an open safety fault), or undefined. */
  safetyHold(stationId: string): string | undefined;
}

/** Shared with the playbook, which flips the flags when the issue resolves or is taken over. */
export interface RunState {
  aborted: boolean;
  issueResolved: boolean;
}

export type LadderOutcome = 'recovered' | 'exhausted' | 'aborted';

const RESETS: ReadonlySet<LadderStep> = new Set(['soft-reset', 'hard-reset']);

export function connectorRefOf(ticket: Ticket): ConnectorRef {
  return {
    ...(ticket.evseId !== undefined ? { evseId: ticket.evseId } : {}),
    ...(ticket.connectorId !== undefined && ticket.connectorId !== 0 ? { connectorId: ticket.connectorId } : {}),
  };
}

export async function climbLadder(deps: LadderDeps, ticket: Ticket, steps: readonly LadderStep[], run: RunState): Promise<LadderOutcome> {
  const stationId = ticket.stationId;
  if (stationId === undefined) return 'exhausted';
  const protocol = deps.protocolOf(stationId);
  const ref = connectorRefOf(ticket);
  const scope = { issueId: ticket.issueId, stationId, ...ref };
  for (const step of steps) {
    if (run.aborted) return 'aborted';
    if (run.issueResolved) return 'recovered';
    const command = commandFor(step, protocol, ref);
    if (!command) continue;
    const hold = RESETS.has(step) ? deps.safetyHold(stationId) : undefined;
    if (hold !== undefined) {
      skipAction(deps, ticket, stationId, step, command, hold);
      continue;
    }
    const watch = deps.watcher.available(scope, deps.config.verifyAvailableWithinMs[step]);
    const action = await sendAction(deps, ticket, stationId, step, command);
    if (run.aborted) {
      watch.cancel();
      return 'aborted';
    }
    if (action.error !== undefined || !accepted(command.action, action.response)) {
      watch.cancel();
      deps.book.markVerified(ticket, action, false);
      continue;
    }
    const alreadyBack = ref.connectorId !== undefined && deps.connectorStatus(stationId, ref.connectorId, ref.evseId) === 'Available';
    if (alreadyBack) watch.cancel();
    let back = alreadyBack || (await watch.result) === true || run.issueResolved;
    if (run.aborted) return 'aborted';
    if (back && deps.config.testSessionAfterRecovery && ref.connectorId !== undefined) back = await testSession(deps, ticket, stationId, protocol, ref);
    deps.book.markVerified(ticket, action, back);
    if (back) return 'recovered';
  }
  return run.issueResolved ? 'recovered' : 'exhausted';
}

/** Starts a session with the desk's token and stops it again: proof the connector charges, not just says Available. */
async function testSession(deps: LadderDeps, ticket: Ticket, stationId: string, protocol: OcppProtocol, ref: ConnectorRef): Promise<boolean> {
  const watch = deps.watcher.transactionStarted({ stationId, ...ref }, deps.config.testSessionStartWithinMs);
  const remoteStartId = Number(ticket.id.slice(ticket.id.lastIndexOf('-') + 1)) * 1_000 + ticket.actions.length;
  const start = testSessionStart(protocol, ref, { idTag: deps.config.testSessionIdTag, remoteStartId });
  const action = await sendAction(deps, ticket, stationId, 'test-session-start', start);
  if (action.error !== undefined || !accepted(start.action, action.response)) {
    watch.cancel();
    deps.book.markVerified(ticket, action, false);
    return false;
  }
  const transactionId = await watch.result;
  deps.book.markVerified(ticket, action, transactionId !== undefined);
  if (transactionId === undefined) return false;
  await sendAction(deps, ticket, stationId, 'test-session-stop', testSessionStop(protocol, transactionId));
  return true;
}
