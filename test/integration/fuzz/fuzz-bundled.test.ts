/**
 * Acceptance of `chargedrill fuzz` against the bundled CSMS, per protocol: over 1,000 hostile frames, every
 * one answered as the spec says in that version's spelling, the CSMS up after every case, and a control
 * fleet of 20 stations booting and heartbeating beside it without a single failed call or disconnect.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { FUZZ_CASES } from '../../../harness/fuzz/catalogue.js';
import { fuzzJunitXml } from '../../../harness/fuzz/report.js';
import { runFuzz } from '../../../harness/fuzz/run-fuzz.js';

/** Codes a 1.6 peer must never see (docs/domain.md §2): 2.0.1 spellings and codes 1.6 does not have. */
const NOT_16 = ['RpcFrameworkError', 'FormatViolation', 'OccurrenceConstraintViolation', 'MessageTypeNotSupported'];
/** 1.6 spellings a 2.0.1 peer must never see. */
const NOT_201 = ['FormationViolation', 'OccurenceConstraintViolation'];

let csms: Csms;
beforeEach(async () => {
  csms = await Csms.start();
});
afterEach(async () => {
  await csms.close();
});

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('fuzzing the bundled CSMS over %s', (protocol) => {
  it('answers more than 1,000 hostile frames per spec, stays up and leaves the control fleet undisturbed', async () => {
    const result = await runFuzz({ csmsUrl: csms.ocppUrl, protocol, seed: 7, frames: 1_000, controlStations: 20, controlTimeScale: 300, holdMs: 500, answerTimeoutMs: 5_000, durationMs: 45_000 });

    expect(result.cases.map((c) => c.name)).toEqual(FUZZ_CASES.map((c) => c.name));
    expect(result.totals.framesSent).toBeGreaterThanOrEqual(1_000);
    const failed = result.cases.filter((c) => !c.passed).map((c) => ({ name: c.name, error: c.error, samples: c.samples }));
    expect(failed).toEqual([]);
    expect(result.totals.wrong).toBe(0);
    expect(result.totals.dropped).toBe(0);
    expect(result.totals.perSpec).toBe(result.totals.judged);
    for (const c of result.cases) {
      expect(c.csmsUp, c.name).toBe(true);
      expect(c.control.disturbed, c.name).toBe(false);
      expect(c.sentinelsDropped, c.name).toBe(0);
    }
    expect(result.control.booted).toBe(20);
    expect(result.control.errors).toBe(0);
    expect(result.control.disconnects).toBe(0);
    // At 300x a 300 s interval is 1 s: every station beat several times during the run.
    expect(result.control.heartbeats).toBeGreaterThanOrEqual(20);
    expect(result.passed).toBe(true);

    // The spelling: no answer of the whole run used the other version's code.
    const answers = result.cases.flatMap((c) => Object.keys(c.answers));
    const foreign = protocol === 'ocpp1.6' ? NOT_16 : NOT_201;
    expect(answers.filter((a) => foreign.some((code) => a.includes(code)))).toEqual([]);
    // The oversize frame closed its socket with 1009, as ws does past maxPayload.
    expect(result.cases.find((c) => c.name === 'oversize-frame')?.closeCodes).toEqual([1009]);
    expect(fuzzJunitXml(result)).toContain(`<testsuite name="chargedrill fuzz ${protocol}" tests="${FUZZ_CASES.length + 1}" failures="0"`);
  }, 60_000);
});
