/**
 * The bundled CSMS started in-process for one scenario, configured from the scenario's `csms:` section,
 * on a SQLite file of its own so `restartCsms` can close it and start it again on the same state and port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../../simulator/clock.js';
import type { Csms } from '../../csms/server.js';
import type { Desk } from '../../desk/desk.js';
import { startReferenceCsms, type ReferenceCsms, type ReferenceCsmsOptions } from '../../reference-csms.js';
import type { ObservationLog } from '../observations.js';
import type { Scenario } from '../scenario/model.js';
import { observeCsmsEvent } from './event-intake.js';
import type { CsmsTarget, DeskReadings } from './target.js';

export class InProcessCsms implements CsmsTarget {
  readonly kind = 'bundled-in-process';
  private log: ObservationLog | undefined;
  private unsubscribe: (() => void) | undefined;

  private csms: Csms;
  private desk: Desk | undefined;

  private constructor(
    started: ReferenceCsms,
    private readonly options: ReferenceCsmsOptions,
    private readonly dir: string,
  ) {
    ({ csms: this.csms, desk: this.desk } = started);
  }

  static async start(scenario: Scenario, clock: Clock, settings: { tmpDir?: string; logger?: Logger }): Promise<InProcessCsms> {
    const dir = await mkdtemp(join(settings.tmpDir ?? tmpdir(), 'chargedrill-run-'));
    const { csms: setup } = scenario;
    const options: ReferenceCsmsOptions = {
      clock,
      port: 0,
      dbPath: join(dir, 'csms.db'),
      heartbeatIntervalS: Math.round(setup.heartbeatIntervalMs / 1_000),
      bootStatus: setup.bootStatus,
      sitesWithoutTariff: setup.sitesWithoutTariff,
      idTags: setup.idTags,
      ...(settings.logger ? { logger: settings.logger } : {}),
      // The desk's expected arrival follows the scenario's technician unless the file says otherwise.
      desk: { config: { detector: setup.detector, playbook: { technicianTravelMs: scenario.technician.travelMs, ...setup.desk } } },
    };
    try {
      return new InProcessCsms(await startReferenceCsms(options), options, dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get ocppUrl(): string {
    return this.csms.ocppUrl;
  }

  async observe(log: ObservationLog): Promise<void> {
    this.log = log;
    this.subscribe();
  }

  sendCommand(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.csms.sendCommand(stationId, action, payload);
  }

  async restart(): Promise<void> {
    const port = this.csms.port;
    this.unsubscribe?.();
    await this.csms.close();
    // Same port: the stations keep their URL and reconnect on their own backoff.
    ({ csms: this.csms, desk: this.desk } = await startReferenceCsms({ ...this.options, port }));
    this.subscribe();
  }

  async deskReadings(fromMs: number, toMs: number): Promise<DeskReadings | undefined> {
    const log = this.log;
    if (!log || !this.desk) return undefined;
    return this.desk.uptime(log.startEpochMs + fromMs, log.startEpochMs + toMs);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    try {
      await this.csms.close();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }

  private subscribe(): void {
    const log = this.log;
    if (log) this.unsubscribe = this.csms.onAny((event) => observeCsmsEvent(log, event));
  }
}
