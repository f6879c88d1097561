/**
 * What a CSMS may answer to one hostile frame, and the verdict on what it did. Codes are written in the
 * generic (2.0.1) spelling and judged in the spelling of the connection's version (`wireCode`), so a 2.0.1
 * code on a 1.6 connection (RpcFrameworkError, FormatViolation, OccurrenceConstraintViolation) is wrong.
 */
import { wireCode } from '../../simulator/protocol/errors.js';
import type { GenericCode } from '../../simulator/protocol/errors.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

/** The message id an answer to a frame whose id cannot be read carries (OCPP-J 2.0.1 §4.2.3). */
export const UNREADABLE_ID = '-1';

export interface Expect {
  /** Id the answers carry; undefined when the frame's id cannot be read (answers then carry "-1"). */
  id: string | undefined;
  /** A CALLRESULT is acceptable. */
  result?: boolean;
  /** Acceptable CALLERROR codes, generic spelling. */
  codes?: readonly GenericCode[];
  /** No answer at all is acceptable (a CALLRESULT or CALLERROR is never answered). */
  silence?: boolean;
  /** Acceptable codes of a close by the CSMS. */
  closeCodes?: readonly number[];
  /** How many answers the frame may get (a CALL sent twice with one id: 2). Default 1. */
  answers?: number;
  /** Fewest answers that are per spec (an identical copy may be answered once: 1). Default `answers`. */
  minAnswers?: number;
}

/** What came back for one probe. */
export interface Observed {
  /** Answers with the probe's id (or "-1" for an unreadable id), in arrival order. */
  answers: unknown[][];
  /** Close code when the CSMS closed the socket during the probe. */
  closeCode?: number;
}

/** The verdict on one frame; `got` says what came back in any case (reports count answers by it). */
export interface Verdict {
  outcome: 'per-spec' | 'wrong' | 'dropped';
  got: string;
  expected: string;
}

/** The spec's answer as text, e.g. `CALLERROR FormationViolation|TypeConstraintViolation or close 1009`. */
export function describeExpect(expect: Expect, protocol: OcppProtocol): string {
  const parts: string[] = [];
  if (expect.result) parts.push('CALLRESULT');
  if (expect.codes && expect.codes.length > 0) parts.push(`CALLERROR ${[...new Set(expect.codes.map((c) => wireCode(protocol, c)))].join('|')}`);
  if (expect.closeCodes && expect.closeCodes.length > 0) parts.push(`close ${expect.closeCodes.join('|')}`);
  if (expect.silence) parts.push('no answer');
  const count = expect.answers ?? 1;
  const least = expect.minAnswers ?? count;
  const howMany = count > 1 ? (least < count ? `${least} to ${count} answers, each ` : `${count} answers, each `) : '';
  return `${howMany}${parts.join(' or ')}${expect.id === undefined && !expect.silence ? ` (id "${UNREADABLE_ID}")` : ''}`;
}

export function describeAnswer(frame: unknown[]): string {
  if (frame[0] === 3) return 'CALLRESULT';
  if (frame[0] === 4) return `CALLERROR ${String(frame[2])}`;
  return `frame type ${JSON.stringify(frame[0])}`;
}

/** What came back, in words: the answers, a close, or nothing. */
export function describeObserved(observed: Observed): string {
  const parts = observed.answers.map(describeAnswer);
  if (observed.closeCode !== undefined) parts.push(`close ${observed.closeCode}`);
  return parts.length === 0 ? 'no answer' : parts.join(', ');
}

/** Judges what came back against what the spec allows. */
export function judge(expect: Expect, observed: Observed, protocol: OcppProtocol): Verdict {
  const expected = describeExpect(expect, protocol);
  const got = describeObserved(observed);
  const codes = new Set<string>((expect.codes ?? []).map((code) => wireCode(protocol, code)));
  const wanted = expect.answers ?? 1;
  const verdict = (outcome: Verdict['outcome']): Verdict => ({ outcome, got, expected });
  for (const answer of observed.answers) {
    const ok = (answer[0] === 3 && expect.result === true) || (answer[0] === 4 && codes.has(String(answer[2])));
    if (!ok) return verdict('wrong');
  }
  if (observed.answers.length > wanted) return verdict('wrong');
  if (observed.closeCode !== undefined) return verdict(expect.closeCodes?.includes(observed.closeCode) ? 'per-spec' : 'wrong');
  const least = expect.minAnswers ?? wanted;
  if (observed.answers.length >= least || (observed.answers.length === 0 && expect.silence === true)) return verdict('per-spec');
  return verdict('dropped');
}
