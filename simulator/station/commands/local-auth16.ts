/** 1.6 Local Auth List Management: SendLocalList and GetLocalListVersion (1.6 §5.10, §5.15). */
import type { CsmsAction16 } from '../../protocol/actions.js';
import { fromIdTagInfo } from '../authorization.js';
import type { Handler16 } from './handler.js';

const sendLocalList: Handler16<'SendLocalList'> = (req, control) => {
  const entries = (req.localAuthorizationList ?? []).map((entry) => ({
    idTag: entry.idTag,
    // A Differential entry without idTagInfo removes the token.
    ...(entry.idTagInfo !== undefined && { info: fromIdTagInfo(entry.idTagInfo) }),
  }));
  return { status: control.authorization.updateList(req.listVersion, req.updateType, entries) };
};

// -1: the station has no usable list (LocalAuthListEnabled false); 0: the list is empty.
const getLocalListVersion: Handler16<'GetLocalListVersion'> = (_req, control) => ({
  listVersion: control.authorization.listEnabled ? control.authorization.version : -1,
});

export const LOCAL_AUTH_COMMANDS_16: { readonly [A in CsmsAction16]?: Handler16<A> } = {
  SendLocalList: sendLocalList,
  GetLocalListVersion: getLocalListVersion,
};
