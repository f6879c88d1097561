/** Picks the CSMS under test from `--csms-url`: none → bundled in-process, http(s) → bundled elsewhere, ws(s) → a third party. */
import type { Clock } from '../../../simulator/clock.js';
import type { RunOptions } from '../options.js';
import type { Scenario } from '../scenario/model.js';
import { InProcessCsms } from './in-process.js';
import { compileOcppValidators } from './ocpp-validators.js';
import { RemoteBundledCsms } from './remote-bundled.js';
import type { CsmsKind, CsmsTarget } from './target.js';
import { ThirdPartyCsms } from './third-party.js';
import type { WebhookIntake } from './webhook-intake.js';

export function csmsKindOf(csmsUrl: string | undefined): CsmsKind {
  if (csmsUrl === undefined) return 'bundled-in-process';
  const protocol = new URL(csmsUrl).protocol;
  if (protocol === 'http:' || protocol === 'https:') return 'bundled-remote';
  if (protocol === 'ws:' || protocol === 'wss:') return 'third-party';
  throw new RangeError(`--csms-url must be http(s):// (the bundled CSMS elsewhere) or ws(s):// (a third-party OCPP endpoint), got ${csmsUrl}`);
}

export async function openCsms(scenario: Scenario, clock: Clock, options: RunOptions, intake: WebhookIntake | undefined): Promise<CsmsTarget> {
  const url = options.csmsUrl;
  // Before the fleet boots: a schema compiled mid-scenario is seconds of simulated time lost.
  compileOcppValidators();
  switch (csmsKindOf(url)) {
    case 'bundled-in-process':
      return InProcessCsms.start(scenario, clock, { ...(options.tmpDir ? { tmpDir: options.tmpDir } : {}), ...(options.logger ? { logger: options.logger } : {}) });
    case 'bundled-remote':
      return new RemoteBundledCsms(url as string, clock);
    case 'third-party':
      return new ThirdPartyCsms((url as string).replace(/\/+$/, ''), intake, clock);
  }
}
