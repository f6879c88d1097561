/** JSON over fetch to the same origin (the CSMS's API, the fleet's /control and the drill API). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

async function parse(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page, the console's own 503): the text is the message.
  }
  if (!res.ok) {
    const error = body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : text.trim() || res.statusText;
    const problems = body && typeof body === 'object' && Array.isArray((body as { problems?: unknown }).problems)
      ? (body as { problems: { path: string; message: string }[] }).problems.map((p) => `${p.path}: ${p.message}`)
      : [];
    throw new ApiError(res.status, [`${what} failed (${res.status}): ${error}`, ...problems].join('; '), body);
  }
  return body;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, ...(signal && { signal }) });
  return (await parse(res, `GET ${path}`)) as T;
}

/** The status and body whatever the status (for routes where 404 has a meaning). */
export async function getRaw(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const text = await res.text();
  try {
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

export async function sendJson<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return (await parse(res, `${method} ${path}`)) as T;
}

export const postJson = <T>(path: string, body: unknown = {}): Promise<T> => sendJson<T>('POST', path, body);

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
