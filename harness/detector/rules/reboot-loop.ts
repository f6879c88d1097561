/**
 * Reboot loop / repeated power loss: at least `rebootLoopCount` boots, or PowerLoss stops, at one station
 * within `rebootLoopWindowMs`. Counted separately, not summed: one power loss usually shows as both a boot
 * and a replayed PowerLoss stop (one per connector), and must count once. Not counted: a boot retried
 * after Pending/Rejected (no reboot), a 2.0.1 boot whose reason says it was asked for, and a 1.6 boot
 * following a Reset the station accepted (the desk's own ladder must not raise a loop). `details.likelyCause`
 * is 'firmware' when a firmware fault was reported in the window (→ manufacturer), else 'power' (→ site).
 * Firmware faults: 1.6 StatusNotification InternalError, a CALLERROR InternalError, a 2.0.1 NotifyEvent whose
 * techCode/actualValue is InternalError (crash-loop sends it on ChargingStation.Problem), and a 2.0.1 boot
 * with reason Watchdog (the watchdog only reboots hung firmware).
 * Resolved after a full window without a counted boot or PowerLoss stop.
 */
import type { CsmsEvent } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { field, stringField } from '../payload.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';

/** 2.0.1 BootNotification reasons for a reboot someone asked for. */
const EXPECTED_BOOT_REASONS: ReadonlySet<string> = new Set(['RemoteReset', 'ScheduledReset', 'FirmwareUpdate', 'Triggered']);

/** 2.0.1 BootNotification reasons that say the firmware crashed. */
const FIRMWARE_CRASH_BOOT_REASONS: ReadonlySet<string> = new Set(['Watchdog']);

/** PowerLoss stops closer than this, with no boot between them, are one power loss. */
const SAME_POWER_LOSS_MS = 60_000;

interface StationState {
  key: string;
  bootsAtSimMs: number[];
  powerLossStopsAtSimMs: number[];
  previousBootStatus: string | undefined;
  bootCycle: number;
  powerLossCycle: number;
  resetAcceptedAtSimMs: number | undefined;
  internalErrorAtSimMs: number | undefined;
}

/** CALLERROR payloads are not typed by the event stream: accept the frame tail or an object. */
function isInternalErrorFrame(event: CsmsEvent): boolean {
  if (event.type !== 'frame' || event.direction !== 'in' || event.messageType !== 4) return false;
  const payload = event.payload;
  if (Array.isArray(payload)) return payload.includes('InternalError');
  return stringField(payload, 'errorCode') === 'InternalError' || stringField(payload, 'code') === 'InternalError';
}


export function rebootLoopRule(ctx: RuleContext): Rule {
  const { rebootLoopCount, rebootLoopWindowMs, resetBootGraceMs } = ctx.config;
  const stations = new Map<string, StationState>();

  function stateOf(stationId: string): StationState {
    let state = stations.get(stationId);
    if (!state) {
      state = {
        key: issueKey('reboot-loop', { stationId }),
        bootsAtSimMs: [],
        powerLossStopsAtSimMs: [],
        previousBootStatus: undefined,
        bootCycle: 0,
        powerLossCycle: -1,
        resetAcceptedAtSimMs: undefined,
        internalErrorAtSimMs: undefined,
      };
      stations.set(stationId, state);
    }
    return state;
  }

  function prune(times: number[], nowSimMs: number): void {
    while (times.length > 0 && (times[0] as number) <= nowSimMs - rebootLoopWindowMs) times.shift();
  }

  function internalErrorReported(state: StationState, nowSimMs: number): boolean {
    return state.internalErrorAtSimMs !== undefined && nowSimMs - state.internalErrorAtSimMs <= rebootLoopWindowMs;
  }

  function scheduleResolution(state: StationState, lastIncidentSimMs: number): void {
    ctx.deadlines.set(state.key, lastIncidentSimMs + rebootLoopWindowMs, (atSimMs) => {
      ctx.issues.resolve(state.key, atSimMs, { details: { quietForMs: rebootLoopWindowMs } });
    });
  }

  function incident(stationId: string, state: StationState, event: CsmsEvent): void {
    prune(state.bootsAtSimMs, event.at);
    prune(state.powerLossStopsAtSimMs, event.at);
    const boots = state.bootsAtSimMs.length;
    const powerLossStops = state.powerLossStopsAtSimMs.length;
    const open = ctx.issues.findOpen(state.key);
    if (!open && boots < rebootLoopCount && powerLossStops < rebootLoopCount) return;
    const internalError = internalErrorReported(state, event.at);
    const details = {
      boots,
      powerLossStops,
      windowMs: rebootLoopWindowMs,
      internalErrorReported: internalError,
      likelyCause: internalError ? 'firmware' : 'power',
      lastIncidentAtSimMs: event.at,
    };
    const evidence = [evidenceOf(event, describe(event))];
    if (open) ctx.issues.update(open, { evidence, details });
    else ctx.issues.raise({ key: state.key, type: 'reboot-loop', atSimMs: event.at, stationId, siteId: ctx.siteOf(stationId), evidence, details });
    scheduleResolution(state, event.at);
  }

  function onBoot(event: CsmsEvent & { type: 'boot' }, state: StationState): void {
    const retry = state.previousBootStatus === 'Pending' || state.previousBootStatus === 'Rejected';
    state.previousBootStatus = event.status;
    if (retry) return;
    state.bootCycle++;
    const reason = stringField(event.payload, 'reason');
    const afterReset = state.resetAcceptedAtSimMs !== undefined && event.at - state.resetAcceptedAtSimMs <= resetBootGraceMs;
    state.resetAcceptedAtSimMs = undefined;
    // Noted before the incident, so the boot that completes the loop already raises it as firmware.
    if (reason !== undefined && FIRMWARE_CRASH_BOOT_REASONS.has(reason)) noteInternalError(event);
    if (afterReset || (reason !== undefined && EXPECTED_BOOT_REASONS.has(reason))) return;
    state.bootsAtSimMs.push(event.at);
    incident(event.stationId, state, event);
  }

  function noteInternalError(event: CsmsEvent): void {
    const state = stateOf(event.stationId);
    state.internalErrorAtSimMs = event.at;
    const open = ctx.issues.findOpen(state.key);
    if (open && open.details['internalErrorReported'] !== true) {
      ctx.issues.update(open, { evidence: [evidenceOf(event, describe(event))], details: { internalErrorReported: true, likelyCause: 'firmware' } });
    }
  }

  return defineRule({
    name: 'reboot-loop',
    eventTypes: ['connect', 'boot', 'transaction-ended', 'command', 'status', 'frame', 'fault-notified'],
    handle(event) {
      switch (event.type) {
        case 'connect': {
          // A new connection's boot is a reboot even if the previous connection's boot was Pending.
          const state = stations.get(event.stationId);
          if (state) state.previousBootStatus = undefined;
          return;
        }
        case 'boot':
          onBoot(event, stateOf(event.stationId));
          return;
        case 'transaction-ended': {
          if (event.reason !== 'PowerLoss') return;
          const state = stateOf(event.stationId);
          // Several connectors' stops from one power loss belong to one boot cycle, and arrive together.
          const lastStop = state.powerLossStopsAtSimMs[state.powerLossStopsAtSimMs.length - 1];
          if (state.powerLossCycle === state.bootCycle && lastStop !== undefined && event.at - lastStop <= SAME_POWER_LOSS_MS) return;
          state.powerLossCycle = state.bootCycle;
          state.powerLossStopsAtSimMs.push(event.at);
          incident(event.stationId, state, event);
          return;
        }
        case 'command': {
          const status = field(event.response, 'status');
          if (event.action === 'Reset' && (status === 'Accepted' || status === 'Scheduled')) stateOf(event.stationId).resetAcceptedAtSimMs = event.at;
          return;
        }
        case 'status':
          if (event.errorCode === 'InternalError') noteInternalError(event);
          return;
        case 'frame':
          if (isInternalErrorFrame(event)) noteInternalError(event);
          return;
        case 'fault-notified':
          // A 2.0.1 NotifyEvent reporting InternalError (cleared alerts are not in the event).
          if (event.faults.some((fault) => fault.errorCode === 'InternalError')) noteInternalError(event);
          return;
      }
    },
    restore(issue) {
      if (issue.type !== 'reboot-loop' || issue.stationId === undefined) return;
      const last = issue.details['lastIncidentAtSimMs'];
      scheduleResolution(stateOf(issue.stationId), typeof last === 'number' ? last : issue.raisedAt.simMs);
    },
  });
}
