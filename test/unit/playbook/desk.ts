/**
 * A playbook on a ManualClock with a fake station behind `commands`: every call is recorded and answered
 * like a station would; a test decides which command brings the connector back (the fake then reports
 * Available, as a real station does after answering). Issues are synthetic, stamped like the detector's.
 */
import type { CsmsEvent, CsmsEventInput } from '../../../harness/csms/events.js';
import type { Issue } from '../../../harness/detector/types.js';
import { ISSUE_TYPES, type IssueType } from '../../../harness/issues/catalogue.js';
import type { PlaybookConfigInput } from '../../../harness/playbook/config.js';
import { Playbook } from '../../../harness/playbook/playbook.js';
import type { PlaybookStore } from '../../../harness/playbook/store.js';
import type { ActionRecord, Change, EscalationRecord, Ticket, WorkOrder } from '../../../harness/playbook/types.js';
import { ManualClock } from '../detector/manual-clock.js';

export interface Call {
  stationId: string;
  action: string;
  payload: Record<string, unknown>;
  atMs: number;
}

/** What the fake station does with a command: its answer, and optionally a status it reports afterwards. */
export type Behaviour = (call: Call) => { response?: Record<string, unknown>; error?: Error; then?: () => void } | undefined;

const STANDARD_ANSWERS: Record<string, Record<string, unknown>> = {
  Reset: { status: 'Accepted' },
  UnlockConnector: { status: 'Unlocked' },
  TriggerMessage: { status: 'Accepted' },
  ChangeAvailability: { status: 'Accepted' },
  RemoteStartTransaction: { status: 'Accepted' },
  RequestStartTransaction: { status: 'Accepted' },
  RemoteStopTransaction: { status: 'Accepted' },
  RequestStopTransaction: { status: 'Accepted' },
};

export interface DeskOptions {
  config?: PlaybookConfigInput;
  protocol?: 'ocpp1.6' | 'ocpp2.0.1';
  connected?: boolean;
  store?: PlaybookStore;
  clock?: ManualClock;
}

export type Desk = ReturnType<typeof createDesk>;

/** Shared by every desk: a restarted playbook must see new issues with new ids, as the detector's are. */
let issueNumber = 0;

export function createDesk(options: DeskOptions = {}) {
  const clock = options.clock ?? new ManualClock();
  const calls: Call[] = [];
  let behaviour: Behaviour = () => undefined;
  let seq = 0;
  const connected = { value: options.connected ?? true };

  const playbook = new Playbook({
    clock,
    config: options.config ?? {},
    commands: {
      send(stationId, action, payload) {
        const call: Call = { stationId, action, payload, atMs: clock.now() };
        calls.push(call);
        const plan = behaviour(call) ?? {};
        if (plan.error) return Promise.reject(plan.error);
        const response = plan.response ?? STANDARD_ANSWERS[action] ?? {};
        // A station reports its new status after it has answered.
        if (plan.then) queueMicrotask(plan.then);
        return Promise.resolve(response);
      },
    },
    protocolOf: () => options.protocol ?? 'ocpp1.6',
    isConnected: () => connected.value,
    messageLog: (stationId, limit) => Array.from({ length: Math.min(limit, 3) }, (_, i) => ({ stationId, seq: i + 1, action: 'StatusNotification' })),
    ...(options.store ? { store: options.store } : {}),
  });
  playbook.on('internal-error', (error) => {
    throw error;
  });

  const actions: ActionRecord[] = [];
  const escalations: EscalationRecord[] = [];
  const ticketEvents: { ticket: Ticket; change: Change }[] = [];
  const workOrderEvents: { workOrder: WorkOrder; change: Change }[] = [];
  playbook.on('action', (a) => actions.push(a));
  playbook.on('escalation', (e) => escalations.push(e));
  playbook.on('ticket', (e) => ticketEvents.push(e));
  playbook.on('work-order', (e) => workOrderEvents.push(e));

  function emit(input: CsmsEventInput): CsmsEvent {
    const event = { ...input, seq: ++seq, at: clock.now() } as CsmsEvent;
    playbook.handle(event);
    return event;
  }

  function status(stationId: string, connectorId: number, value: string, extra: { evseId?: number; errorCode?: string } = {}): CsmsEvent {
    return emit({ type: 'status', stationId, connectorId, status: value, ...extra });
  }

  function issue(type: IssueType, scope: Partial<Issue> = {}): Issue {
    const info = ISSUE_TYPES[type];
    const now = clock.now();
    return {
      id: `I-${++issueNumber}`,
      key: `${type}|${scope.stationId ?? scope.siteId ?? ''}|${scope.connectorId ?? ''}`,
      type,
      code: info.code,
      severity: info.severity,
      evidence: [{ seq: seq, at: now, summary: `synthetic ${type}` }],
      raisedAt: { simMs: now, realMs: now },
      details: {},
      ...scope,
    };
  }

  function raise(type: IssueType, scope: Partial<Issue> = {}): Issue {
    const raised = issue(type, scope);
    playbook.issueRaised(raised);
    return raised;
  }

  function resolve(raised: Issue): Issue {
    const now = clock.now();
    const resolved = { ...raised, resolvedAt: { simMs: now, realMs: now } };
    playbook.issueResolved(resolved);
    return resolved;
  }

  /** Lets every promise chain that can run now run (one macrotask turn drains all microtasks). */
  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
  }

  /** Moves simulated time in `stepMs` steps, letting the playbook react between steps, until `done` or `maxMs`. */
  async function runUntil(done: () => boolean, maxMs: number, stepMs = 1_000): Promise<boolean> {
    await settle();
    for (let passedMs = 0; !done() && passedMs < maxMs; passedMs += stepMs) {
      clock.advance(stepMs);
      await settle();
    }
    return done();
  }

  async function runFor(simMs: number, stepMs = 1_000): Promise<void> {
    await runUntil(() => false, simMs, stepMs);
  }

  return {
    clock,
    playbook,
    calls,
    actions,
    escalations,
    ticketEvents,
    workOrderEvents,
    connected,
    /** Replaces what the fake station does with commands. */
    behave(next: Behaviour) {
      behaviour = next;
    },
    emit,
    status,
    issue,
    raise,
    resolve,
    settle,
    runUntil,
    runFor,
    commandNames: () => calls.map((c) => (c.action === 'Reset' ? `Reset:${String(c.payload['type'])}` : c.action)),
    ticketOf: (raised: Issue) => playbook.ticketForIssue(raised.id),
  };
}
