/**
 * How the primary of `chargedrill csms --workers N` answers a question about the whole network from its workers'
 * answers (each worker holds the stations of its sites): lists concatenated and put in the order a single CSMS
 * gives, counts summed, "the newest `limit`" taken again after merging. Pure: the primary gathers, this decides.
 */

/** One worker's answer to a GET of the same path. */
export interface WorkerAnswer {
  worker: number;
  status: number;
  body: unknown;
}

/** What the primary answers: a merged body, or a worker's failure passed on as it came. */
export type Merged = { status: number; body: unknown };

/** The first answer that is not a 200 (a bad query is answered the same by every worker; a desk switched off too). */
export function firstFailure(answers: readonly WorkerAnswer[]): Merged | undefined {
  const failed = answers.find((a) => a.status !== 200);
  return failed && { status: failed.status, body: failed.body };
}

type Row = Record<string, unknown>;

function rows(answer: WorkerAnswer): Row[] {
  if (!Array.isArray(answer.body)) throw new TypeError(`worker ${answer.worker} answered ${JSON.stringify(answer.body)?.slice(0, 80)} where a list was expected`);
  return answer.body as Row[];
}

function byId(a: Row, b: Row): number {
  const x = String(a['id']);
  const y = String(b['id']);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Every worker's stations, by id (as `GET /api/stations` of one CSMS), each with the `worker` that serves it. */
export function mergeStations(answers: readonly WorkerAnswer[]): Row[] {
  return answers.flatMap((a) => rows(a).map((station) => ({ ...station, worker: a.worker }))).sort(byId);
}

/** Concatenated in worker order, then stably sorted by a number: ties keep worker order, and each worker's own order. */
function sortedBy(answers: readonly WorkerAnswer[], key: (row: Row) => number): Row[] {
  return answers.flatMap(rows).sort((a, b) => key(a) - key(b));
}

/** Oldest first, the newest `limit` of them: violations and security events (`at`, simulated ms). */
export function mergeNewest(answers: readonly WorkerAnswer[], limit: number): Row[] {
  const all = sortedBy(answers, (row) => Number(row['at']));
  return all.slice(Math.max(0, all.length - limit));
}

/** Issues oldest first by when they were raised (as the desk's issue store orders them). */
export function mergeIssues(answers: readonly WorkerAnswer[]): Row[] {
  return sortedBy(answers, (row) => Number((row['raisedAt'] as { simMs?: unknown } | undefined)?.simMs));
}

/** Tickets and work orders, by when they were opened (as the desk orders them). */
export function mergeOpened(answers: readonly WorkerAnswer[]): Row[] {
  return sortedBy(answers, (row) => Number(row['openedAt']));
}

/** The first worker that knows the thing (an issue by id), else the first answer (a 404 naming it). */
export function firstFound(answers: readonly WorkerAnswer[]): Merged {
  const found = answers.find((a) => a.status === 200) ?? answers[0];
  if (found === undefined) throw new RangeError('no worker answered');
  return { status: found.status, body: found.body };
}

export interface WorkerState {
  worker: number;
  pid: number | undefined;
  /** Serving its stations (false while it restarts). */
  ready: boolean;
  restarts: number;
}

/** `GET /api/health` of the whole network: counts summed, and every worker with its own counts. */
export function mergeHealth(answers: readonly WorkerAnswer[], workers: readonly WorkerState[], nowMs: number): Row {
  const bodies = new Map(answers.map((a) => [a.worker, a.body as Row]));
  const count = (body: Row | undefined, key: string): number => (typeof body?.[key] === 'number' ? (body[key] as number) : 0);
  const first = answers[0]?.body as Row | undefined;
  return {
    status: workers.every((w) => w.ready) ? 'ok' : 'degraded',
    stations: answers.reduce((sum, a) => sum + count(a.body as Row, 'stations'), 0),
    connected: answers.reduce((sum, a) => sum + count(a.body as Row, 'connected'), 0),
    now: nowMs,
    timeScale: first?.['timeScale'],
    securityProfile: first?.['securityProfile'],
    workers: workers.map((w) => {
      const body = bodies.get(w.worker);
      return { ...w, stations: count(body, 'stations'), connected: count(body, 'connected') };
    }),
  };
}

interface UptimePart {
  fromMs: number;
  toMs: number;
  stations: Row[];
  ports: number;
  meanPortUptimePercent: number | undefined;
  portsBelowNevi: Row[];
  metrics: Row;
}

/** The window every worker must report on for one merged answer: the widest of their default windows. */
export function uptimeWindow(answers: readonly WorkerAnswer[]): { fromMs: number; toMs: number } {
  const parts = answers.map((a) => a.body as UptimePart);
  return { fromMs: Math.min(...parts.map((p) => p.fromMs)), toMs: Math.max(...parts.map((p) => p.toMs)) };
}

/**
 * `GET /api/uptime` of the whole network from the workers' reports on one window: stations by id, ports summed,
 * the mean port uptime weighted by ports (exact: each worker's mean is its sum over its ports), ports below the
 * NEVI line in station order. `ticketMetrics` are the desk metrics the primary computed from every worker's
 * tickets (rates and medians cannot be merged from per-worker rates); post-intervention uptime is per work order,
 * so the workers' lists are joined.
 */
export function mergeUptime(answers: readonly WorkerAnswer[], ticketMetrics: Row, window: { fromMs: number; toMs: number }): Row {
  const parts = answers.map((a) => a.body as UptimePart);
  const ports = parts.reduce((sum, p) => sum + p.ports, 0);
  const portSum = parts.reduce((sum, p) => sum + (p.meanPortUptimePercent ?? 0) * p.ports, 0);
  const stationOrder = (a: Row, b: Row): number => {
    const x = String(a['stationId']);
    const y = String(b['stationId']);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return {
    fromMs: window.fromMs,
    toMs: window.toMs,
    stations: parts.flatMap((p) => p.stations).sort(stationOrder),
    ports,
    meanPortUptimePercent: ports > 0 ? portSum / ports : undefined,
    portsBelowNevi: parts.flatMap((p) => p.portsBelowNevi).sort(stationOrder),
    metrics: { ...ticketMetrics, postInterventionUptime: parts.flatMap((p) => (p.metrics['postInterventionUptime'] as Row[] | undefined) ?? []) },
  };
}
