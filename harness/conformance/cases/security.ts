/**
 * Block A (Security) of OCPP 2.0.1 and the 1.6 security whitepaper's equivalents: whether the CSMS accepts a
 * station's valid credentials and refuses invalid ones at the WebSocket upgrade, and whether its TLS certificate
 * verifies. Each case opens its own connections with the credentials it tests (docs/security.md).
 */
import { isCsmsCertificateError } from '../../../simulator/transport/connect-failure.js';
import type { CaseContext } from '../context.js';
import { bootNotification16, statusNotification16 } from '../messages16.js';
import { bootNotification201, statusNotification201 } from '../messages201.js';
import { credentialsOf, foreignClientCertificate, wrongPassword } from '../security.js';
import { ConnectError, type StationCredentials } from '../test-station.js';
import type { TestCase } from '../test-case.js';
import { defineCase, type CaseSpec } from './define.js';

function securityCase(spec: CaseSpec & Required<Pick<TestCase, 'securityProfiles'>>): TestCase {
  return defineCase({ feature: 'Security', preconditions: [], ownConnection: true, ...spec });
}

function runCredentials(ctx: CaseContext): StationCredentials {
  return credentialsOf(ctx.security, ctx.stationId) ?? {};
}

function tlsFailure(ctx: CaseContext, error: ConnectError): never {
  if (isCsmsCertificateError({ name: 'ConnectError', message: error.message, ...(error.code !== undefined && { code: error.code }) })) {
    ctx.fail('invalid-server-certificate', `the CSMS's TLS certificate does not verify against the CA given with --ca: ${error.message}`);
  }
  ctx.fail('connection-refused', `the TLS handshake failed: ${error.message}`);
}

/** Connects with credentials the CSMS must accept; anything but an open WebSocket FAILs (a network error stays one). */
async function mustConnect(ctx: CaseContext, credentials: StationCredentials, what: string): Promise<void> {
  const outcome = await ctx.connectWith(credentials);
  if (!(outcome instanceof ConnectError)) return;
  if (outcome.kind === 'http') ctx.fail('connection-refused', `the CSMS refused ${what} with HTTP ${outcome.status ?? '?'}`);
  if (outcome.kind === 'tls') tlsFailure(ctx, outcome);
  if (outcome.kind === 'subprotocol') ctx.fail('wrong-value', outcome.message);
  throw outcome;
}

/**
 * Connects with credentials the CSMS must refuse. `status`: the HTTP status the refusal must have; without it an
 * HTTP 4xx answer or a TLS alert are both refusals. A certificate of the CSMS that does not verify is a FAIL of its
 * own: the station could not even present what the case tests.
 */
async function mustRefuse(ctx: CaseContext, credentials: StationCredentials, what: string, status?: number): Promise<void> {
  const outcome = await ctx.connectWith(credentials);
  if (!(outcome instanceof ConnectError)) ctx.fail('connection-accepted', `the CSMS upgraded the connection of ${what}; it must refuse it`);
  if (outcome.kind === 'http') {
    if (status !== undefined) ctx.equal(outcome.status, status, `HTTP status of the refused upgrade (${what})`, undefined, 'wrong-status');
    else if ((outcome.status ?? 0) < 400) ctx.fail('wrong-status', `the CSMS answered the upgrade of ${what} with HTTP ${outcome.status ?? '?'}, expected a 4xx refusal`);
    return;
  }
  if (outcome.kind === 'tls' && status === undefined && !isCsmsCertificateError({ name: 'ConnectError', message: outcome.message, ...(outcome.code !== undefined && { code: outcome.code }) })) return;
  if (outcome.kind === 'tls') tlsFailure(ctx, outcome);
  throw outcome;
}

/** OCTT's boot after the upgrade: BootNotification must be Accepted, then the connector state is reported. */
async function bootAccepted(ctx: CaseContext): Promise<void> {
  const answer = ctx.protocol === 'ocpp1.6' ? await bootNotification16(ctx) : await bootNotification201(ctx);
  ctx.equal(answer['status'], 'Accepted', 'BootNotification status', ctx.lastCsmsFrame(), 'wrong-status');
  if (ctx.protocol === 'ocpp1.6') await statusNotification16(ctx, 'Available');
  else await statusNotification201(ctx, 'Available');
}

/** TLS 1.2 is the oldest version a CSMS may use (A00.FR.313); the station offers nothing older anyway. */
function checkTlsVersion(ctx: CaseContext): void {
  const version = ctx.station.tlsVersion;
  ctx.oneOf(version, ['TLSv1.2', 'TLSv1.3'], 'negotiated TLS version', undefined, 'wrong-value');
}

const BASIC_AUTH_STEPS = ['The station sends the HTTP upgrade with AUTHORIZATION: Basic <station id>:<configured password>', 'The CSMS upgrades the connection', 'The station sends BootNotificationRequest, then StatusNotificationRequest'];
const SERVER_CERT_STEPS = ['The station opens a TLS connection (TLS 1.2 or newer) trusting only the CA given with --ca, and sends the upgrade with its credentials', 'The CSMS completes the handshake and upgrades the connection', 'The station sends BootNotificationRequest, then StatusNotificationRequest'];
const SERVER_CERT_VALIDATIONS = ['The CSMS certificate verifies against the CA of --ca and names the host of --csms-url', 'The negotiated TLS version is TLSv1.2 or TLSv1.3', 'BootNotification status is Accepted'];

function basicAuthValid(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', titleSource: TestCase['titleSource']): TestCase {
  return securityCase({
    id, title: 'Basic Authentication - Valid username/password combination', titleSource, protocol, block: protocol === 'ocpp1.6' ? 'S' : 'A',
    useCases: protocol === 'ocpp1.6' ? [] : ['A00', 'B01'], requirements: protocol === 'ocpp1.6' ? [] : ['A00.FR.204', 'B01.FR.02'], securityProfiles: [1, 2],
    steps: BASIC_AUTH_STEPS,
    validations: ['The CSMS upgrades the connection (no HTTP refusal)', 'BootNotification status is Accepted'],
    run: async (ctx) => {
      await mustConnect(ctx, runCredentials(ctx), 'the valid username and password');
      await bootAccepted(ctx);
    },
  });
}

function serverCertificateValid(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1'): TestCase {
  return securityCase({
    id, title: 'TLS - server-side certificate - Valid certificate', titleSource: protocol === 'ocpp1.6' ? 'octt' : 'summary', protocol, block: protocol === 'ocpp1.6' ? 'S' : 'A',
    useCases: protocol === 'ocpp1.6' ? [] : ['A00'], securityProfiles: [2, 3],
    steps: SERVER_CERT_STEPS,
    validations: SERVER_CERT_VALIDATIONS,
    run: async (ctx) => {
      await mustConnect(ctx, runCredentials(ctx), 'the station with valid credentials');
      checkTlsVersion(ctx);
      await bootAccepted(ctx);
    },
  });
}

export const SECURITY_201: readonly TestCase[] = [
  basicAuthValid('TC_A_01_CSMS', 'ocpp2.0.1', 'octt'),
  securityCase({
    id: 'TC_A_02_CSMS', title: 'Basic Authentication - Username does not equal ChargingStationId', titleSource: 'octt', protocol: 'ocpp2.0.1', block: 'A',
    useCases: ['A00'], requirements: ['A00.FR.204'], securityProfiles: [1, 2],
    steps: ['The station (URL identity = the configured station id) sends the HTTP upgrade with AUTHORIZATION: Basic <station id>Invalid:<configured password>', 'The CSMS refuses the upgrade'],
    validations: ['The CSMS refuses the upgrade with HTTP 401'],
    run: async (ctx) => {
      const own = runCredentials(ctx);
      const password = own.basicAuth?.password ?? Buffer.alloc(0);
      await mustRefuse(ctx, { ...own, basicAuth: { username: `${ctx.stationId}Invalid`, password } }, 'a username that is not the station identity', 401);
    },
  }),
  securityCase({
    id: 'TC_A_03_CSMS', title: 'Basic Authentication - Invalid password', protocol: 'ocpp2.0.1', block: 'A',
    useCases: ['A00'], requirements: ['A00.FR.204'], securityProfiles: [1, 2],
    steps: ['The station sends the HTTP upgrade with AUTHORIZATION: Basic <station id>:<the configured password with its last character changed>', 'The CSMS refuses the upgrade'],
    validations: ['The CSMS refuses the upgrade with HTTP 401'],
    run: async (ctx) => {
      const own = runCredentials(ctx);
      const password = wrongPassword(own.basicAuth?.password ?? Buffer.alloc(16, 0x30));
      await mustRefuse(ctx, { ...own, basicAuth: { username: ctx.stationId, password } }, 'a wrong password', 401);
    },
  }),
  serverCertificateValid('TC_A_04_CSMS', 'ocpp2.0.1'),
  securityCase({
    id: 'TC_A_07_CSMS', title: 'TLS - Client-side certificate - valid certificate', protocol: 'ocpp2.0.1', block: 'A',
    useCases: ['A00'], securityProfiles: [3],
    steps: ['The station opens a TLS connection presenting its client certificate (--cert, --key) and sends the upgrade', 'The CSMS accepts the certificate and upgrades the connection', 'The station sends BootNotificationRequest, then StatusNotificationRequest'],
    validations: ['The CSMS upgrades the connection of the station with its valid client certificate', 'BootNotification status is Accepted'],
    run: async (ctx) => {
      await mustConnect(ctx, runCredentials(ctx), 'the valid client certificate');
      await bootAccepted(ctx);
    },
  }),
  securityCase({
    id: 'TC_A_08_CSMS', title: 'TLS - Client-side certificate - Invalid certificate', protocol: 'ocpp2.0.1', block: 'A',
    useCases: ['A00'], securityProfiles: [3],
    steps: ['The station opens a TLS connection presenting a client certificate for its identity signed by a CA the CSMS does not know (made for the run), and sends the upgrade', 'The CSMS refuses the connection'],
    validations: ['The CSMS refuses the connection: an HTTP 4xx answer to the upgrade or a TLS alert'],
    run: async (ctx) => {
      const foreign = await foreignClientCertificate(ctx.stationId);
      const own = runCredentials(ctx);
      await mustRefuse(ctx, { ...own, tls: { ...own.tls, ...foreign } }, 'a client certificate of a foreign CA');
    },
  }),
  defineCase({
    id: 'CD_SEC_01_CSMS_201', title: 'SecurityEventNotification is answered', titleSource: 'chargedrill', protocol: 'ocpp2.0.1', block: 'A',
    useCases: ['A04'],
    steps: ['The station sends SecurityEventNotificationRequest type StartupOfTheDevice', 'The CSMS answers'],
    validations: ['SecurityEventNotificationRequest is answered with a valid SecurityEventNotificationResponse'],
    run: async (ctx) => {
      await ctx.call('SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: ctx.now(), techInfo: 'chargedrill conformance' });
    },
  }),
];

export const SECURITY_16: readonly TestCase[] = [basicAuthValid('TC_085_CSMS', 'ocpp1.6', 'octt'), serverCertificateValid('TC_086_CSMS', 'ocpp1.6')];
