import { describe, expect, it } from 'vitest';
import { findStaleFiles, generateTypes } from '../../../scripts/gen-types.js';
import { OCPP16_ACTIONS } from '../../../simulator/protocol/generated/ocpp16.js';
import { OCPP201_ACTIONS } from '../../../simulator/protocol/generated/ocpp201.js';
import { loadSchemas, parseSchemaId } from '../../../simulator/protocol/schemas.js';

describe('generated message types', () => {
  it('are up to date with the schemas in ocpp-rpc (else run npm run gen:types)', async () => {
    expect(await findStaleFiles()).toEqual([]);
  });

  it('come out the same on every generation', async () => {
    const [first, second] = await Promise.all([generateTypes(), generateTypes()]);
    expect(second).toEqual(first);
  });

  it('list the actions of the schema files', () => {
    const actions = (protocol: 'ocpp1.6' | 'ocpp2.0.1') =>
      [...new Set(loadSchemas(protocol).map((schema) => parseSchemaId(schema.$id)?.action))].sort();
    expect(OCPP16_ACTIONS).toEqual(actions('ocpp1.6'));
    expect(OCPP201_ACTIONS).toEqual(actions('ocpp2.0.1'));
  });
});
