/**
 * The composition root of the bundled reference CSMS: the CSMS core (csms/) with the operations desk
 * (detector/, playbook/, desk/) plugged in as its add-on. `chargedrill csms`, the scenario runner's
 * in-process CSMS, load runs and tests start it here; the CSMS core does not know the desk.
 *
 *   const { csms, desk } = await startReferenceCsms({ clock, heartbeatIntervalS: 60 });
 *
 * The desk's order of effects is stated once, in `wireDesk` below, and does not depend on the order in
 * which anything subscribed.
 */
import { Csms, type CsmsOptions } from './csms/server.js';
import type { CsmsAddOn, CsmsAddOnHost } from './csms/add-on.js';
import { isDeskEvent, type CsmsEventInput } from './csms/events.js';
import { parseDeskConfig, type DeskConfig, type DeskConfigInput } from './desk/config.js';
import { Desk } from './desk/desk.js';
import { issueEvent, relayPlaybook } from './desk/event-relay.js';
import type { ApiRoute } from './csms/http-api.js';
import { deskRoutes } from './desk/http-routes.js';
import { IssueStore } from './desk/issue-store.js';
import type { WebhookTargetInput } from './desk/webhook-config.js';
import { WebhookDispatcher } from './desk/webhooks.js';
import { Detector } from './detector/detector.js';
import type { Issue } from './detector/types.js';
import { ISSUE_CHANGES, type IssueChange } from './playbook/issue-intake.js';
import { Playbook } from './playbook/playbook.js';
import { PlaybookStore } from './playbook/store.js';
import { consoleConfigRoute, type ConsoleConfig } from './training/console-config.js';

/** The operations desk: issue detector, playbook, uptime ledger, their API and webhooks. */
export interface DeskOptions {
  /** Validated at start: a bad value throws a DeskConfigError naming the key, the value and what is allowed. */
  config?: DeskConfigInput;
  /** Added to `config.webhooks`. */
  webhooks?: WebhookTargetInput[];
}

export interface ReferenceCsmsOptions extends Omit<CsmsOptions, 'addOn'> {
  /** The operations desk, on by default; `false` for pure load tests (no detector, playbook or their tables). */
  desk?: false | DeskOptions;
  /** More routes for the HTTP API (a training session's drills, clock and fleet control), matched first. */
  routes?: readonly ApiRoute[];
  /** What `GET /api/console/config` answers; default: no fleet control, no drills, the clock running. */
  consoleConfig?: () => ConsoleConfig;
  /** Sees every HTTP request first (an access token); false when it refused it. */
  requestGate?: CsmsAddOn['gate'];
}

export interface ReferenceCsms {
  csms: Csms;
  /** Undefined when started with `desk: false`. */
  desk: Desk | undefined;
}

export async function startReferenceCsms(options: ReferenceCsmsOptions = {}): Promise<ReferenceCsms> {
  const { desk: deskOptions, routes = [], consoleConfig, requestGate, ...csmsOptions } = options;
  // A bad desk config throws before anything is opened.
  const config = resolveDeskConfig(deskOptions);
  let desk: Desk | undefined;
  const addOn = (host: CsmsAddOnHost): CsmsAddOn => {
    if (config) desk = wireDesk(host, config);
    const consoleView = consoleConfig ?? (() => ({ control: false, drills: false, timeScale: host.clock.timeScale, paused: false }));
    // Without a desk its routes still answer, saying it is off.
    return {
      routes: [...routes, consoleConfigRoute(consoleView), ...deskRoutes(() => desk)],
      stop: () => desk?.stop(),
      ...(requestGate !== undefined && { gate: requestGate }),
    };
  };
  const csms = await Csms.start({ ...csmsOptions, addOn });
  return { csms, desk };
}

function resolveDeskConfig(desk: false | DeskOptions | undefined): DeskConfig | undefined {
  if (desk === false) return undefined;
  const config = desk?.config ?? {};
  const extra = desk?.webhooks;
  // A non-array `config.webhooks` is left as it is, for validation to name it.
  const merge = extra !== undefined && (config.webhooks === undefined || Array.isArray(config.webhooks));
  return parseDeskConfig(merge ? { ...config, webhooks: [...(config.webhooks ?? []), ...extra] } : config);
}

/** Builds the desk's parts on the CSMS's clock, database and commands, and connects them in a stated order. */
function wireDesk(host: CsmsAddOnHost, config: DeskConfig): Desk {
  const { clock, logger } = host;
  const issueStore = new IssueStore(host.db);
  const playbookStore = new PlaybookStore(host.db);
  const webhooks = new WebhookDispatcher(config.webhooks, logger);
  const detector = new Detector({
    clock,
    config: config.detector,
    heartbeatIntervalS: host.heartbeatIntervalS,
    siteOf: host.siteOf,
    stationsOfSite: host.stationsOfSite,
  });
  // Loads open tickets, work orders and uptime history from the store.
  const playbook = new Playbook({
    clock,
    config: config.playbook,
    commands: { send: host.sendCommand },
    protocolOf: host.protocolOf,
    isConnected: host.isConnected,
    messageLog: host.messageLog,
    store: playbookStore,
  });
  const desk = new Desk({ clock, config, detector, playbook, issueStore, playbookStore, webhooks });

  const publish = (input: CsmsEventInput): void => {
    const event = host.publish(input);
    if (isDeskEvent(event)) webhooks.deliver(event);
  };

  // The order of effects of an issue change (raised, updated or resolved; on a CSMS event or a detector
  // deadline): 1. it is saved, 2. it is announced on the bus and to webhooks, 3. the playbook acts on it.
  // So a restart finds every issue the playbook acted on, and the ticket, escalation and commands an issue
  // causes reach the bus after the issue itself.
  const issueChanged = (change: IssueChange, issue: Issue): void => {
    issueStore.save(issue);
    publish(issueEvent(change, issue));
    playbook.onIssue(change, issue);
  };
  for (const change of ISSUE_CHANGES) detector.on(change, (issue) => issueChanged(change, issue));
  // The playbook's own events (tickets, escalations, actions, work orders) are published as they happen.
  relayPlaybook(playbook, publish);

  // The order of effects of a CSMS event (not the desk's own): 1. the detector, whose issue changes run the
  // sequence above at once, 2. the playbook (verification, work-order closing, uptime), which so sees the
  // event after the issues it caused.
  host.onAny((event) => {
    if (desk.stopped || isDeskEvent(event)) return;
    detector.handle(event);
    playbook.handle(event);
  });

  detector.on('internal-error', (err, where) => logger.error({ err, where }, 'detector failed'));
  // After stop, commands still in flight fail as stations disconnect: that is no desk failure.
  playbook.on('internal-error', (err, where) => (desk.stopped ? logger.debug({ err, where }, 'playbook after stop') : logger.error({ err, where }, 'playbook failed')));
  detector.restore(issueStore.find({ open: true }));
  return desk;
}
