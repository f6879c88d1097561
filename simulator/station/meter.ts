/**
 * A connector's energy meter on simulated time. Energy accrues as power × elapsed time, the register
 * never decreases (it survives sessions and resets, like the real meter), and voltage, current and
 * power are coherent: I = P / (V · phases).
 */

export interface MeterSample {
  /** Simulated epoch milliseconds of the reading. */
  timestampMs: number;
  energyWh: number;
  powerW: number;
  voltageV: number;
  /** Per-phase current. */
  currentA: number;
  phases: number;
}

export interface EnergyMeterOptions {
  maxPowerW: number;
  nominalVoltageV: number;
  /** Register at installation, Wh. */
  initialWh?: number;
  /** Seeded random source for small voltage variation. */
  random?: () => number;
}

/** Mains voltage wanders about ±1 % around nominal. */
const VOLTAGE_SPREAD = 0.01;
/** Above one phase at 32 A the charger must be three-phase. */
const SINGLE_PHASE_MAX_W = 7_400;

export class EnergyMeter {
  readonly phases: number;
  private registerWh: number;
  private powerW = 0;
  private sinceMs: number | undefined;

  constructor(private readonly options: EnergyMeterOptions) {
    this.registerWh = options.initialWh ?? 0;
    this.phases = options.maxPowerW > SINGLE_PHASE_MAX_W ? 3 : 1;
  }

  get maxPowerW(): number {
    return this.options.maxPowerW;
  }

  /** Sets the power drawn from `atMs` on (capped to [0, maxPowerW]); energy up to `atMs` is booked first. */
  setPower(powerW: number, atMs: number): void {
    this.accrue(atMs);
    this.powerW = Math.min(Math.max(0, powerW), this.options.maxPowerW);
  }

  read(atMs: number): MeterSample {
    this.accrue(atMs);
    const spread = this.options.random ? (this.options.random() * 2 - 1) * VOLTAGE_SPREAD : 0;
    const voltageV = round(this.options.nominalVoltageV * (1 + spread), 1);
    return {
      timestampMs: atMs,
      energyWh: this.registerWh,
      powerW: this.powerW,
      voltageV,
      currentA: round(this.powerW / (voltageV * this.phases), 2),
      phases: this.phases,
    };
  }

  private accrue(atMs: number): void {
    // A reading earlier than the last one (clock skew between callers) books nothing: the register never runs backwards.
    if (this.sinceMs !== undefined && atMs > this.sinceMs) {
      this.registerWh += (this.powerW * (atMs - this.sinceMs)) / 3_600_000;
    }
    if (this.sinceMs === undefined || atMs > this.sinceMs) this.sinceMs = atMs;
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
