/**
 * The bundled CSMS in its own process, so a benchmark measures the fleet's memory and CPU alone.
 * Sends `{ ocppUrl }` to the parent over IPC once listening; exits when the parent disconnects.
 */
import { ScaledClock } from '../simulator/clock.js';
import { startReferenceCsms } from '../harness/reference-csms.js';

const timeScale = Number(process.env.CHARGEDRILL_TIME_SCALE ?? '1');
const { csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale }), port: 0, dbPath: ':memory:' });
process.send?.({ ocppUrl: csms.ocppUrl });
process.on('disconnect', () => {
  void csms.close().finally(() => process.exit(0));
});
