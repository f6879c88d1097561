/** The rungs of the remote-recovery ladder (docs/domain.md §5), in the order the desk climbs them. */
export const LADDER_STEPS = ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'] as const;

export type LadderStep = (typeof LADDER_STEPS)[number];
