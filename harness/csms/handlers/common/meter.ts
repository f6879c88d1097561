/** Reads the active energy register (Wh) out of 2.0.1 meter values (1.6 stops carry meterStop instead). */
import type { Request201 } from '../../../../simulator/protocol/actions.js';

type MeterValue = Request201<'MeterValues'>['meterValue'][number];

const ENERGY = 'Energy.Active.Import.Register';

/** The last energy register reading in `meterValues`, in Wh; undefined if none. */
export function energyRegisterWh(meterValues: readonly MeterValue[] | undefined): number | undefined {
  let wh: number | undefined;
  for (const mv of meterValues ?? []) {
    for (const sv of mv.sampledValue) {
      // An absent measurand means the energy register.
      if ((sv.measurand ?? ENERGY) !== ENERGY) continue;
      const raw = Number(sv.value);
      if (!Number.isFinite(raw)) continue;
      const unit = sv.unitOfMeasure?.unit ?? 'Wh';
      const scale = (unit === 'kWh' ? 1000 : 1) * 10 ** (sv.unitOfMeasure?.multiplier ?? 0);
      wh = raw * scale;
    }
  }
  return wh;
}
