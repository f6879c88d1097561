import type { Argv } from 'yargs';
import { PROTOCOLS, isOcppProtocol } from '../../../simulator/protocol/versions.js';
import { durationMs, UsageError, wsUrl } from '../usage.js';

/** The command's flags; also what a usage error lists as allowed. */
export const conformanceFlags = {
  'csms-url': { type: 'string', describe: 'OCPP endpoint of the CSMS under test (ws://host:port/path; the station id is appended)' },
  'protocol': { type: 'string', describe: `version to test: ${PROTOCOLS.join(' or ')}` },
  'api-url': { type: 'string', describe: 'HTTP API of the bundled CSMS (http://host:port): manual actions go through it (adapter "bundled")' },
  'adapter': { type: 'string', describe: 'how manual actions are requested: bundled (needs --api-url), prompt (a person, in a terminal), or an adapter file (YAML/JSON, docs/conformance.md)' },
  'features': { type: 'string', describe: 'YAML file declaring the CSMS\'s optional features and the tokens it knows (docs/conformance.md)' },
  'case': { type: 'string', array: true, describe: 'run only this case id (repeatable), e.g. TC_B_01_CSMS' },
  'list': { type: 'boolean', default: false, describe: 'print the cases of --protocol (id, feature, title) and run nothing' },
  'out': { type: 'string', describe: 'directory for the reports [default: reports/runs/<timestamp>/]' },
  'station-id': { type: 'string', default: 'CDCONF-CP1', describe: 'identity the test station connects with (the CSMS must know it)' },
  'call-timeout': { type: 'string', default: '30s', describe: 'how long the CSMS has to answer a CALL or to send a CALL a case waits for' },
  'prompt-timeout': { type: 'string', default: '120s', describe: 'with --adapter prompt: how long to wait for Enter' },
} as const;

export const ADAPTER_KINDS = ['bundled', 'prompt', '<adapter file>'] as const;

export const conformanceCommand = {
  command: 'conformance',
  describe: 'Check a CSMS against OCTT-style conformance cases (OCPP 1.6 or 2.0.1) and write JSON, JUnit, Markdown and HTML reports',
  builder: (y: Argv) =>
    y
      .options(conformanceFlags)
      .example('$0 conformance --csms-url ws://127.0.0.1:9000/ocpp --api-url http://127.0.0.1:9000 --protocol ocpp2.0.1', 'the bundled CSMS, manual actions through its API')
      .example('$0 conformance --csms-url wss://csms.example/ocpp --protocol ocpp1.6 --adapter adapter.yaml --features features.yaml', 'a third-party CSMS')
      .epilog('Exit codes: 0 every case PASS or NOT APPLICABLE, 1 a case FAIL or INCONCLUSIVE (or the CSMS cannot be reached), 2 bad input.'),
  handler: async (argv: Record<string, unknown>) => {
    if (!isOcppProtocol(argv.protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(argv.protocol ?? null)}`);
    const protocol = argv.protocol;
    const caseIds = [argv.case ?? []].flat().map(String);
    const list = argv.list === true;
    const csmsUrl = list && argv['csms-url'] === undefined ? '' : wsUrl('csms-url', argv['csms-url']);
    const apiUrl = argv['api-url'] === undefined ? undefined : httpUrl('api-url', argv['api-url']);
    const adapter = argv.adapter === undefined ? (apiUrl ? 'bundled' : undefined) : String(argv.adapter);
    if (adapter === 'bundled' && apiUrl === undefined) throw new UsageError('--adapter bundled needs --api-url http://host:port (the bundled CSMS\'s HTTP API)');
    if (adapter === 'prompt' && !process.stdin.isTTY) throw new UsageError('--adapter prompt needs a terminal (stdin is not a TTY); use --api-url or an adapter file instead');
    const stationId = String(argv['station-id']);
    if (!/^[\x21-\x7e]{1,48}$/.test(stationId)) throw new UsageError(`--station-id must be 1 to 48 printable characters without spaces, got ${JSON.stringify(stationId)}`);
    const callTimeoutMs = durationMs('call-timeout', argv['call-timeout'], { minMs: 100 });
    const promptTimeoutMs = durationMs('prompt-timeout', argv['prompt-timeout'], { minMs: 1_000 });

    // Loaded on use, so --help and usage errors answer without loading the suite.
    const { conformanceCli } = await import('../../conformance/conformance-cli.js');
    process.exitCode = await conformanceCli({
      csmsUrl, protocol, caseIds, list, stationId, callTimeoutMs, promptTimeoutMs,
      ...(apiUrl !== undefined && { apiUrl }),
      ...(adapter !== undefined && { adapter }),
      ...(typeof argv.features === 'string' && { featuresFile: argv.features }),
      ...(typeof argv.out === 'string' && { out: argv.out }),
    });
  },
};

function httpUrl(flag: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--${flag} must be an http:// or https:// URL such as http://127.0.0.1:9000, got ${JSON.stringify(value)}`);
  return String(value).replace(/\/+$/, '');
}
