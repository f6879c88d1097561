/**
 * Shards of a load run: `chargedrill load --shard i/n` runs run indexes `r` with `r % n == i - 1` (simulator/fleet/plan.ts),
 * the same stations, ids and seeds a single run gives them. A stage target T of the whole run is, for shard k, the
 * number of its run indexes below T, so the shards' targets add up to T and their union online is the single
 * run's; a scheduled fault goes to the shard owning its station. docs/load.md "Shards, merge and --processes".
 */
import type { PlannedStation } from '../../simulator/fleet/plan.js';
import type { LoadResult, ScheduledFault } from './result.js';

/** 0-based index of `count` shards. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Does shard `shard` own the station at run index `runIndex`? */
export function ownsStation(shard: ShardSpec | undefined, runIndex: number): boolean {
  return shard === undefined || runIndex % shard.count === shard.index;
}

/** Stations of `shard` among run indexes 0 .. target-1: its part of a stage target of the whole run. */
export function shardTarget(target: number, shard: ShardSpec | undefined): number {
  if (shard === undefined) return target;
  return target > shard.index ? Math.floor((target - 1 - shard.index) / shard.count) + 1 : 0;
}

/** The stations a result's numbers are of: the whole fleet, or a shard's own part of it. */
export function ownStations(result: Pick<LoadResult, 'parameters' | 'shard'>): number {
  return shardTarget(result.parameters.stations, result.shard);
}

/** The scheduled faults of stations the shard owns (station indexes stay run indexes). */
export function shardFaults(faults: readonly ScheduledFault[], shard: ShardSpec | undefined): ScheduledFault[] {
  return faults.filter((fault) => ownsStation(shard, fault.stationIndex));
}

/** The position in the shard's plan of the station at `runIndex`; undefined when another shard owns it. */
export function shardPosition(runIndex: number, shard: ShardSpec | undefined): number | undefined {
  if (shard === undefined) return runIndex;
  return ownsStation(shard, runIndex) ? Math.floor(runIndex / shard.count) : undefined;
}

/** Station ids by run index (faults name stations by it); a shard's array has holes for other shards' stations. */
export function idsByRunIndex(plan: readonly PlannedStation[], firstStation: number): string[] {
  const ids: string[] = [];
  for (const planned of plan) ids[planned.index - firstStation] = planned.id;
  return ids;
}
