import type { Argv } from 'yargs';
import { prepareOutputDir } from '../paths.js';
import { positiveInt, positiveNumber, UsageError } from '../usage.js';

/** The command's flags; also what a usage error lists as allowed. */
export const certsFlags = {
  'out': { type: 'string', describe: 'directory to write ca.pem, csms.pem/.key, stations/<id>.pem/.key and manifest.json into (required)' },
  'stations': { type: 'string', default: '100', describe: 'number of station certificates, for the ids a fleet of this size uses (S<site>-CP<n>)' },
  'sites': { type: 'string', describe: 'number of sites, as given to the fleet [default: stations / 10, at least 1]' },
  'host': { type: 'string', default: '127.0.0.1,localhost', describe: 'comma-separated names and addresses of the CSMS (its certificate\'s SANs)' },
  'days': { type: 'string', default: '30', describe: 'validity of every certificate, days' },
  'operator': { type: 'string', default: 'chargedrill', describe: 'organisation (O) in every certificate: the charging station operator' },
} as const;

export const certsCommand = {
  command: 'certs',
  describe: 'Generate a CA, a CSMS server certificate and one client certificate per station (security profiles 2 and 3)',
  builder: (y: Argv) => y.options(certsFlags),
  handler: async (argv: Record<string, unknown>) => {
    if (typeof argv.out !== 'string' || argv.out === '') throw new UsageError('--out is required: the directory to write the certificates into');
    const stations = positiveInt('stations', argv.stations, 19_000);
    const sites = argv.sites === undefined ? Math.max(1, Math.floor(stations / 10)) : positiveInt('sites', argv.sites, stations);
    const hosts = String(argv.host).split(',').map((h) => h.trim()).filter((h) => h.length > 0);
    if (hosts.length === 0) throw new UsageError(`--host must list at least one host name or IP address, got ${JSON.stringify(argv.host)}`);
    const bad = hosts.find((h) => !/^[A-Za-z0-9.:*-]+$/.test(h));
    if (bad !== undefined) throw new UsageError(`--host entries must be host names or IP addresses, got ${JSON.stringify(bad)}`);
    const days = positiveNumber('days', argv.days);
    const operator = String(argv.operator).trim();
    if (operator === '') throw new UsageError('--operator must not be empty');
    const problem = prepareOutputDir(argv.out);
    if (problem !== undefined) throw new UsageError(`--out ${argv.out}: ${problem}`);
    // Loaded on use, so --help and usage errors answer without loading x509.
    const [{ generateCertificates, writeCertificates }, { planFleet }] = await Promise.all([
      import('../../security/certs.js'),
      import('../../../simulator/fleet/plan.js'),
    ]);
    const stationIds = planFleet({ stations, sites, protocol: 'ocpp1.6', seed: 0 }).map((s) => s.id);
    const options = { stationIds, hosts, days, operator };
    const began = performance.now();
    const generated = await generateCertificates(options);
    const generatedMs = performance.now() - began;
    await writeCertificates(argv.out, generated, options);
    process.stdout.write(
      `wrote a CA, a CSMS certificate for ${hosts.join(', ')} and ${stationIds.length} station certificates to ${argv.out} ` +
        `(generated in ${(generatedMs / 1_000).toFixed(2)}s, valid until ${generated.notAfter.toISOString()})\n`,
    );
  },
};
