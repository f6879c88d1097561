/** A meter sample as 1.6 SampledValue (strings) and 2.0.1 SampledValue (numbers) lists. */
import type { MeterSample } from './meter.js';

export type ReadingContext = 'Transaction.Begin' | 'Sample.Periodic' | 'Sample.Clock' | 'Transaction.End' | 'Trigger';

export interface SampledValue16 {
  [key: string]: unknown;
  value: string;
  context: ReadingContext;
  measurand: string;
  location: 'Outlet';
  unit: string;
}

export interface SampledValue201 {
  [key: string]: unknown;
  value: number;
  context: ReadingContext;
  measurand: string;
  location: 'Outlet';
  unitOfMeasure: { unit: string };
}

interface Reading {
  measurand: string;
  unit: string;
  value: number;
}

function readings(sample: MeterSample): Reading[] {
  return [
    { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: Math.round(sample.energyWh) },
    { measurand: 'Power.Active.Import', unit: 'W', value: Math.round(sample.powerW) },
    { measurand: 'Current.Import', unit: 'A', value: sample.currentA },
    { measurand: 'Voltage', unit: 'V', value: sample.voltageV },
  ];
}

export function sampledValues16(sample: MeterSample, context: ReadingContext): SampledValue16[] {
  return readings(sample).map((r) => ({ value: String(r.value), context, measurand: r.measurand, location: 'Outlet', unit: r.unit }));
}

export function sampledValues201(sample: MeterSample, context: ReadingContext): SampledValue201[] {
  return readings(sample).map((r) => ({ value: r.value, context, measurand: r.measurand, location: 'Outlet', unitOfMeasure: { unit: r.unit } }));
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
