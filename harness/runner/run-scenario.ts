/**
 * Runs one scenario: its own clock, CSMS and fleet; steps at their simulated times; technicians on work
 * orders; every observation timestamped; expectations judged as observations arrive, and the scenario
 * ended as soon as its verdict cannot change. A scenario that cannot be run to its end is `errored`.
 */
import type { Detection, ExpectationResult, ScenarioResult } from '../../reports/result.js';
import { ScaledClock } from '../../simulator/clock.js';
import { ActiveFaults } from '../../simulator/faults/active-faults.js';
import { connectorStatusOf } from './connector-status.js';
import { csmsKindOf, openCsms } from './csms/open.js';
import { remoteLimits } from './csms/remote-bundled.js';
import type { CsmsTarget } from './csms/target.js';
import type { WebhookIntake } from './csms/webhook-intake.js';
import type { EvalContext, Judgement } from './evaluate/context.js';
import { canEndEarly, judge } from './evaluate/judge.js';
import { issueSummary, unexpectedIssues } from './evaluate/unexpected.js';
import { ObservationLog } from './observations.js';
import { RUN_DEFAULTS, type RunOptions } from './options.js';
import { runMetrics } from './run-metrics.js';
import { ScenarioFleet } from './scenario-fleet.js';
import type { Scenario } from './scenario/model.js';
import { runSteps } from './step-runner.js';
import { dispatchTechnicians } from './technicians.js';
import { TrackedClock } from './tracked-clock.js';

/** How often pending deadlines are looked at between observations, real ms. */
const CHECK_INTERVAL_REAL_MS = 20;

export interface ScenarioRunContext {
  /** The suite's webhook intake (third-party CSMS with --webhook-port). */
  intake?: WebhookIntake;
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}, context: ScenarioRunContext = {}): Promise<ScenarioResult> {
  const startedAt = new Date().toISOString();
  const realStart = performance.now();
  const kind = csmsKindOf(options.csmsUrl);
  const seed = options.seed ?? scenario.seed;
  const timeScale = options.timeScale ?? (kind === 'third-party' ? RUN_DEFAULTS.thirdPartyTimeScale : scenario.timeScale);
  const clock = new TrackedClock(new ScaledClock({ timeScale }));
  const head = { name: scenario.name, file: scenario.file, summary: scenario.summary, tags: scenario.tags, protocol: scenario.protocol, seed, timeScale, startedAt };
  let csms: CsmsTarget | undefined;
  let fleet: ScenarioFleet | undefined;
  let log: ObservationLog | undefined;
  try {
    const limits = kind === 'bundled-in-process' ? { refusals: [], warnings: [] } : remoteLimits(scenario, kind);
    if (limits.refusals.length > 0) throw new Error(limits.refusals.join('; '));
    csms = await openCsms(scenario, clock, options, context.intake);
    fleet = await ScenarioFleet.start(scenario, seed, clock, csms.ocppUrl, options.bootTimeoutMs ?? RUN_DEFAULTS.bootTimeoutMs, csms.stationPrefix);
    // Time 0: every station is accepted.
    log = new ObservationLog(clock.now());
    for (const warning of limits.warnings) log.warn(warning);
    if (kind === 'bundled-remote' && timeScale !== scenario.timeScale) log.warn(`ran at time scale ${timeScale} (the CSMS's), not the file's ${scenario.timeScale}`);
    await csms.observe(log);
    fleet.observe(log, clock);
    options.onCsmsStarted?.(csms, log);
    const activeFaults = new ActiveFaults();
    dispatchTechnicians({ log, fleet, technician: scenario.technician, protocol: scenario.protocol, clock, activeFaults });
    const settleSimMs = clock.toSimMs(options.settleRealMs ?? RUN_DEFAULTS.settleRealMs);
    const clockSlackMs = kind === 'bundled-in-process' ? 0 : settleSimMs;
    const running = { scenario, log, clockSlackMs, connectorStatus: (stationId: string, connectorId: number) => connectorStatusOf((fleet as ScenarioFleet).station(stationId), connectorId, scenario.protocol) };
    const horizonMs = await watch(scenario, log, clock, settleSimMs, runSteps(scenario.steps, { fleet, csms, clock, log, activeFaults, seed }), running, options.signal);
    if (options.signal?.aborted) return interrupted(head, realStart, horizonMs, log);

    const readings = await csms.deskReadings?.(0, horizonMs);
    const interim: EvalContext = { ...running, horizonMs, ended: true, ...(readings ? { readings } : {}) };
    const latencies = scenario.expectations.flatMap((e) => (e.kind === 'issue' ? [judge(e, interim).result.latencyMs] : [])).filter((l): l is number => l !== undefined);
    const metrics = runMetrics(latencies, readings);
    const judgements = scenario.expectations.map((e) => judge(e, { ...interim, metrics }));
    const unexpected = unexpectedIssues(scenario, log).map(issueSummary);
    const expectations = judgements.map((j) => j.result);
    const failed = expectations.some((e) => e.status === 'failed') || unexpected.length > 0;
    return {
      ...head,
      status: failed ? 'failed' : 'passed',
      realDurationMs: performance.now() - realStart,
      simulatedDurationMs: Math.round(horizonMs),
      expectations,
      unexpectedIssues: unexpected,
      timeline: timelineOf(log),
      detections: detections(scenario, judgements),
      metrics,
    };
  } catch (error) {
    // Set-up cut short by the interrupt (a boot that could not finish) is the interrupt, not a breakage.
    if (options.signal?.aborted) return interrupted(head, realStart, log ? Math.max(0, log.relative(clock.now())) : 0, log);
    return {
      ...head,
      status: 'errored',
      error: error instanceof Error ? error.message : String(error),
      realDurationMs: performance.now() - realStart,
      simulatedDurationMs: log ? Math.round(Math.max(0, log.relative(clock.now()))) : 0,
      expectations: [],
      unexpectedIssues: [],
      timeline: log ? timelineOf(log) : [],
      detections: [],
      metrics: {},
    };
  } finally {
    clock.dispose();
    await fleet?.stop();
    await csms?.close();
  }
}

type Running = Omit<EvalContext, 'horizonMs' | 'ended'>;

/** Stopped in flight: what was observed up to now, nothing judged (the verdict was still open). */
function interrupted(head: Pick<ScenarioResult, 'name' | 'file' | 'summary' | 'tags' | 'protocol' | 'seed' | 'timeScale' | 'startedAt'>, realStart: number, horizonMs: number, log: ObservationLog | undefined): ScenarioResult {
  return {
    ...head,
    status: 'interrupted',
    realDurationMs: performance.now() - realStart,
    simulatedDurationMs: Math.round(horizonMs),
    expectations: [],
    unexpectedIssues: [],
    timeline: log ? timelineOf(log) : [],
    detections: [],
    metrics: {},
  };
}

/**
 * Resolves with the scenario ms up to which everything was observed, once the scenario is over: at
 * `endMs`, earlier when it has failed and nothing timed is pending, or at once when `signal` aborts.
 * Rejects when a step fails.
 */
function watch(scenario: Scenario, log: ObservationLog, clock: TrackedClock, settleSimMs: number, steps: Promise<void>, running: Running, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (outcome: { horizonMs: number } | { error: unknown }) => {
      if (done) return;
      done = true;
      clearInterval(tick);
      log.off('changed', check);
      signal?.removeEventListener('abort', stop);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.horizonMs);
    };
    function check(): void {
      if (done) return;
      // Observations about a moment arrive a little after it (sockets, the event loop): judge up to `settle` ago.
      const observedMs = log.relative(clock.now()) - settleSimMs;
      if (observedMs >= scenario.endMs) return finish({ horizonMs: scenario.endMs });
      const ctx: EvalContext = { ...running, horizonMs: Math.max(0, observedMs), ended: false };
      const judgements = scenario.expectations.map((e) => judge(e, ctx));
      // Ending now: what arrived up to now is all in, whatever moment it was about.
      if (canEndEarly(judgements, ctx)) finish({ horizonMs: Math.min(scenario.endMs, Math.max(0, observedMs + settleSimMs)) });
    }
    function stop(): void {
      finish({ horizonMs: Math.max(0, log.relative(clock.now())) });
    }
    const tick = setInterval(check, CHECK_INTERVAL_REAL_MS);
    log.on('changed', check);
    steps.catch((error: unknown) => finish({ error }));
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}

function detections(scenario: Scenario, judgements: readonly Judgement[]): Detection[] {
  return scenario.expectations.flatMap((expectation, i): Detection[] => {
    if (expectation.kind !== 'issue') return [];
    const result = (judgements[i] as Judgement).result as ExpectationResult;
    return [
      {
        issueType: expectation.issue,
        ...(expectation.stationId !== undefined ? { stationId: expectation.stationId } : {}),
        ...(expectation.siteId !== undefined ? { siteId: expectation.siteId } : {}),
        ...(result.latencyMs !== undefined ? { latencyMs: result.latencyMs } : {}),
        budgetMs: expectation.withinMs,
        passed: result.status === 'passed',
      },
    ];
  });
}

/** The log's timeline, with what the run could not do as asked first. */
function timelineOf(log: ObservationLog): ScenarioResult['timeline'] {
  return [...log.warnings.map((text) => ({ atMs: 0, kind: 'step' as const, text: `warning: ${text}` })), ...log.sortedTimeline()];
}
