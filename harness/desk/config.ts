/**
 * The desk's one config object: `{ detector: {...}, playbook: {...}, webhooks: [...] }`. Each part is
 * checked by its own validator; problems come back at their path (`/detector/stuckFinishingMs`),
 * all at once, so a config file is fixed in one go. Keys, units and defaults: docs/desk-config.md.
 */
import { pointer, ProblemsError, under, type Problem } from '../../simulator/problems.js';
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

/** Every problem of a desk config (unknown keys included), each at its key (`/detector/stuckFinishingMs`); empty when it is fine. */
export function validateDeskConfig(input: unknown): Problem[] {
  if (!isRecord(input)) return [{ path: '', message: `${JSON.stringify(input) ?? String(input)} is not allowed`, allowed: ['an object { detector?, playbook?, webhooks? }'] }];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(input)) {
    const at = pointer(key);
    if (!(SECTIONS as readonly string[]).includes(key)) {
      problems.push({ path: at, message: 'is not a known section', allowed: [...SECTIONS] });
    } else if (key === 'webhooks') {
      problems.push(...under(at, validateWebhooks(value)));
    } else if (!isRecord(value)) {
      problems.push({ path: at, message: `${JSON.stringify(value) ?? String(value)} is not allowed`, allowed: ['an object'] });
    } else {
      problems.push(...under(at, key === 'detector' ? validateDetectorConfig(value) : validatePlaybookConfig(value)));
    }
  }
  return problems;
}

export class DeskConfigError extends ProblemsError {
  constructor(problems: readonly Problem[]) {
    super(problems, { code: 'CD_ERR_DESK_CONFIG', heading: 'invalid desk config', root: 'config' });
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
