/**
 * The desk's one config object: `{ detector: {...}, playbook: {...}, webhooks: [...] }`. Each part is
 * checked by its own validator; problems come back prefixed with their path (`detector.stuckFinishingMs`),
 * all at once, so a config file is fixed in one go. Keys, units and defaults: docs/desk-config.md.
 */
import { validateDetectorConfig, parseDetectorConfig, type DetectorConfig } from '../detector/config.js';
import { parsePlaybookConfig, validatePlaybookConfig, type PlaybookConfig, type PlaybookConfigInput } from '../playbook/config.js';
import { resolveWebhooks, validateWebhooks, type WebhookTarget, type WebhookTargetInput } from './webhook-config.js';

export interface DeskConfigInput {
  detector?: Partial<DetectorConfig>;
  playbook?: PlaybookConfigInput;
  webhooks?: WebhookTargetInput[];
}

export interface DeskConfig {
  detector: DetectorConfig;
  playbook: PlaybookConfig;
  webhooks: WebhookTarget[];
}

const SECTIONS = ['detector', 'playbook', 'webhooks'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function prefixed(section: string, problems: readonly string[]): string[] {
  return problems.map((problem) => `${section}.${problem}`);
}

/** Every problem of a desk config (unknown keys included); empty when it is fine. */
export function validateDeskConfig(input: unknown): string[] {
  if (!isRecord(input)) return [`config: ${JSON.stringify(input) ?? String(input)} is not allowed, expected an object { detector?, playbook?, webhooks? }`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      problems.push(`${key}: is not a known section, expected one of ${SECTIONS.join(', ')}`);
    } else if (key === 'webhooks') {
      problems.push(...validateWebhooks(value));
    } else if (!isRecord(value)) {
      problems.push(`${key}: ${JSON.stringify(value) ?? String(value)} is not allowed, expected an object`);
    } else {
      problems.push(...prefixed(key, key === 'detector' ? validateDetectorConfig(value) : validatePlaybookConfig(value)));
    }
  }
  return problems;
}

export class DeskConfigError extends Error {
  readonly code = 'CD_ERR_DESK_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`invalid desk config: ${problems.join('; ')}`);
    this.name = 'DeskConfigError';
  }
}

/** Defaults overlaid with `input`; throws one DeskConfigError listing every problem. */
export function parseDeskConfig(input: DeskConfigInput = {}): DeskConfig {
  const problems = validateDeskConfig(input);
  if (problems.length > 0) throw new DeskConfigError(problems);
  return {
    detector: parseDetectorConfig(input.detector),
    playbook: parsePlaybookConfig(input.playbook),
    webhooks: resolveWebhooks(input.webhooks ?? []),
  };
}
