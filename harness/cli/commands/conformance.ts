import type { Argv } from 'yargs';
import { PROTOCOLS, isOcppProtocol } from '../../../simulator/protocol/versions.js';
import { passwordProblem, stationPassword, usesBasicAuth, usesTls } from '../../../simulator/security/credentials.js';
import type { ConformanceSecurity } from '../../conformance/security.js';
import { passwordFromText } from '../../conformance/security.js';
import { authSecret, readFileFlag, securityProfile } from '../security-flags.js';
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
  'security-profile': { type: 'string', default: '0', describe: 'security profile every case connects with: 0 none, 1 Basic auth over ws, 2 Basic auth over TLS, 3 TLS client certificate (docs/security.md)' },
  'password': { type: 'string', describe: 'profiles 1-2: the station\'s Basic auth password (1.6: 32-40 hex digits are the key\'s bytes, as OCTT reads them)' },
  'auth-secret': { type: 'string', describe: 'profiles 1-2: derive the password from this secret as the bundled CSMS does (default $CHARGEDRILL_AUTH_SECRET)' },
  'ca': { type: 'string', describe: 'profiles 2-3: PEM file of the CA the CSMS certificate must chain to' },
  'cert': { type: 'string', describe: 'profile 3: PEM file of the station\'s client certificate (CN = --station-id)' },
  'key': { type: 'string', describe: 'profile 3: PEM file of the station\'s private key' },
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
    const security = conformanceSecurity(argv, protocol, stationId, csmsUrl);

    // Loaded on use, so --help and usage errors answer without loading the suite.
    const { conformanceCli } = await import('../../conformance/conformance-cli.js');
    process.exitCode = await conformanceCli({
      csmsUrl, protocol, caseIds, list, stationId, callTimeoutMs, promptTimeoutMs, security,
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

/** The security flags as the run's profile and credentials; what the profile needs and lacks names the flag. */
function conformanceSecurity(argv: Record<string, unknown>, protocol: 'ocpp1.6' | 'ocpp2.0.1', stationId: string, csmsUrl: string): ConformanceSecurity {
  const profile = securityProfile('security-profile', argv['security-profile']);
  const given = (flags: string[]) => flags.filter((flag) => argv[flag] !== undefined);
  const misplaced = [
    ...(usesBasicAuth(profile) ? [] : given(['password', 'auth-secret'])),
    ...(usesTls(profile) ? [] : given(['ca'])),
    ...(profile === 3 ? [] : given(['cert', 'key'])),
  ];
  if (misplaced.length > 0) throw new UsageError(`--${misplaced[0]} does not apply to --security-profile ${profile} (1-2: --password or --auth-secret; 2-3: --ca; 3: --cert and --key)`);
  if (csmsUrl !== '' && profile > 0 && usesTls(profile) !== csmsUrl.startsWith('wss:')) {
    throw new UsageError(`--security-profile ${profile} ${usesTls(profile) ? 'runs on TLS: --csms-url must be wss://' : 'runs on plain ws: --csms-url must be ws://'}, got ${csmsUrl}`);
  }
  const security: ConformanceSecurity = { profile };
  if (usesBasicAuth(profile)) {
    if (argv['password'] !== undefined && argv['auth-secret'] !== undefined) throw new UsageError('give --password or --auth-secret, not both');
    if (typeof argv['password'] === 'string') {
      security.password = passwordFromText(argv['password'], protocol);
      const problem = passwordProblem(protocol === 'ocpp1.6' ? security.password : argv['password']);
      if (problem !== undefined) throw new UsageError(`--password ${problem}`);
    } else {
      const secret = authSecret(argv['auth-secret']);
      if (secret === undefined) throw new UsageError(`--security-profile ${profile} sends Basic auth: give --password, --auth-secret or set CHARGEDRILL_AUTH_SECRET`);
      security.password = Buffer.from(stationPassword(secret, stationId, protocol));
    }
  }
  if (usesTls(profile)) {
    if (argv['ca'] === undefined) throw new UsageError(`--security-profile ${profile} runs on TLS: give --ca (the CA that signed the CSMS certificate)`);
    security.ca = readFileFlag('ca', argv['ca']);
  }
  if (profile === 3) {
    if (argv['cert'] === undefined || argv['key'] === undefined) throw new UsageError('--security-profile 3 presents a client certificate: give --cert and --key');
    security.cert = readFileFlag('cert', argv['cert']);
    security.key = readFileFlag('key', argv['key']);
  }
  return security;
}
