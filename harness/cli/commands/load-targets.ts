/**
 * `chargedrill load`'s targets: `--url` (repeatable), `--url-strategy` and `--source-addresses`. Each failure
 * names the flag and what is allowed (exit 2); whether the addresses are this machine's is checked by the run
 * before anything connects (harness/load/preflight.ts), against the targets as resolved.
 */
import { parseSourceAddresses, SOURCE_ADDRESS_HELP } from '../../load/source-addresses.js';
import { URL_STRATEGIES, type UrlStrategy } from '../../load/routes.js';
import { UsageError, wsUrl } from '../usage.js';

export interface LoadTargets {
  /** Empty: the bundled CSMS. */
  urls: string[];
  urlStrategy?: UrlStrategy;
  sourceAddresses?: string[];
}

/** Every `--url` given (yargs gives one string, or an array when the flag is repeated). */
export function urlFlags(value: unknown): string[] {
  return value === undefined ? [] : [value].flat().map((url) => wsUrl('url', url));
}

export function loadTargets(argv: Record<string, unknown>): LoadTargets {
  const urls = urlFlags(argv.url);
  const duplicate = urls.find((url, i) => urls.indexOf(url) !== i);
  if (duplicate !== undefined) throw new UsageError(`--url ${duplicate} is given twice: each --url is one more target`);
  const strategy = argv['url-strategy'];
  if (strategy !== undefined) {
    if (!(URL_STRATEGIES as readonly unknown[]).includes(strategy)) {
      throw new UsageError(`--url-strategy must be one of ${URL_STRATEGIES.join(', ')}, got ${JSON.stringify(strategy)}`);
    }
    if (urls.length < 2) throw new UsageError('--url-strategy deals stations to several targets: give --url two or more times');
  }
  let sourceAddresses: string[] | undefined;
  if (argv['source-addresses'] !== undefined) {
    const spec = [argv['source-addresses']].flat().map(String).join(',');
    const parsed = parseSourceAddresses(spec);
    if (!parsed.ok) throw new UsageError(`--source-addresses: ${parsed.problem} (allowed: ${SOURCE_ADDRESS_HELP})`);
    sourceAddresses = parsed.addresses;
  }
  return {
    urls,
    ...(strategy !== undefined && { urlStrategy: strategy as UrlStrategy }),
    ...(sourceAddresses !== undefined && { sourceAddresses }),
  };
}
