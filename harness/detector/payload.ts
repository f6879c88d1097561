/** Safe reads from `unknown` wire payloads: the detector must never throw on a malformed frame. */

export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function stringField(value: unknown, ...path: string[]): string | undefined {
  const found = field(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function numberField(value: unknown, ...path: string[]): number | undefined {
  const found = field(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}
