/** The teams the desk escalates to (docs/domain.md §5); the scenario schema's escalationTarget enum lists the same. */
export const ESCALATION_TARGETS = [
  'tier-1',
  'tier-2',
  'field-engineering',
  'network-it',
  'manufacturer',
  'platform-leadership',
  'engineering',
  'management',
] as const;

export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
