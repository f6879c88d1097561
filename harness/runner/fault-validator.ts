/**
 * The fault catalogue's checks (simulator/faults/registry.ts) in the loader's terms: each problem at the
 * key of the fault step it is about, so a bad parameter is refused with `file:line:column` before anything runs.
 */
import { FAULTS, validateFaultParams } from '../../simulator/faults/registry.js';
import type { FaultParamsProblem, FaultParamsValidator } from './scenario/fault-params.js';
import type { StationSelector } from './scenario/model.js';

/** `power-loss-resets.count: -1 is not allowed, expected a whole number >= 1` → its key, text and what is allowed. */
const PARAM_PROBLEM = /^[a-z-]+\.([A-Za-z0-9_]+): (.*?)(?:, expected (.*))?$/;
const OBJECT_PROBLEM = /^[a-z-]+: (.*?)(?:, expected (.*))?$/;

export const catalogueFaultParams: FaultParamsValidator = (kind, params, context) => {
  const problems: FaultParamsProblem[] = [];
  const checked = validateFaultParams(kind, params);
  if (!checked.ok) for (const error of checked.errors) problems.push(paramProblem(error));

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
  return problems;
};

function paramProblem(error: string): FaultParamsProblem {
  const param = PARAM_PROBLEM.exec(error);
  if (param) return { path: `/params/${param[1]}`, message: param[2] as string, ...(param[3] ? { allowed: [param[3]] } : {}) };
  const whole = OBJECT_PROBLEM.exec(error);
  if (whole) return { path: '/params', message: whole[1] as string, ...(whole[2] ? { allowed: [whole[2]] } : {}) };
  return { path: '/params', message: error };
}

function selectorKey(selector: StationSelector): string {
  if ('station' in selector) return '/station';
  if ('stations' in selector) return '/stations';
  if ('site' in selector) return '/site';
  return '/count';
}
