/**
 * Runs scenarios and gathers one `RunResult`. Each in-process scenario has its own CSMS and fleet, so
 * they run side by side up to `parallel`; against a CSMS elsewhere they run one at a time, since every
 * scenario's stations are called S1-CP1 … there too (under a prefix of their own, harness/runner/csms/station-prefix.ts).
 * A remote CSMS is probed first and the suite runs at its time scale. Results are in suite order whatever order they finish in.
 */
import { createRequire } from 'node:module';
import { RESULT_SCHEMA_VERSION, type RunResult, type ScenarioResult } from '../../reports/result.js';
import { csmsKindOf } from './csms/open.js';
import { probeRemoteCsms } from './csms/remote-probe.js';
import { WebhookIntake } from './csms/webhook-intake.js';
import { RUN_DEFAULTS, type RunOptions } from './options.js';
import { runScenario } from './run-scenario.js';
import { noStationConnected } from './scenario-fleet.js';
import type { Scenario } from './scenario/model.js';

export async function runSuite(scenarios: readonly Scenario[], given: RunOptions = {}): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const realStart = performance.now();
  const kind = csmsKindOf(given.csmsUrl);
  // Once for the suite: unreachable, not the bundled CSMS, or another time scale is one line, before any scenario.
  const remote = kind === 'bundled-remote' ? await probeRemoteCsms(given.csmsUrl as string, given.timeScale) : undefined;
  const options: RunOptions = remote?.timeScale === undefined ? given : { ...given, timeScale: remote.timeScale };
  const parallel = kind === 'bundled-in-process' ? Math.max(1, options.parallel ?? RUN_DEFAULTS.parallel) : 1;
  const intake = kind === 'third-party' && options.webhookPort !== undefined ? await WebhookIntake.start(options.webhookPort) : undefined;
  const results: (ScenarioResult | undefined)[] = new Array(scenarios.length);
  let next = 0;
  let bailed = false;
  const worker = async () => {
    while (next < scenarios.length && !bailed && !options.signal?.aborted) {
      const index = next++;
      const scenario = scenarios[index] as Scenario;
      options.onScenarioStart?.(scenario);
      const result = await runScenario(scenario, options, intake ? { intake } : {});
      results[index] = result;
      options.onScenarioEnd?.(result);
      if (options.bail && result.status !== 'passed') bailed = true;
      // A CSMS elsewhere that let no station in would refuse the next scenario the same way: said once, the rest skipped.
      if (kind !== 'bundled-in-process' && noStationConnected(result.error)) bailed = true;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, scenarios.length) }, worker));
  } finally {
    await intake?.close();
  }
  const all = scenarios.map((scenario, i) => results[i] ?? skipped(scenario, options));
  const interrupted = all.filter((s) => s.status === 'interrupted').length;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'chargedrill', version: toolVersion() },
    startedAt,
    finishedAt: new Date().toISOString(),
    realDurationMs: performance.now() - realStart,
    csms: { kind, ...(options.csmsUrl !== undefined ? { url: options.csmsUrl } : {}) },
    options: {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
      ...(options.grep && options.grep.length > 0 ? { grep: options.grep } : {}),
      ...(options.tags && options.tags.length > 0 ? { tags: options.tags } : {}),
      ...(options.bail ? { bail: true } : {}),
    },
    ...(options.signal?.aborted ? { interrupted: true as const } : {}),
    summary: {
      scenarios: all.length,
      passed: all.filter((s) => s.status === 'passed').length,
      failed: all.filter((s) => s.status === 'failed').length,
      errored: all.filter((s) => s.status === 'errored').length,
      skipped: all.filter((s) => s.status === 'skipped').length,
      ...(interrupted > 0 ? { interrupted } : {}),
      expectations: all.reduce((n, s) => n + s.expectations.length, 0),
      failedExpectations: all.reduce((n, s) => n + s.expectations.filter((e) => e.status === 'failed').length, 0),
    },
    scenarios: all,
  };
}

function skipped(scenario: Scenario, options: RunOptions): ScenarioResult {
  return {
    name: scenario.name,
    file: scenario.file,
    summary: scenario.summary,
    tags: scenario.tags,
    protocol: scenario.protocol,
    seed: options.seed ?? scenario.seed,
    timeScale: options.timeScale ?? scenario.timeScale,
    status: 'skipped',
    startedAt: new Date().toISOString(),
    realDurationMs: 0,
    simulatedDurationMs: 0,
    expectations: [],
    unexpectedIssues: [],
    timeline: [],
    detections: [],
    metrics: {},
  };
}

function toolVersion(): string {
  // package.json sits two levels above harness/runner/ in the sources and three in dist/.
  const require = createRequire(import.meta.url);
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(path) as { name?: string; version?: string };
      if (pkg.name === 'chargedrill' && pkg.version) return pkg.version;
    } catch {
      // Not at this level.
    }
  }
  return '0.0.0';
}
