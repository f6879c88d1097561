/**
 * A connector's energy meter on simulated time. Energy accrues as power × elapsed time, the register
 * never decreases (it survives sessions and resets, like the real meter), and voltage, current and
 * power are coherent: I = P / (V · phases).
 */
import type { RandomSource } from '../random.js';

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
  /** Seeded random source for small voltage variation (a station's meters share the station's). */
  random?: RandomSource;
}

/** Mains voltage wanders about ±1 % around nominal. */
const VOLTAGE_SPREAD = 0.01;
/** Above one phase at 32 A the charger must be three-phase. */
const SINGLE_PHASE_MAX_W = 7_400;

export class EnergyMeter {
  // The options' values in fields rather than the options object: a fleet keeps a meter per connector.
  readonly maxPowerW: number;
  private readonly nominalVoltageV: number;
  private readonly random: RandomSource | undefined;
  private registerWh: number;
  private powerW = 0;
  private sinceMs: number | undefined;

  constructor(options: EnergyMeterOptions) {
    this.maxPowerW = options.maxPowerW;
    this.nominalVoltageV = options.nominalVoltageV;
    this.random = options.random;
    this.registerWh = options.initialWh ?? 0;
  }

  get phases(): number {
    return this.maxPowerW > SINGLE_PHASE_MAX_W ? 3 : 1;
  }

  /** Sets the power drawn from `atMs` on (capped to [0, maxPowerW]); energy up to `atMs` is booked first. */
  setPower(powerW: number, atMs: number): void {
    this.accrue(atMs);
    this.powerW = Math.min(Math.max(0, powerW), this.maxPowerW);
  }

  read(atMs: number): MeterSample {
    this.accrue(atMs);
    const spread = this.random ? (this.random.next() * 2 - 1) * VOLTAGE_SPREAD : 0;
    const voltageV = round(this.nominalVoltageV * (1 + spread), 1);
    const { phases } = this;
    return {
      timestampMs: atMs,
      energyWh: this.registerWh,
      powerW: this.powerW,
      voltageV,
      currentA: round(this.powerW / (voltageV * phases), 2),
      phases,
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
