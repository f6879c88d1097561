import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAdapter, fillTemplate, templateVariables } from '../../../harness/conformance/adapters.js';
import { DEFAULT_TOKENS, loadAdapterFile, loadFeaturesFile } from '../../../harness/conformance/input-files.js';
import { tempDir } from '../../support/temp-dir.js';

const dir = tempDir('cd-conformance-');
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the features file', () => {
  it('declares Core plus the listed features and overrides only the tokens it names', () => {
    const declared = loadFeaturesFile(file('ok.yaml', 'features: [Reservation]\nidTokens:\n  valid: MYCARD\n'));
    expect([...declared.features].sort()).toEqual(['Core', 'Reservation']);
    expect(declared.tokens).toEqual({ ...DEFAULT_TOKENS, valid: 'MYCARD' });
  });

  it('refuses an unknown feature at its line and column, listing the allowed ones', () => {
    const path = file('bad.yaml', 'features:\n  - Core\n  - Teleport\n');
    expect(() => loadFeaturesFile(path)).toThrow(`${path}:3:5: /features/1: unknown feature "Teleport" (allowed: Core, LocalAuthListManagement, Reservation, SmartCharging, RemoteTrigger)`);
  });

  it('refuses an unknown key and a YAML syntax error with their positions', () => {
    const unknownKey = file('key.yaml', 'features: []\ntokens: {}\n');
    expect(() => loadFeaturesFile(unknownKey)).toThrow(`${unknownKey}:2:1: unknown key "tokens" (allowed: features, idTokens, security)`);
    const broken = file('broken.yaml', 'features: [Core\n');
    expect(() => loadFeaturesFile(broken)).toThrow(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax error`));
  });
});

describe('the security profiles of the features file', () => {
  it('declares the profiles it lists and the Security feature with them', () => {
    const declared = loadFeaturesFile(file('security.yaml', 'features: []\nsecurity: [1, 3]\n'));
    expect([...declared.securityProfiles]).toEqual([1, 3]);
    expect(declared.features.has('Security')).toBe(true);
    expect(loadFeaturesFile(file('none.yaml', 'features: []\n')).features.has('Security')).toBe(false);
  });

  it('refuses profile 0, an unknown profile and Security listed as a feature, at their positions', () => {
    const zero = file('zero.yaml', 'features: []\nsecurity: [2, 0]\n');
    expect(() => loadFeaturesFile(zero)).toThrow(`${zero}:2:15: /security/1: unknown security profile 0 (allowed: 1, 2, 3)`);
    const named = file('named.yaml', 'features: [Security]\n');
    expect(() => loadFeaturesFile(named)).toThrow(`${named}:1:12: /features/0: declare the security profiles the CSMS supports instead, e.g. security: [1, 2, 3]`);
  });
});

describe('the adapter file', () => {
  it('refuses a method that is not an HTTP method at its position', () => {
    const path = file('adapter.yaml', 'actions:\n  Reset:\n    method: SEND\n    url: http://x/{{stationId}}\n');
    expect(() => loadAdapterFile(path)).toThrow(`${path}:3:13: /actions/Reset/method: unknown method "SEND" (allowed: GET, POST, PUT, PATCH, DELETE)`);
  });

  it('fills placeholders from the request, the whole payload and the environment', () => {
    const request = { stationId: 'CP 1', protocol: 'ocpp2.0.1' as const, action: 'Reset', payload: { type: 'OnIdle', evseId: 2, idToken: { idToken: 'T' } }, instruction: 'reset' };
    const vars = templateVariables(request, { TOKEN: 'abc' });
    const missing = new Set<string>();
    expect(fillTemplate({ a: '{{payload}}', b: 'x-{{type}}-{{evseId}}', c: '{{idToken.idToken}}', d: 'Bearer {{env.TOKEN}}' }, vars, missing)).toEqual({
      a: request.payload, b: 'x-OnIdle-2', c: 'T', d: 'Bearer abc',
    });
    expect(missing.size).toBe(0);
    fillTemplate('{{connectorId}}', vars, missing);
    expect([...missing]).toEqual(['connectorId']);
  });

  it('reports an action without a template as not requested, naming the actions it has', async () => {
    const adapter = fileAdapter({ headers: {}, actions: { Reset: { method: 'POST', url: 'http://127.0.0.1:1/x', headers: {} } } });
    const outcome = await adapter.perform({ stationId: 'S', protocol: 'ocpp1.6', action: 'ClearCache', payload: {}, instruction: 'clear' });
    expect(outcome).toEqual({ done: false, reason: 'the adapter file has no template for ClearCache (it has Reset)' });
  });
});
