/** A conformance case: OCTT's metadata, and `run`, which sends its frames and checks exactly its validations. */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { SecurityProfile } from '../../simulator/security/credentials.js';
import type { CaseContext } from './context.js';
import type { Feature, PreconditionName } from './types.js';

export interface TestCase {
  /** OCTT id, e.g. TC_B_01_CSMS (2.0.1) or TC_001_CSMS (1.6). */
  id: string;
  title: string;
  /**
   * Where the title comes from: `octt` when the OCTT test case document's name was found; `summary` when only a
   * third-party summary of the OCTT case was found, so the exact OCTT wording is not confirmed; `chargedrill`
   * for a check of chargedrill's own (its id starts with CD_, not TC_), where OCTT has no case for the rule.
   */
  titleSource: 'octt' | 'summary' | 'chargedrill';
  protocol: OcppProtocol;
  /** Functional block for 2.0.1 (A..P); for 1.6 the feature profile's initial. */
  block: string;
  useCases: readonly string[];
  requirements: readonly string[];
  feature: Feature;
  preconditions: readonly PreconditionName[];
  /** The scenario in words (manual actions included). */
  steps: readonly string[];
  /** What is checked, in words; `run` checks exactly these. */
  validations: readonly string[];
  /**
   * Security cases: the profiles the case is about. It is NOT APPLICABLE unless the run connects with one of them
   * (`--security-profile`) and the features file declares that profile.
   */
  securityProfiles?: readonly SecurityProfile[];
  /** The case opens its own connections (ctx.connectAs), each with the credentials it tests; the runner opens none. */
  ownConnection?: boolean;
  run(ctx: CaseContext): Promise<void>;
}
