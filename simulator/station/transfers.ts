/**
 * Real file transfers for firmware downloads and log uploads, over HTTP(S) with Node's fetch.
 * Network time is real (docs/design.md): the timeout below is real milliseconds, not simulated.
 *
 * Only http: and https: URLs are supported. OCPP 1.6 (section 8) also allows FTP(S); a station of this
 * simulator answers such a request and then reports the transfer as failed (DownloadFailed, UploadFailed).
 */

/** Real milliseconds one transfer attempt may take. */
export const TRANSFER_TIMEOUT_MS = 15_000;

export type TransferResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Why `url` cannot be transferred at all (retrying will not help), or undefined when it can. */
export function unsupportedLocation(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `scheme ${parsed.protocol} is not supported (only http: and https:)`;
  }
  return undefined;
}

/** Fetches `url` (GET); a non-2xx answer or a network error is a failed attempt. */
export async function downloadFile(url: string, signal?: AbortSignal): Promise<TransferResult<Buffer>> {
  const problem = unsupportedLocation(url);
  if (problem) return { ok: false, reason: problem };
  try {
    const response = await fetch(url, { signal: combined(signal) });
    if (!response.ok) return { ok: false, reason: `GET ${url} answered HTTP ${response.status}` };
    return { ok: true, value: Buffer.from(await response.arrayBuffer()) };
  } catch (error) {
    return { ok: false, reason: `GET ${url} failed: ${(error as Error).message}` };
  }
}

/**
 * Uploads `body` with HTTP PUT: to `location` + `fileName` when `location` ends with a slash (a folder),
 * else to `location` itself. The file name also travels in Content-Disposition.
 */
export async function uploadFile(location: string, fileName: string, body: string, signal?: AbortSignal): Promise<TransferResult<string>> {
  const problem = unsupportedLocation(location);
  if (problem) return { ok: false, reason: problem };
  const target = location.endsWith('/') ? `${location}${encodeURIComponent(fileName)}` : location;
  try {
    const response = await fetch(target, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${fileName}"` },
      signal: combined(signal),
    });
    // The body is not needed; reading it lets the connection be reused.
    await response.arrayBuffer();
    if (!response.ok) return { ok: false, reason: `PUT ${target} answered HTTP ${response.status}` };
    return { ok: true, value: target };
  } catch (error) {
    return { ok: false, reason: `PUT ${target} failed: ${(error as Error).message}` };
  }
}

function combined(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(TRANSFER_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
