/**
 * A third party's CSMS: stations connect to its OCPP URL, commands are seen on the wire by the stations,
 * and issues come from the alerts it POSTs to the runner's webhook intake.
 */
import type { Clock } from '../../../simulator/clock.js';
import { placeText } from '../../../simulator/vocabulary/place.js';
import { siteOfStation } from '../../../simulator/vocabulary/site.js';
import type { ObservationLog } from '../observations.js';
import type { EscalationTarget } from '../../issues/teams.js';
import type { CsmsTarget } from './target.js';
import type { Alert, WebhookIntake } from './webhook-intake.js';

export class ThirdPartyCsms implements CsmsTarget {
  readonly kind = 'third-party';
  private alerts = 0;

  constructor(
    readonly ocppUrl: string,
    private readonly intake: WebhookIntake | undefined,
    private readonly clock: Clock,
  ) {}

  async observe(log: ObservationLog): Promise<void> {
    if (!this.intake) {
      log.warn('no --webhook-port: issues raised by the third-party CSMS cannot be observed, only commands on the wire');
      return;
    }
    this.intake.route((alert) => this.record(log, alert));
  }

  async close(): Promise<void> {
    this.intake?.route(undefined);
  }

  private record(log: ObservationLog, alert: Alert): void {
    const id = `alert-${++this.alerts}`;
    const raisedAtMs = log.relative(this.alertTime(alert));
    const issue = {
      id,
      type: alert.type,
      code: alert.type,
      severity: 'unknown',
      ...(alert.stationId !== undefined ? { stationId: alert.stationId } : {}),
      ...(alert.siteId !== undefined ? { siteId: alert.siteId } : alert.stationId ? { siteId: siteOfStation(alert.stationId) } : {}),
      ...(alert.connectorId !== undefined ? { connectorId: alert.connectorId } : {}),
      raisedAtMs,
      source: 'alert' as const,
    };
    log.issueRaised(issue, `${alert.type} alert on ${placeText(issue)}`);
    if (alert.escalatedTo) log.escalation({ id: `${id}-escalation`, issueId: id, target: alert.escalatedTo as EscalationTarget, reason: 'reported by the CSMS', atMs: raisedAtMs });
  }

  /** The alert's own time only when simulated time is real time; otherwise when it arrived. */
  private alertTime(alert: Alert): number {
    const now = this.clock.now();
    if (alert.at === undefined || this.clock.timeScale !== 1) return now;
    const at = typeof alert.at === 'number' ? alert.at : Date.parse(alert.at);
    // A CSMS clock ahead of ours must not date an alert in the future.
    return Math.min(at, now);
  }
}
