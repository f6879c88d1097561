/** 2.0.1 Local Authorization List (D01 SendLocalList, D02 GetLocalListVersion). */
import type { CsmsAction201 } from '../../protocol/actions.js';
import { fromIdTokenInfo } from '../authorization.js';
import type { Handler201 } from './handler.js';

const sendLocalList: Handler201<'SendLocalList'> = (req, control) => {
  const entries = (req.localAuthorizationList ?? []).map((entry) => ({
    idTag: entry.idToken.idToken,
    // A Differential entry without idTokenInfo removes the token.
    ...(entry.idTokenInfo !== undefined && { info: fromIdTokenInfo(entry.idTokenInfo) }),
  }));
  const status = control.authorization.updateList(req.versionNumber, req.updateType, entries);
  // 2.0.1 has no NotSupported here: a disabled list (LocalAuthListCtrlr.Enabled false) fails the update.
  if (status === 'NotSupported') return { status: 'Failed', statusInfo: { reasonCode: 'Disabled' } };
  return { status };
};

// 2.0.1 has no -1: a disabled or empty list is version 0.
const getLocalListVersion: Handler201<'GetLocalListVersion'> = (_req, control) => ({
  versionNumber: control.authorization.listEnabled ? control.authorization.version : 0,
});

export const LOCAL_AUTH_COMMANDS_201: { readonly [A in CsmsAction201]?: Handler201<A> } = {
  SendLocalList: sendLocalList,
  GetLocalListVersion: getLocalListVersion,
};
