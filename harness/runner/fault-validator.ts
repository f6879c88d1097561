/**
 * The fault catalogue's checks (simulator/faults/registry.ts) in the loader's terms: each problem at the
 * key of the fault step it is about, so a bad parameter is refused with `file:line:column` before anything
 * runs, and the step carries the complete parameters the catalogue made of what was written.
 */
import { FAULTS, validateFaultParams } from '../../simulator/faults/registry.js';
import { under, type Problem } from '../../simulator/problems.js';
import type { FaultParamsValidator } from './scenario/fault-params.js';
import type { StationSelector } from './scenario/model.js';

export const catalogueFaultParams: FaultParamsValidator = (kind, params, context) => {
  const checked = validateFaultParams(kind, params);
  const problems: Problem[] = checked.ok ? [] : under('/params', checked.problems);

  const definition = FAULTS[kind];
  const stations = context.target.stationIds.length;
  const at = selectorKey(context.target.selector);
  if (definition.scope !== 'stations' && stations !== 1) {
    problems.push({ path: at, message: `${kind} is a fault of one ${definition.scope}, but ${stations} stations are selected`, allowed: ['station: <one station id>'] });
  }
  if (stations < definition.minStations) {
    problems.push({ path: at, message: `${kind} needs at least ${definition.minStations} stations, ${stations} selected`, allowed: [`at least ${definition.minStations} stations`] });
  }
  if (!definition.protocols.includes(context.protocol)) {
    problems.push({ path: '/kind', message: `${kind} does not exist in ${context.protocol}`, allowed: definition.protocols.map((p) => `protocol ${p}`) });
  }
  return { ...(checked.ok ? { params: checked.params } : {}), problems };
};

function selectorKey(selector: StationSelector): string {
  if ('station' in selector) return '/station';
  if ('stations' in selector) return '/stations';
  if ('site' in selector) return '/site';
  return '/count';
}
