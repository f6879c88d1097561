/** One CALL from a station as the rules see it. */
export interface InboundCall {
  readonly messageId: string;
  readonly action: string;
  /** Schema-valid in the `call` phase; anything at all in the `frame` phase. */
  readonly payload: Record<string, unknown>;
}
