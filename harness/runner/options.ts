/** What `runScenario` / `runSuite` take, and their defaults in one place. */
import type { Logger } from 'pino';
import type { ScenarioResult } from '../../reports/result.js';
import type { CsmsTarget } from './csms/target.js';
import type { ObservationLog } from './observations.js';
import type { Scenario } from './scenario/model.js';

export interface RunOptions {
  /** Overrides every scenario's seed. */
  seed?: number;
  /** Overrides every scenario's time scale (simulated ms per real ms). */
  timeScale?: number;
  /**
   * The CSMS under test. Absent: the bundled CSMS in-process, one per scenario. `http(s)://`: the bundled
   * CSMS running elsewhere (observed through its `/api/events` stream). `ws(s)://`: a third party's OCPP
   * endpoint (observed on the wire and through the webhook intake).
   */
  csmsUrl?: string;
  /** Third-party mode: port of the `POST /alerts` intake (0 picks a free one). */
  webhookPort?: number;
  /** Scenarios at once (remote CSMS: always 1, the stations would share ids). Default 2. */
  parallel?: number;
  /** Stop starting scenarios after the first that fails or errors; the rest are `skipped`. */
  bail?: boolean;
  /** Command-line patterns the suite was filtered with (recorded in the result). */
  grep?: string[];
  /** Command-line tags the suite was filtered with (recorded in the result). */
  tags?: string[];
  /**
   * Aborted: scenarios in flight stop where they are and come back `interrupted`, none is started after it,
   * and the result says `interrupted: true`. The CLI aborts it on Ctrl-C.
   */
  signal?: AbortSignal;
  /** Real ms allowed for the whole fleet to boot. Default 20 s. */
  bootTimeoutMs?: number;
  /** Real ms an event may take to arrive after the simulated moment it is about (socket, event loop). Default 150 ms. */
  settleRealMs?: number;
  /** Where the in-process CSMS keeps its SQLite file (one per scenario). Default: the OS temp directory. */
  tmpDir?: string;
  logger?: Logger;
  onScenarioStart?: (scenario: Scenario) => void;
  /**
   * Called once per scenario when the CSMS is up and observed, before the first step: the CSMS target and the
   * scenario's observation log (time 0 is now). For library users and tests that act as an extra operator,
   * e.g. a deliberately wrong desk that sends commands on issues (test/integration/proof/).
   */
  onCsmsStarted?: (csms: CsmsTarget, log: ObservationLog) => void;
  onScenarioEnd?: (result: ScenarioResult) => void;
}

export const RUN_DEFAULTS = {
  parallel: 2,
  bootTimeoutMs: 20_000,
  settleRealMs: 150,
  /** Against a third party, real time unless the user says otherwise. */
  thirdPartyTimeScale: 1,
  /** Fast, bounded reconnects so a restarted CSMS sees its stations back well inside a heartbeat. */
  reconnectBaseMs: 100,
  reconnectMaxMs: 1_000,
} as const;
