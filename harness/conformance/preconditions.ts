/**
 * OCTT's reusable states, implemented once per version. A state that cannot be reached because the CSMS says no
 * (boot not Accepted, token refused) makes the case INCONCLUSIVE; a broken rule on the way (a timeout, a frame
 * that breaks the schema) is still a FAIL.
 */
import type { CaseContext } from './context.js';
import { authorize16, bootNotification16, startTransaction16, statusNotification16 } from './messages16.js';
import { authorize201, bootNotification201, idTokenStatus, statusNotification201, transactionEvent201 } from './messages201.js';
import { Inconclusive, type PreconditionName } from './types.js';

function reached(ok: boolean, state: PreconditionName, why: string): void {
  if (!ok) throw new Inconclusive(`precondition ${state} not reached: ${why}`);
}

/** Boots (after a reconnect when `reboot`) and reports connectors Available. */
export async function boot(ctx: CaseContext, reason = 'PowerUp'): Promise<void> {
  if (ctx.protocol === 'ocpp1.6') {
    const answer = await bootNotification16(ctx);
    reached(answer['status'] === 'Accepted', 'Booted', `BootNotification answered ${String(answer['status'])}`);
    await statusNotification16(ctx, 'Available', 'NoError', 0);
    await statusNotification16(ctx, 'Available');
  } else {
    const answer = await bootNotification201(ctx, reason);
    reached(answer['status'] === 'Accepted', 'Booted', `BootNotification answered ${String(answer['status'])}`);
    await statusNotification201(ctx, 'Available');
  }
}

async function authorized(ctx: CaseContext): Promise<void> {
  if (ctx.protocol === 'ocpp1.6') {
    const status = await authorize16(ctx, ctx.tokens.valid);
    reached(status === 'Accepted', 'Authorized', `Authorize of the valid token answered ${String(status)}`);
  } else {
    const answer = await authorize201(ctx, ctx.tokens.valid);
    const status = idTokenStatus(ctx, answer, 'AuthorizeResponse');
    reached(status === 'Accepted', 'Authorized', `Authorize of the valid token answered ${String(status)}`);
  }
}

/** 1.6 Charging / 2.0.1 EnergyTransferStarted, after Authorized. */
async function charging(ctx: CaseContext): Promise<void> {
  if (ctx.protocol === 'ocpp1.6') {
    await statusNotification16(ctx, 'Preparing');
    const status = await startTransaction16(ctx, ctx.tokens.valid);
    reached(status === 'Accepted', 'Charging', `StartTransaction answered idTagInfo.status ${String(status)}`);
    await statusNotification16(ctx, 'Charging');
  } else {
    await statusNotification201(ctx, 'Occupied');
    const answer = await transactionEvent201(ctx, 'Started', 'Authorized', { chargingState: 'Charging', idToken: ctx.tokens.valid });
    const status = idTokenStatus(ctx, answer, 'TransactionEventResponse');
    reached(status === 'Accepted', 'Charging', `TransactionEvent Started answered idTokenInfo.status ${String(status)}`);
  }
}

async function unavailable(ctx: CaseContext): Promise<void> {
  if (ctx.protocol === 'ocpp1.6') await statusNotification16(ctx, 'Unavailable');
  else await statusNotification201(ctx, 'Unavailable');
}

export const PRECONDITIONS: Readonly<Record<PreconditionName, (ctx: CaseContext) => Promise<void>>> = {
  Booted: (ctx) => boot(ctx),
  Authorized: authorized,
  Charging: charging,
  Unavailable: unavailable,
};
