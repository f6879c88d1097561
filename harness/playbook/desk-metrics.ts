/**
 * The numbers an operations desk is judged by (docs/domain.md §6), computed from tickets, work orders and
 * the uptime ledger. Rates are fractions 0..1, undefined when there is nothing to divide by.
 */
import type { EscalationTarget } from '../issues/teams.js';
import type { Ticket, WorkOrder } from './types.js';
import type { UptimeLedger, UptimeResult } from './uptime.js';

export interface DurationStats {
  count: number;
  meanMs: number;
  medianMs: number;
}

export interface StationRepeats {
  incidents: number;
  repeats: number;
  rate: number;
}

export interface PostInterventionUptime extends UptimeResult {
  workOrderId: string;
  stationId: string;
  connectorId?: number;
  fromMs: number;
  toMs: number;
}

export interface DeskMetrics {
  ticketsOpen: number;
  ticketsClosed: number;
  /**
   * Closed remotely by the desk / tickets the desk had to act on: closed remote, escalated or by the field,
   * or still open but already escalated (first contact has failed for those). Self-cleared and superseded are left out.
   */
  firstContactResolutionRate: number | undefined;
  /** From the issue's condition (raisedAt) to the verified remote recovery. */
  timeToRemoteRecovery: DurationStats | undefined;
  /** Incidents that followed another on the same charger within `repeatIncidentWindowMs` / all incidents. */
  repeatIncidentRate: number | undefined;
  repeatIncidentsByStation: Record<string, StationRepeats>;
  /** Uptime since the last work order closed, per port (or station for station-wide work orders), up to `nowMs`. */
  postInterventionUptime: PostInterventionUptime[];
}

export interface MetricsInput {
  tickets: readonly Ticket[];
  workOrders: readonly WorkOrder[];
  uptime: UptimeLedger;
  nowMs: number;
  repeatIncidentWindowMs: number;
}

export function deskMetrics(input: MetricsInput): DeskMetrics {
  const closed = input.tickets.filter((t) => t.status === 'closed');
  const handled = input.tickets.filter(
    (t) => t.resolution === 'remote' || t.resolution === 'field' || t.resolution === 'escalated' || (t.status === 'open' && t.escalations.length > 0),
  );
  const remote = handled.filter((t) => t.resolution === 'remote');
  const recoveries = remote.filter((t) => t.recoveredAt !== undefined).map((t) => (t.recoveredAt as number) - t.issue.raisedAt.simMs);
  const repeats = repeatIncidents(input.tickets, input.repeatIncidentWindowMs);
  const totals = Object.values(repeats).reduce((sum, s) => ({ incidents: sum.incidents + s.incidents, repeats: sum.repeats + s.repeats }), { incidents: 0, repeats: 0 });
  return {
    ticketsOpen: input.tickets.length - closed.length,
    ticketsClosed: closed.length,
    firstContactResolutionRate: handled.length > 0 ? remote.length / handled.length : undefined,
    timeToRemoteRecovery: stats(recoveries),
    repeatIncidentRate: totals.incidents > 0 ? totals.repeats / totals.incidents : undefined,
    repeatIncidentsByStation: repeats,
    postInterventionUptime: postIntervention(input),
  };
}

/** Per ticket, the first team it went to and every later one: what an escalation-accuracy check compares. */
export interface RoutedTicket {
  ticketId: string;
  issueId: string;
  issueType: Ticket['issueType'];
  stationId?: string;
  siteId?: string;
  firstTarget: EscalationTarget | undefined;
  targets: EscalationTarget[];
}

export function routedTickets(tickets: readonly Ticket[]): RoutedTicket[] {
  return tickets.map((t) => ({
    ticketId: t.id,
    issueId: t.issueId,
    issueType: t.issueType,
    ...(t.stationId !== undefined ? { stationId: t.stationId } : {}),
    ...(t.siteId !== undefined ? { siteId: t.siteId } : {}),
    firstTarget: t.escalations[0]?.target,
    targets: t.escalations.map((e) => e.target),
  }));
}

/**
 * Escalation accuracy: the share of tickets whose FIRST escalation went where `expected` says
 * (a scenario's expectation, or a trainer's answer key). Tickets `expected` returns undefined for are not compared.
 */
export function escalationAccuracy(tickets: readonly Ticket[], expected: (ticket: RoutedTicket) => EscalationTarget | undefined): { compared: number; correct: number; rate: number | undefined } {
  let compared = 0;
  let correct = 0;
  for (const routed of routedTickets(tickets)) {
    const target = expected(routed);
    if (target === undefined) continue;
    compared++;
    if (routed.firstTarget === target) correct++;
  }
  return { compared, correct, rate: compared > 0 ? correct / compared : undefined };
}

function stats(valuesMs: number[]): DurationStats | undefined {
  if (valuesMs.length === 0) return undefined;
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { count: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, medianMs };
}

function repeatIncidents(tickets: readonly Ticket[], windowMs: number): Record<string, StationRepeats> {
  const byStation = new Map<string, number[]>();
  for (const t of tickets) {
    if (t.stationId === undefined || t.resolution === 'superseded') continue;
    const list = byStation.get(t.stationId) ?? [];
    list.push(t.issue.raisedAt.simMs);
    byStation.set(t.stationId, list);
  }
  const result: Record<string, StationRepeats> = {};
  for (const [stationId, times] of byStation) {
    times.sort((a, b) => a - b);
    let repeats = 0;
    for (let i = 1; i < times.length; i++) if ((times[i] as number) - (times[i - 1] as number) <= windowMs) repeats++;
    result[stationId] = { incidents: times.length, repeats, rate: repeats / times.length };
  }
  return result;
}

function postIntervention(input: MetricsInput): PostInterventionUptime[] {
  const latest = new Map<string, WorkOrder>();
  for (const wo of input.workOrders) {
    if (wo.status !== 'closed' || wo.closedAt === undefined) continue;
    const key = `${wo.stationId}/${wo.evseId ?? ''}/${wo.connectorId ?? '*'}`;
    const previous = latest.get(key);
    if (!previous || (previous.closedAt as number) < wo.closedAt) latest.set(key, wo);
  }
  const out: PostInterventionUptime[] = [];
  for (const wo of latest.values()) {
    const fromMs = wo.closedAt as number;
    if (input.nowMs <= fromMs) continue;
    const window = { fromMs, toMs: input.nowMs };
    const uptime =
      wo.connectorId !== undefined
        ? input.uptime.portUptime({ stationId: wo.stationId, connectorId: wo.connectorId, ...(wo.evseId !== undefined ? { evseId: wo.evseId } : {}) }, window)
        : input.uptime.stationUptime(wo.stationId, window);
    out.push({ workOrderId: wo.id, stationId: wo.stationId, ...(wo.connectorId !== undefined ? { connectorId: wo.connectorId } : {}), fromMs, toMs: input.nowMs, ...uptime });
  }
  return out;
}
