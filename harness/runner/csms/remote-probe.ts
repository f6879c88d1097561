/**
 * Before a suite runs against the bundled CSMS elsewhere: is it there, is it the bundled CSMS, and at what time
 * scale does it run. Asked once, answered within seconds, so an unreachable CSMS is one line for the suite and
 * not a 20 s boot timeout per scenario; a time scale that differs from the run's would misdate every observation.
 */
export const REMOTE_PROBE_TIMEOUT_MS = 3_000;

export class RemoteCsmsError extends Error {
  override readonly name = 'RemoteCsmsError';
}

export interface RemoteCsmsFacts {
  /** The CSMS's simulated seconds per real second; undefined for a CSMS too old to say. */
  timeScale: number | undefined;
}

/** Throws `RemoteCsmsError` with one line naming the URL and the cause. */
export async function probeRemoteCsms(url: string, requestedTimeScale: number | undefined, timeoutMs = REMOTE_PROBE_TIMEOUT_MS): Promise<RemoteCsmsFacts> {
  const base = url.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new RemoteCsmsError(`the CSMS at ${base} cannot be reached: ${causeOf(error, timeoutMs)}; nothing was run`);
  }
  const body = (await response.json().catch(() => undefined)) as { now?: unknown; timeScale?: unknown } | undefined;
  if (!response.ok) throw new RemoteCsmsError(`the CSMS at ${base} refused GET /api/health with ${response.status}: is it the bundled CSMS (chargedrill csms)?; nothing was run`);
  if (typeof body?.now !== 'number') throw new RemoteCsmsError(`${base}/api/health did not say the CSMS's time: is it the bundled CSMS (chargedrill csms)?; nothing was run`);
  const timeScale = typeof body.timeScale === 'number' ? body.timeScale : undefined;
  if (timeScale !== undefined && requestedTimeScale !== undefined && timeScale !== requestedTimeScale) {
    throw new RemoteCsmsError(`--time-scale ${requestedTimeScale} differs from the time scale of the CSMS at ${base} (${timeScale}): give --time-scale ${timeScale} or leave it out; nothing was run`);
  }
  return { timeScale };
}

function causeOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1_000}s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.message ?? cause?.code ?? (error instanceof Error ? error.message : String(error));
}
