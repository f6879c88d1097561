/**
 * Reading a control request's JSON body into typed values, collecting every problem at its JSON pointer
 * (`/connector`, `/params/count`) with what is allowed, so one 400 names them all.
 */
import { DURATION_HELP, parseDurationMs } from '../../simulator/duration.js';
import { pointer, ProblemsError, type Problem } from '../../simulator/problems.js';

/** Refused input of the control API: answered 400 `{error, problems}`. */
export class ControlInputError extends ProblemsError {
  constructor(
    problems: readonly Problem[],
    /** What was refused ("cannot inject ground-failure"); the problems say why. */
    readonly heading: string,
  ) {
    super(problems, { code: 'CHARGEDRILL_CONTROL_INPUT', heading });
    this.name = 'ControlInputError';
  }
}

/** A refusal that is not about the input's form: 404 (unknown station, fault) or 409 (the state forbids it). */
export class ControlRefusal extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ControlRefusal';
  }
}

export class BodyReader {
  readonly problems: Problem[] = [];

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly known: readonly string[],
  ) {
    for (const key of Object.keys(body)) {
      if (!known.includes(key)) this.problems.push({ path: pointer(key), message: 'unknown field', allowed: [...known] });
    }
  }

  has(key: string): boolean {
    return this.body[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.body[key];
  }

  text(key: string, options: { required?: boolean; allowed?: readonly string[] } = {}): string | undefined {
    const value = this.body[key];
    if (value === undefined) {
      if (options.required) this.problems.push({ path: pointer(key), message: 'is required', allowed: options.allowed ? [...options.allowed] : ['text'] });
      return undefined;
    }
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push({ path: pointer(key), message: `${JSON.stringify(value)} is not allowed`, allowed: options.allowed ? [...options.allowed] : ['non-empty text'] });
      return undefined;
    }
    return value;
  }

  /** A whole number from `min` to `max`; numeric text ("2") is read too, as the CLI sends flags. */
  integer(key: string, min: number, max: number): number | undefined {
    const value = this.body[key];
    if (value === undefined) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      this.problems.push({ path: pointer(key), message: `${JSON.stringify(value)} is not allowed`, allowed: [`a whole number from ${min} to ${max}`] });
      return undefined;
    }
    return n;
  }

  /** A duration of simulated time (`10m`), or a number of simulated seconds. */
  durationMs(key: string, maxMs: number): number | undefined {
    const value = this.body[key];
    if (value === undefined) return undefined;
    const ms = typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value * 1_000 : typeof value === 'string' ? parseDurationMs(value) : undefined;
    if (ms === undefined || ms > maxMs) {
      this.problems.push({ path: pointer(key), message: `${JSON.stringify(value)} is not allowed`, allowed: [`${DURATION_HELP} (simulated time), at most ${Math.floor(maxMs / 1_000)}s`] });
      return undefined;
    }
    return ms;
  }

  object(key: string): Record<string, unknown> | undefined {
    const value = this.body[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problems.push({ path: pointer(key), message: `${JSON.stringify(value)} is not allowed`, allowed: ['an object'] });
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  report(problem: Problem): void {
    this.problems.push(problem);
  }

  /** Throws every problem found so far as one 400. */
  done(heading: string): void {
    if (this.problems.length > 0) throw new ControlInputError(this.problems, heading);
  }
}
