/**
 * The load mix draws each station's sessions and swipes from its own seeded sources, made on first use: the
 * values must be those of the seeds (session salt 0x5e55, swipe salt 0x5a1e), whether the load ran from the
 * station's boot or was switched on by a later stage.
 */
import { describe, expect, it } from 'vitest';
import type { Clock, ClockTimer } from '../../../simulator/clock.js';
import { planFleet, type PlannedStation } from '../../../simulator/fleet/plan.js';
import { LOAD_MIX_DEFAULTS, StationLoad, type LoadMix } from '../../../simulator/fleet/station-load.js';
import type { IdToken } from '../../../simulator/protocol/id-tokens.js';
import { exponential, seededRandom } from '../../../simulator/random.js';
import type { VirtualStation } from '../../../simulator/station/station.js';
import type { SessionPlan } from '../../../simulator/station/types.js';
import { ManualClock } from '../detector/manual-clock.js';

const CONNECTORS = 2;
const PER_HOUR = 6;

interface Drawn {
  waits: number[];
  sessions: Pick<SessionPlan, 'connectorId' | 'idTag' | 'durationS' | 'powerW'>[];
  swipes: string[];
}

/** A station that charges at once and records what it was asked to do. */
function fakeStation(drawn: Drawn): VirtualStation {
  return {
    config: { set: () => 'Accepted' },
    canSend: () => true,
    runSession: async (plan: SessionPlan) => {
      drawn.sessions.push({ connectorId: plan.connectorId, idTag: plan.idTag, durationS: plan.durationS, powerW: plan.powerW });
      return { ok: true, transactionId: String(drawn.sessions.length), energyWh: 0 };
    },
    dialect: {
      authorize: async (token: IdToken) => {
        drawn.swipes.push(token.idToken);
        return {};
      },
    },
  } as unknown as VirtualStation;
}

/** A manual clock that also notes every wait armed on it. */
function recordingClock(waits: number[]): ManualClock {
  const clock = new ManualClock();
  const arm = clock.setTimeout.bind(clock);
  clock.setTimeout = (fn: () => void, simMs: number): ClockTimer => {
    waits.push(simMs);
    return arm(fn, simMs);
  };
  return clock;
}

async function run(planned: PlannedStation, mix: LoadMix, sessionsPerHour: number, lateStart: boolean): Promise<Drawn> {
  const drawn: Drawn = { waits: [], sessions: [], swipes: [] };
  const clock = recordingClock(drawn.waits);
  const load = new StationLoad({
    clock: clock as Clock,
    connectors: CONNECTORS,
    sessionsPerHour: lateStart ? 0 : sessionsPerHour,
    mix: lateStart ? {} : mix,
    onSession: () => {},
    onError: (_id, error) => {
      throw error;
    },
  });
  const station = fakeStation(drawn);
  load.apply(station, planned);
  if (lateStart) {
    // An idle stage first (nothing drawn, nothing held), then a stage with load: the station is applied again.
    clock.advance(3_600_000);
    load.set(sessionsPerHour, mix);
    load.apply(station, planned);
  }
  for (let step = 0; step < 40; step++) {
    clock.advance(600_000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  load.stop();
  await load.settled();
  return drawn;
}

/** The sessions the seed gives: wait, token, connector, duration, power, in that order of draws. */
function expectedSessions(planned: PlannedStation, count: number): { waits: number[]; sessions: Drawn['sessions'] } {
  const random = seededRandom(planned.seed ^ 0x5e55);
  const d = LOAD_MIX_DEFAULTS;
  const waits: number[] = [];
  const sessions: Drawn['sessions'] = [];
  for (let i = 0; i < count; i++) {
    waits.push(exponential(random, 3_600_000 / PER_HOUR));
    const token = planned.tokens[Math.floor(random() * planned.tokens.length)] as IdToken;
    sessions.push({
      idTag: token.idToken,
      connectorId: 1 + Math.floor(random() * CONNECTORS),
      durationS: d.sessionMinS + random() * (d.sessionMaxS - d.sessionMinS),
      powerW: d.sessionPowerMinW + random() * (d.sessionPowerMaxW - d.sessionPowerMinW),
    });
  }
  return { waits, sessions };
}

describe('station load random sources', () => {
  const [planned] = planFleet({ stations: 1, sites: 1, protocol: 'ocpp2.0.1', seed: 17, connectors: CONNECTORS }) as [PlannedStation];

  it('draws sessions from the station\'s session seed', async () => {
    const drawn = await run(planned, {}, PER_HOUR, false);
    expect(drawn.sessions.length).toBeGreaterThan(3);
    const expected = expectedSessions(planned, drawn.sessions.length);
    expect(drawn.sessions).toEqual(expected.sessions);
    expect(drawn.waits.slice(0, drawn.sessions.length)).toEqual(expected.waits);
  });

  it('draws swipes from the station\'s swipe seed', async () => {
    const drawn = await run(planned, { authorizePerHour: PER_HOUR }, 0, false);
    expect(drawn.swipes.length).toBeGreaterThan(3);
    const random = seededRandom(planned.seed ^ 0x5a1e);
    const expected = drawn.swipes.map(() => {
      exponential(random, 3_600_000 / PER_HOUR);
      return (planned.tokens[Math.floor(random() * planned.tokens.length)] as IdToken).idToken;
    });
    expect(drawn.swipes).toEqual(expected);
    expect(drawn.sessions).toEqual([]);
  });

  it('gives a station whose load starts in a later stage the same sessions and swipes as one loaded from its boot', async () => {
    const mix = { authorizePerHour: PER_HOUR };
    const fromBoot = await run(planned, mix, PER_HOUR, false);
    const later = await run(planned, mix, PER_HOUR, true);
    expect(later.sessions.length).toBeGreaterThan(3);
    const n = Math.min(fromBoot.sessions.length, later.sessions.length);
    expect(later.sessions.slice(0, n)).toEqual(fromBoot.sessions.slice(0, n));
    const m = Math.min(fromBoot.swipes.length, later.swipes.length);
    expect(m).toBeGreaterThan(3);
    expect(later.swipes.slice(0, m)).toEqual(fromBoot.swipes.slice(0, m));
  });
});
