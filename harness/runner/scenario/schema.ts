/** The published scenario schema (scenarios/scenario.schema.json), loaded once. */
import schema from '../../../scenarios/scenario.schema.json' with { type: 'json' };

export const SCENARIO_SCHEMA: Readonly<Record<string, unknown>> = schema;
