import { describe, expect, it } from 'vitest';
import { EnergyMeter } from '../../../simulator/station/meter.js';
import { sampledValues16, sampledValues201 } from '../../../simulator/station/sampled-values.js';
import { SeededRandom } from '../../../simulator/random.js';

const HOUR_MS = 3_600_000;

describe('EnergyMeter', () => {
  it('accrues energy as power × simulated time', () => {
    const meter = new EnergyMeter({ maxPowerW: 22_000, nominalVoltageV: 230, initialWh: 1_000 });
    meter.setPower(11_000, 0);
    expect(meter.read(HOUR_MS / 2).energyWh).toBeCloseTo(1_000 + 5_500, 6);
  });

  it('caps power at maxPowerW', () => {
    const meter = new EnergyMeter({ maxPowerW: 7_400, nominalVoltageV: 230 });
    meter.setPower(50_000, 0);
    const sample = meter.read(HOUR_MS);
    expect(sample.powerW).toBe(7_400);
    expect(sample.energyWh).toBeCloseTo(7_400, 6);
  });

  it('never decreases across sessions, idle time and out-of-order readings', () => {
    const meter = new EnergyMeter({ maxPowerW: 22_000, nominalVoltageV: 230, random: new SeededRandom(3) });
    const readings: number[] = [];
    let t = 0;
    for (let session = 0; session < 3; session++) {
      meter.setPower(22_000 / (session + 1), t);
      for (let i = 0; i < 10; i++) readings.push(meter.read((t += 60_000)).energyWh);
      meter.setPower(0, t);
      readings.push(meter.read((t += 600_000)).energyWh);
      readings.push(meter.read(t - 120_000).energyWh);
    }
    for (let i = 1; i < readings.length; i++) expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1] as number);
  });

  it('reports current coherent with power and voltage (I = P / (V · phases))', () => {
    const meter = new EnergyMeter({ maxPowerW: 22_000, nominalVoltageV: 230, random: new SeededRandom(9) });
    meter.setPower(22_000, 0);
    const sample = meter.read(1_000);
    expect(sample.phases).toBe(3);
    expect(Math.abs(sample.voltageV - 230)).toBeLessThanOrEqual(2.3);
    expect(sample.currentA * sample.voltageV * sample.phases).toBeCloseTo(22_000, -1);
  });

  it('formats the four measurands for 1.6 (strings) and 2.0.1 (numbers)', () => {
    const meter = new EnergyMeter({ maxPowerW: 22_000, nominalVoltageV: 230 });
    meter.setPower(11_000, 0);
    const sample = meter.read(HOUR_MS);
    const v16 = sampledValues16(sample, 'Sample.Periodic');
    expect(v16.map((v) => v.measurand)).toEqual(['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage']);
    expect(v16[0]).toMatchObject({ value: '11000', unit: 'Wh', context: 'Sample.Periodic' });
    expect(sampledValues201(sample, 'Trigger')[1]).toMatchObject({ value: 11_000, unitOfMeasure: { unit: 'W' }, context: 'Trigger' });
  });
});
