import t from 'tap';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError, PROJECT_ROOT, parseListen } from '../../src/config/load.js';

function configDir(local?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'samspil-config-'));
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(PROJECT_ROOT, 'config', 'default.json'), join(dir, 'default.json'));
  if (local !== undefined) writeFileSync(join(dir, 'local.json'), typeof local === 'string' ? local : JSON.stringify(local));
  return dir;
}

t.test('defaults load and validate', async (t) => {
  const c = loadConfig({ configDir: configDir(), env: {} });
  t.equal(c.domain, 'localhost:8080');
  t.equal(c.port, 8080);
  t.equal(c.store, 'sqlite');
  t.equal(c.allowPrivateAddresses, false, 'the fetch guard is on by default');
  t.equal(c.publicUrlScheme, 'http', 'localhost gets http so the printed links work');
  t.ok(c.dataDir.startsWith('/'), 'dataDir is made absolute');
});

t.test('a real domain defaults to https', async (t) => {
  const c = loadConfig({ configDir: configDir(), env: { SAMSPIL_DOMAIN: 'samspil.aarhus.example' } });
  t.equal(c.publicUrlScheme, 'https');
});

t.test('env vars override files, local.json overrides default.json', async (t) => {
  const c = loadConfig({
    configDir: configDir({ port: 9000, instance: { agencyDisplayName: 'Jobcenter Aarhus' } }),
    env: { SAMSPIL_PORT: '9100', SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true', SAMSPIL_LOG_LEVEL: 'warn', SAMSPIL_AGENCY_NAME: 'NAV Bergen' },
  });
  t.equal(c.port, 9100);
  t.equal(c.allowPrivateAddresses, true);
  t.equal(c.logLevel, 'warn');
  t.equal(c.instance.agencyDisplayName, 'NAV Bergen');
  t.equal(c.instance.agencyUsername, 'agency', 'untouched nested keys survive the merge');
});

t.test('a default domain follows a changed port; an explicit domain wins', async (t) => {
  const envOnly = loadConfig({ configDir: configDir(), env: { SAMSPIL_PORT: '9000' } });
  t.equal(envOnly.port, 9000);
  t.equal(envOnly.domain, 'localhost:9000', 'SAMSPIL_PORT alone moves the default domain');
  t.equal(envOnly.publicUrlScheme, 'http');

  const explicit = loadConfig({ configDir: configDir(), env: { SAMSPIL_PORT: '9000', SAMSPIL_DOMAIN: 'samspil.aarhus.example' } });
  t.equal(explicit.domain, 'samspil.aarhus.example');
  t.equal(explicit.port, 9000);

  const sameAsDefault = loadConfig({ configDir: configDir(), env: { SAMSPIL_PORT: '9000', SAMSPIL_DOMAIN: 'localhost:8080' } });
  t.equal(sameAsDefault.domain, 'localhost:8080', 'an explicit domain wins even when it equals the default');

  const local = loadConfig({ configDir: configDir({ port: 9001 }), env: {} });
  t.equal(local.domain, 'localhost:9001', 'a port in local.json moves it too');

  const localDomain = loadConfig({ configDir: configDir({ port: 9001, domain: 'samspil.bergen.example' }), env: {} });
  t.equal(localDomain.domain, 'samspil.bergen.example');

  const localDomainEnvPort = loadConfig({ configDir: configDir({ domain: 'samspil.bergen.example' }), env: { SAMSPIL_PORT: '9002' } });
  t.equal(localDomainEnvPort.domain, 'samspil.bergen.example', 'a domain in local.json wins over an env port');

  const anyPort = loadConfig({ configDir: configDir(), env: { SAMSPIL_PORT: '0' } });
  t.equal(anyPort.domain, 'localhost:8080', 'port 0 keeps the default domain');

  const samePort = loadConfig({ configDir: configDir(), env: { SAMSPIL_PORT: '8080' } });
  t.equal(samePort.domain, 'localhost:8080');

  const override = loadConfig({ configDir: configDir(), env: {}, overrides: { port: 9003 } });
  t.equal(override.domain, 'localhost:9003');
});

const bad: Array<[string, Record<string, string>, unknown, RegExp]> = [
  ['non-numeric port', { SAMSPIL_PORT: 'eighty' }, undefined, /^config: SAMSPIL_PORT must be an integer; got "eighty"$/],
  ['port out of range', { SAMSPIL_PORT: '70000' }, undefined, /^config: SAMSPIL_PORT \(port\) must be <= 65535; got 70000$/],
  ['unknown store', { SAMSPIL_STORE: 'postgres' }, undefined, /^config: SAMSPIL_STORE \(store\) must be one of "sqlite", "mongodb"; got "postgres"$/],
  ['bad boolean', { SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'maybe' }, undefined, /^config: SAMSPIL_ALLOW_PRIVATE_ADDRESSES must be true or false/],
  ['bad scheme', { SAMSPIL_PUBLIC_URL_SCHEME: 'ftp' }, undefined, /^config: SAMSPIL_PUBLIC_URL_SCHEME \(publicUrlScheme\) must be one of "https", "http"/],
  ['domain with a path', { SAMSPIL_DOMAIN: 'example.org/samspil' }, undefined, /^config: SAMSPIL_DOMAIN \(domain\) must match pattern/],
  ['mongodb without uri', { SAMSPIL_STORE: 'mongodb' }, undefined, /MONGODB_URI \(mongodbUri\) is required/],
  ['unknown key in local.json', {}, { prot: 1 }, /^config: prot is not a known setting; this key is unknown$/],
  ['nested type error in local.json', {}, { instance: { agencyUsername: 'no spaces' } }, /^config: instance\.agencyUsername must match pattern/],
  ['local.json not JSON', {}, '{ port: ', /^config: .*local\.json is not valid JSON/],
  ['an OIDC issuer without a client id', { SAMSPIL_OIDC_ISSUER: 'https://login.example/realms/staff' }, undefined, /^config: oidc\.clientId is required; it is missing$/],
  ['an OIDC issuer over plain http', { SAMSPIL_OIDC_ISSUER: 'http://login.example', SAMSPIL_OIDC_CLIENT_ID: 'samspil', SAMSPIL_OIDC_CLIENT_SECRET: 's3cret' }, undefined,
    /^config: SAMSPIL_OIDC_ISSUER \(oidc\.issuer\) must be an https URL \(http only for a loopback provider\)/],
  ['an OIDC issuer that is no URL', { SAMSPIL_OIDC_ISSUER: 'login.example', SAMSPIL_OIDC_CLIENT_ID: 'samspil', SAMSPIL_OIDC_CLIENT_SECRET: 's3cret' }, undefined, /^config: SAMSPIL_OIDC_ISSUER \(oidc\.issuer\) must match pattern/],
  ['an unknown role in the OIDC role map', {}, { oidc: { roleMap: { 'sg-staff': 'owner' } } }, /^config: oidc\.roleMap\.sg-staff must be one of "author", "publisher", "moderator", "admin"; got "owner"$/],
  ['metrics.enabled not a boolean', {}, { metrics: { enabled: 'yes' } }, /^config: metrics\.enabled must be boolean; got "yes"$/],
  ['SAMSPIL_METRICS_ENABLED not a boolean', { SAMSPIL_METRICS_ENABLED: 'maybe' }, undefined, /^config: SAMSPIL_METRICS_ENABLED must be true or false/],
  ['metrics on the main listener without a token', { SAMSPIL_METRICS_ENABLED: 'true' }, undefined,
    /^config: metrics\.token is required when metrics are served on the main listener \(or set metrics\.listen/],
  ['a metrics token too short', { SAMSPIL_METRICS_ENABLED: 'true', SAMSPIL_METRICS_TOKEN: 'short' }, undefined,
    /^config: SAMSPIL_METRICS_TOKEN \(metrics\.token\) must NOT have fewer than 16 characters; got a value that does not fit \(not shown: it is a secret\)$/],
  ['a metrics token that is a number', {}, { metrics: { enabled: true, token: 12345678901234567890 } }, /^config: metrics\.token must be string; got a value that does not fit/],
  ['a metrics listen address without a port', { SAMSPIL_METRICS_LISTEN: '127.0.0.1' }, undefined, /^config: SAMSPIL_METRICS_LISTEN \(metrics\.listen\) must match pattern/],
  ['a metrics listen port out of range', { SAMSPIL_METRICS_LISTEN: '127.0.0.1:70000' }, undefined, /^config: SAMSPIL_METRICS_LISTEN \(metrics\.listen\) must be host:port with a port <= 65535; got "127\.0\.0\.1:70000"$/],
  ['a negative delivery host label count', { SAMSPIL_METRICS_DELIVERY_HOST_LABELS: '-1' }, undefined, /^config: SAMSPIL_METRICS_DELIVERY_HOST_LABELS \(metrics\.deliveryHostLabels\) must be >= 0; got -1$/],
  ['an unknown metrics key', {}, { metrics: { enable: true } }, /^config: metrics\.enable is not a known setting; this key is unknown$/],
];

t.test('metrics: off by default; a token or a listener of their own turns them on', async (t) => {
  const off = loadConfig({ configDir: configDir(), env: {} });
  t.same(off.metrics, { enabled: false, deliveryHostLabels: 20 });
  const token = loadConfig({ configDir: configDir(), env: { SAMSPIL_METRICS_ENABLED: 'true', SAMSPIL_METRICS_TOKEN: 'a-long-enough-token-0123' } });
  t.same(token.metrics, { enabled: true, token: 'a-long-enough-token-0123', deliveryHostLabels: 20 });
  const listen = loadConfig({ configDir: configDir({ metrics: { enabled: true, listen: '[::1]:9464', deliveryHostLabels: 50 } }), env: {} });
  t.same(listen.metrics, { enabled: true, listen: '[::1]:9464', deliveryHostLabels: 50 });
  t.same(parseListen('[::1]:9464'), { host: '::1', port: 9464 });
  t.same(parseListen('10.0.0.5:9100'), { host: '10.0.0.5', port: 9100 });
  const err = t.throws(() => loadConfig({ configDir: configDir(), env: { SAMSPIL_METRICS_TOKEN: 'has a space in it, 16+' } })) as unknown as Error;
  t.notMatch(err.message, /space/, 'a refused token is not repeated in the message');
});

t.test('OIDC: off by default; the env vars turn it on; a loopback provider may use http', async (t) => {
  const off = loadConfig({ configDir: configDir(), env: {} });
  t.equal(off.oidc.issuer, undefined, 'off while the issuer is unset');
  t.same([off.oidc.usernameClaim, off.oidc.groupsClaim, off.oidc.passwordSignIn, off.oidc.roleMap, off.oidc.scopes], ['preferred_username', 'groups', true, {}, ['openid', 'profile', 'email']]);
  const on = loadConfig({
    configDir: configDir({ oidc: { displayName: 'Aarhus Login', roleMap: { 'sg-admins': 'admin' } } }),
    env: { SAMSPIL_OIDC_ISSUER: 'https://login.microsoftonline.com/0000/v2.0', SAMSPIL_OIDC_CLIENT_ID: 'app-id', SAMSPIL_OIDC_CLIENT_SECRET: 's3cret', SAMSPIL_OIDC_PASSWORD_SIGN_IN: 'false' },
  });
  t.same([on.oidc.issuer, on.oidc.clientId, on.oidc.clientSecret, on.oidc.passwordSignIn], ['https://login.microsoftonline.com/0000/v2.0', 'app-id', 's3cret', false]);
  t.same(on.oidc.roleMap, { 'sg-admins': 'admin' });
  const loopback = loadConfig({ configDir: configDir(), env: { SAMSPIL_OIDC_ISSUER: 'http://127.0.0.1:9400', SAMSPIL_OIDC_CLIENT_ID: 'a', SAMSPIL_OIDC_CLIENT_SECRET: 'b' } });
  t.equal(loopback.oidc.issuer, 'http://127.0.0.1:9400');
});
for (const [name, env, local, expected] of bad) {
  t.test(`refuses ${name} with one line naming the key`, async (t) => {
    const err = t.throws(() => loadConfig({ configDir: configDir(local), env })) as unknown as Error;
    t.type(err, ConfigError);
    t.match(err.message, expected);
    t.notMatch(err.message, /\n/, 'one line');
  });
}
