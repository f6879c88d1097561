/** The bundled CSMS as the conformance suite's known-good target, configured with the tokens the cases present. */
import { startReferenceCsms, type ReferenceCsms, type ReferenceCsmsOptions } from '../../../harness/reference-csms.js';
import { bundledAdapter } from '../../../harness/conformance/adapters.js';
import { DEFAULT_TOKENS, type DeclaredFeatures } from '../../../harness/conformance/input-files.js';
import { runConformance, type ConformanceOptions, type ConformanceRun } from '../../../harness/conformance/runner.js';
import type { Feature } from '../../../harness/conformance/types.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';

export const ALL_FEATURES: DeclaredFeatures = {
  features: new Set<Feature>(['Core', 'LocalAuthListManagement', 'Reservation', 'SmartCharging', 'RemoteTrigger']),
  tokens: DEFAULT_TOKENS,
  securityProfiles: new Set(),
};

export async function startBundled(more: Partial<ReferenceCsmsOptions> = {}): Promise<ReferenceCsms> {
  return startReferenceCsms({
    ...more,
    desk: false,
    // Longer than a case waits for a command, so a command the CSMS never delivers is a FAIL, not a refused request.
    commandTimeoutMs: 5_000,
    idTags: { invalid: [DEFAULT_TOKENS.invalid], blocked: [DEFAULT_TOKENS.blocked], expired: [DEFAULT_TOKENS.expired] },
  });
}

export function run(
  ocppUrl: string,
  apiUrl: string,
  protocol: OcppProtocol,
  declared: DeclaredFeatures = ALL_FEATURES,
  stationId = 'S1-CP1',
  more: Partial<ConformanceOptions> = {},
): Promise<ConformanceRun> {
  return runConformance({
    ...more,
    csmsUrl: ocppUrl,
    protocol,
    stationId,
    adapter: bundledAdapter(apiUrl),
    declared,
    callTimeoutMs: 1_500,
    connectTimeoutMs: 2_000,
  });
}

export function failing(result: ConformanceRun): string[] {
  return result.cases.filter((c) => c.verdict !== 'PASS' && c.verdict !== 'NOT APPLICABLE').map((c) => c.id);
}
