/**
 * 2.0.1 device model and transaction status: GetVariables, SetVariables, GetBaseReport, GetReport and
 * GetTransactionStatus. Reports are answered at once and their data follows in NotifyReport messages.
 */
import type { CsmsAction201, Request201, Response201 } from '../../protocol/actions.js';
import { OcppError } from '../../protocol/errors.js';
import type { ComponentType, ReportDataType } from '../../protocol/generated/ocpp201.js';
import type { StationControl } from '../control.js';
import { deviceVariables, reportData, resolve, sameComponent, sameVariable, type DeviceVariable } from '../device-model.js';
import type { StationDialect } from '../dialect.js';
import { isoTime } from '../sampled-values.js';

type Handler201<A extends CsmsAction201> = (req: Request201<A>, control: StationControl, dialect: StationDialect) => Response201<A>;

/** reportData items per NotifyReport; a full inventory of a two-EVSE station takes several messages. */
export const REPORT_ITEMS_PER_MESSAGE = 25;

/** Refuses a request with more items than the station's DeviceDataCtrlr.ItemsPerMessage[instance] allows. */
function checkItems(control: StationControl, instance: 'GetVariables' | 'SetVariables' | 'GetReport', count: number): void {
  const found = control.config.lookup({ name: 'DeviceDataCtrlr' }, { name: 'ItemsPerMessage', instance });
  const limit = found.ok ? control.config.integer(found.key, Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  if (count > limit) throw new OcppError('OccurrenceConstraintViolation', `${instance} carries ${count} items; DeviceDataCtrlr.ItemsPerMessage[${instance}] is ${limit}`);
}

const getVariables: Handler201<'GetVariables'> = (req, control) => {
  checkItems(control, 'GetVariables', req.getVariableData.length);
  const variables = deviceVariables(control);
  return {
    getVariableResult: req.getVariableData.map((request): Response201<'GetVariables'>['getVariableResult'][number] => {
      const base = { component: request.component, variable: request.variable };
      // Only the Actual attribute exists here; Target, MinSet and MaxSet are not kept.
      if (request.attributeType !== undefined && request.attributeType !== 'Actual') return { ...base, attributeType: request.attributeType, attributeStatus: 'NotSupportedAttributeType' };
      const resolved = resolve(variables, request.component, request.variable);
      if ('status' in resolved) return { ...base, attributeStatus: resolved.status };
      return { ...base, attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: resolved.found.value };
    }),
  };
};

const setVariables: Handler201<'SetVariables'> = (req, control) => {
  checkItems(control, 'SetVariables', req.setVariableData.length);
  const variables = deviceVariables(control);
  return {
    setVariableResult: req.setVariableData.map((request): Response201<'SetVariables'>['setVariableResult'][number] => {
      const attributeType = request.attributeType ?? 'Actual';
      const base = { component: request.component, variable: request.variable, attributeType };
      if (attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      const resolved = resolve(variables, request.component, request.variable);
      if ('status' in resolved) return { ...base, attributeStatus: resolved.status };
      const { key } = resolved.found;
      // Live variables (availability, DateTime) are read-only: they change with the station, not by request.
      if (key === undefined) return { ...base, attributeStatus: 'Rejected' };
      const result = control.config.set(key, request.attributeValue);
      return { ...base, attributeStatus: result === 'NotSupported' ? 'Rejected' : result };
    }),
  };
};

/** Sends `items` as NotifyReport messages once the answer is out: seqNo from 0, tbc on all but the last. */
function sendReport(control: StationControl, requestId: number, items: readonly DeviceVariable[]): void {
  const generatedAt = isoTime(control.now());
  const data: ReportDataType[] = items.map(reportData);
  control.afterReply(async () => {
    const parts = Math.max(1, Math.ceil(data.length / REPORT_ITEMS_PER_MESSAGE));
    for (let seqNo = 0; seqNo < parts; seqNo++) {
      const reportDataPart = data.slice(seqNo * REPORT_ITEMS_PER_MESSAGE, (seqNo + 1) * REPORT_ITEMS_PER_MESSAGE);
      await control.send('NotifyReport', { requestId, generatedAt, seqNo, tbc: seqNo < parts - 1, reportData: reportDataPart });
    }
  });
}

/** SummaryInventory: what tells the CSMS whether the station can charge now (B07). */
const SUMMARY_VARIABLES = new Set(['AvailabilityState', 'Available', 'Problem']);

const getBaseReport: Handler201<'GetBaseReport'> = (req, control) => {
  const all = deviceVariables(control);
  const chosen =
    req.reportBase === 'FullInventory'
      ? all
      : req.reportBase === 'ConfigurationInventory'
        ? all.filter((v) => v.mutability !== 'ReadOnly')
        : all.filter((v) => SUMMARY_VARIABLES.has(v.variable.name));
  sendReport(control, req.requestId, chosen);
  return { status: 'Accepted' };
};

const componentKey = (c: ComponentType) => `${c.name}|${c.instance ?? ''}|${c.evse?.id ?? ''}|${c.evse?.connectorId ?? ''}`;

const getReport: Handler201<'GetReport'> = (req, control) => {
  const wanted = req.componentVariable ?? [];
  checkItems(control, 'GetReport', wanted.length);
  const all = deviceVariables(control);
  let chosen = wanted.length === 0 ? all : all.filter((v) => wanted.some((w) => sameComponent(v.component, w.component, true) && (!w.variable || sameVariable(v.variable, w.variable, true))));
  const criteria = req.componentCriteria ?? [];
  if (criteria.length > 0) {
    // A component meets a criterion (Active, Available, Enabled, Problem) when its variable of that name is true.
    const meeting = new Set(all.filter((v) => v.value === 'true' && (criteria as readonly string[]).includes(v.variable.name)).map((v) => componentKey(v.component)));
    chosen = chosen.filter((v) => meeting.has(componentKey(v.component)));
  }
  if (chosen.length === 0) return { status: 'EmptyResultSet' };
  sendReport(control, req.requestId, chosen);
  return { status: 'Accepted' };
};

const getTransactionStatus: Handler201<'GetTransactionStatus'> = (req, control, dialect) => {
  const pending = dialect.unconfirmedTransactionMessages?.(req.transactionId) ?? 0;
  if (req.transactionId === undefined) return { messagesInQueue: pending > 0 };
  return { ongoingIndicator: control.findTransaction(req.transactionId) !== undefined, messagesInQueue: pending > 0 };
};

export const DEVICE_MODEL_COMMANDS_201 = {
  GetVariables: getVariables,
  SetVariables: setVariables,
  GetBaseReport: getBaseReport,
  GetReport: getReport,
  GetTransactionStatus: getTransactionStatus,
} as const;
