/**
 * `POST /alerts`: where a third-party CSMS reports what its issue detection found, as JSON
 * `{ type, stationId?, siteId?, connectorId?, at?, escalatedTo? }` (docs/third-party-csms.md). One intake
 * serves the whole suite; alerts go to the scenario running at the time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Alert {
  type: string;
  stationId?: string;
  siteId?: string;
  connectorId?: number;
  /** When the CSMS saw the condition: ISO 8601 or epoch ms. Absent: when the alert arrived. */
  at?: string | number;
  /** The team the CSMS handed the issue to, if it says. */
  escalatedTo?: string;
}

const MAX_BODY_BYTES = 64 * 1024;

export class WebhookIntake {
  private listener: ((alert: Alert) => void) | undefined;

  private constructor(private readonly server: Server) {}

  static async start(port: number, host = '127.0.0.1'): Promise<WebhookIntake> {
    const server = createServer();
    const intake = new WebhookIntake(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void intake.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return intake;
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address}:${port}/alerts`;
  }

  /** Alerts go to `listener` until the next call; `undefined` drops them (between scenarios). */
  route(listener: ((alert: Alert) => void) | undefined): void {
    this.listener = listener;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (new URL(req.url ?? '/', 'http://intake.invalid').pathname !== '/alerts') return answer(404, { error: 'POST alerts to /alerts' });
    if (req.method !== 'POST') return answer(405, { error: 'only POST is allowed on /alerts' });
    let text = '';
    for await (const chunk of req) {
      text += String(chunk);
      if (text.length > MAX_BODY_BYTES) return answer(413, { error: `an alert is at most ${MAX_BODY_BYTES} bytes` });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return answer(400, { error: 'the body is not JSON' });
    }
    const problem = alertProblem(body);
    if (problem) return answer(400, { error: problem });
    this.listener?.(body as Alert);
    answer(202, { accepted: true });
  }
}

/** What is wrong with an alert, or undefined when it is fine. */
export function alertProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'an alert is a JSON object { type, stationId?, siteId?, connectorId?, at?, escalatedTo? }';
  const alert = body as Record<string, unknown>;
  const known = ['type', 'stationId', 'siteId', 'connectorId', 'at', 'escalatedTo'];
  const unknown = Object.keys(alert).filter((key) => !known.includes(key));
  if (unknown.length > 0) return `unknown field ${unknown.join(', ')}; allowed: ${known.join(', ')}`;
  if (typeof alert['type'] !== 'string' || alert['type'] === '') return 'type: expected an issue type such as safety-fault';
  for (const key of ['stationId', 'siteId', 'escalatedTo']) if (alert[key] !== undefined && typeof alert[key] !== 'string') return `${key}: expected a string`;
  if (alert['connectorId'] !== undefined && !(Number.isInteger(alert['connectorId']) && (alert['connectorId'] as number) >= 0)) return 'connectorId: expected a whole number';
  const at = alert['at'];
  if (at !== undefined && !(typeof at === 'number' && Number.isFinite(at)) && !(typeof at === 'string' && Number.isFinite(Date.parse(at)))) {
    return 'at: expected an ISO 8601 time or epoch milliseconds';
  }
  return undefined;
}
