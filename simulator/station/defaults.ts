/** Station defaults in one place, units in names. */
export const STATION_DEFAULTS = {
  connectors: 2,
  maxPowerW: 22_000,
  meterValueIntervalS: 60,
  /** Heartbeat until the CSMS gives an interval (and when it answers interval 0). */
  heartbeatIntervalS: 300,
  /** Wait before the next BootNotification when Pending/Rejected come with interval 0, or the boot got no answer. */
  bootRetryS: 30,
  unplugAfterS: 30,
  /** A RemoteStart has no plan: the EV charges this long. */
  remoteSessionDurationS: 1_800,
  nominalVoltageV: 230,
  seed: 1,
  /** Real time a shutdown waits for the CSMS to answer the stop messages before closing the socket. */
  shutdownGraceMs: 5_000,
} as const;
