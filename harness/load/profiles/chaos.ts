/**
 * A load profile's network chaos: which stations get which degraded network. Each rule is a chaos spec (the
 * `--chaos` syntax, simulator/transport/chaos.ts) for the stations it selects: the stations of some sites, a
 * seeded share of the fleet, or (neither) every station. The first rule that selects a station decides; a station
 * no rule selects has a clean network.
 *
 *   chaos:
 *     - { network: "latency=200ms,jitter=100ms", sites: [S3, S7] }   # two sites on a poor cellular uplink
 *     - { network: "drop=2%", share: 10% }                           # a seeded tenth of the fleet loses frames
 */
import { deriveSeed } from '../../../simulator/random.js';
import { parseChaosSpec, type ChaosOptions } from '../../../simulator/transport/chaos.js';
import { parsePercent } from './stages.js';

export interface RawChaosRule {
  network: string;
  sites?: string[];
  share?: string;
}

export interface ChaosRule {
  options: ChaosOptions;
  sites?: string[];
  /** 0..1 of the stations, chosen by seed. */
  share?: number;
}

type Report = (path: string, message: string, allowed?: string[]) => void;

/** Salt of the seed that picks the share of stations a rule selects. */
const SHARE_SALT = 0xc4a05;

export function compileChaos(raw: readonly RawChaosRule[] | undefined, report: Report): ChaosRule[] {
  return (raw ?? []).flatMap((rule, i): ChaosRule[] => {
    let options: ChaosOptions;
    try {
      options = parseChaosSpec(rule.network);
    } catch (error) {
      // parseChaosSpec's message names the key and what it allows; the spec itself is already at the position.
      report(`/chaos/${i}/network`, (error as Error).message.replace(/^chaos spec "(?:[^"\\]|\\.)*": /, ''));
      return [];
    }
    const share = rule.share === undefined ? undefined : parsePercent(rule.share);
    if (rule.share !== undefined && (share === undefined || share > 1)) {
      report(`/chaos/${i}/share`, `${JSON.stringify(rule.share)} is not a share of the stations`, ['a percentage from 0% to 100%']);
      return [];
    }
    return [{ options, ...(rule.sites !== undefined && { sites: rule.sites }), ...(share !== undefined && { share }) }];
  });
}

/** The per-station chooser the fleet takes (FleetOptions.chaos), or undefined when no rule was given. */
export function chaosChooser(rules: readonly ChaosRule[], seed: number): ((station: { siteId: string; index: number }) => ChaosOptions | undefined) | undefined {
  if (rules.length === 0) return undefined;
  return (station) => {
    for (const [i, rule] of rules.entries()) {
      if (rule.sites !== undefined && !rule.sites.includes(station.siteId)) continue;
      if (rule.share !== undefined && (deriveSeed(seed ^ SHARE_SALT ^ i, station.index) % 10_000) / 10_000 >= rule.share) continue;
      return rule.options;
    }
    return undefined;
  };
}
