/** Technician visit defaults in one place, units in names. */
export const TECHNICIAN_DEFAULTS = {
  idTag: 'TECHNICIAN-01',
  /** Five minutes at 11 kW: longer than the two minutes below which a session counts as failed. */
  testSessionS: 300,
  testSessionPowerW: 11_000,
  backOnlineWithinS: 900,
  availableWithinS: 900,
} as const;
