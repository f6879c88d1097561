import { describe, expect, it } from 'vitest';
import { envNumber, k6Stages, stageAt, totalMs } from '../../../deploy/k6/lib/plan.js';
import { junitXml, textSummary, type SummaryData } from '../../../deploy/k6/lib/summary.js';
import { plan } from './fake-csms.js';

const DATA: SummaryData = {
  state: { testRunDurationMs: 61_500 },
  metrics: {
    'ocpp_call_duration{action:BootNotification}': { type: 'trend', values: { med: 12, 'p(99)': 640.5 }, thresholds: { 'p(99)<500': { ok: false } } },
    ocpp_call_failed: { type: 'rate', values: { rate: 0 }, thresholds: { 'rate<0.001': { ok: true } } },
    ocpp_sessions: { type: 'counter', values: { count: 3 } },
  },
};

describe('the k6 summary', () => {
  it('JUnit: a test case per threshold, a failure with the values for each one that failed, XML escaped', () => {
    expect(junitXml(DATA, 'k6 <ocpp1.6>')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="k6 &lt;ocpp1.6&gt;" tests="2" failures="1" time="61.500">',
        '  <testsuite name="k6 &lt;ocpp1.6&gt;" tests="2" failures="1" time="61.500">',
        '    <testcase classname="ocpp_call_duration{action:BootNotification}" name="ocpp_call_duration{action:BootNotification} p(99)&lt;500">',
        '      <failure message="ocpp_call_duration{action:BootNotification} failed p(99)&lt;500">med=12 p(99)=640.50</failure>',
        '    </testcase>',
        '    <testcase classname="ocpp_call_failed" name="ocpp_call_failed rate&lt;0.001"></testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('text: the per-action latencies and each verdict', () => {
    expect(textSummary(DATA, 'ocpp_call_duration')).toBe(
      'ocpp_call_duration:\n  {action:BootNotification}  med=12 p(99)=640.50\nFAIL ocpp_call_duration{action:BootNotification} p(99)<500\nok   ocpp_call_failed rate<0.001\n',
    );
  });
});

describe('the k6 plan', () => {
  const stages = [
    { name: 'ramp', durationMs: 60_000, target: 500, sessionsPerHour: 0.4 },
    { name: 'peak', durationMs: 120_000, target: 500, sessionsPerHour: 1.2 },
  ];

  it('finds the running stage, the last one after the end', () => {
    expect(stageAt(stages, 0).name).toBe('ramp');
    expect(stageAt(stages, 59_999).name).toBe('ramp');
    expect(stageAt(stages, 60_000).name).toBe('peak');
    expect(stageAt(stages, 10_000_000).name).toBe('peak');
    expect(totalMs(stages)).toBe(180_000);
    expect(() => stageAt([], 0)).toThrow(/at least one stage/);
  });

  it('becomes k6 ramping-vus stages with targets scaled to STATIONS', () => {
    const p = plan({ stations: 500, stages });
    expect(k6Stages(p, 500)).toEqual([{ duration: '60s', target: 500 }, { duration: '120s', target: 500 }]);
    expect(k6Stages(p, 50)).toEqual([{ duration: '60s', target: 50 }, { duration: '120s', target: 50 }]);
    expect(() => k6Stages(p, 0.5)).toThrow('STATIONS must be a whole number above 0, got 0.5');
  });

  it('reads numbers from the environment, naming a bad one', () => {
    expect(envNumber({}, 'TIME_SCALE', 12)).toBe(12);
    expect(envNumber({ TIME_SCALE: '60' }, 'TIME_SCALE', 12)).toBe(60);
    expect(() => envNumber({ TIME_SCALE: 'fast' }, 'TIME_SCALE', 12)).toThrow('TIME_SCALE=fast: a number above 0 is allowed');
  });
});
