import t from 'tap';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { sqlitePath } from '../../src/store/open.js';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { FixedWindowCounter, throttleKeyForIp } from '../../src/domain/limits/fixed-window.js';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../../src/domain/limits/login-throttle.js';
import { requireAuth } from '../../src/http/plugins/auth.js';

const small = { enabled: true, apiPerToken: { limit: 3, periodSeconds: 300 }, apiPerIp: { limit: 2, periodSeconds: 300 }, loginPerIp: { limit: 2, periodSeconds: 300 }, loginFailuresPerAccount: { limit: 3, periodSeconds: 900 } };

t.test('fixed windows align to the period and reset', async (t) => {
  const c = new FixedWindowCounter();
  const p = 60;
  const t0 = 1_700_000_080_000; // 40 s into a minute (1_700_000_040_000 is on the minute)
  t.match(c.hit('k', 2, p, t0), { allowed: true, remaining: 1 });
  t.match(c.hit('k', 2, p, t0 + 1000), { allowed: true, remaining: 0 });
  const third = c.hit('k', 2, p, t0 + 2000);
  t.equal(third.allowed, false);
  t.equal(third.resetAt.getTime(), t0 + 20_000, 'the window ends on the minute');
  t.match(c.hit('k', 2, p, t0 + 20_000), { allowed: true, remaining: 1 }, 'a new window');
  t.match(c.peek('other', 2, p, t0), { allowed: true, remaining: 2 }, 'peek does not count');
});

t.test('IPv6 addresses are throttled per /64; mapped IPv4 as IPv4', async (t) => {
  t.equal(throttleKeyForIp('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  t.equal(throttleKeyForIp('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
  t.equal(throttleKeyForIp('2001:db8::1'), '2001:db8:0:0::/64');
  t.equal(throttleKeyForIp('::ffff:10.1.2.3'), '10.1.2.3');
  t.equal(throttleKeyForIp('192.0.2.7'), '192.0.2.7');
});

const probe = async (app: FastifyInstance, deps: Parameters<typeof requireAuth>[0]) => {
  app.get('/api/v1/probe', { preHandler: requireAuth(deps, 'read') }, async () => ({ ok: true }));
  app.get('/api/v1/public-probe', async () => ({ ok: true }));
};

t.test('API requests: 429 with Retry-After and X-RateLimit-* per token and per IP', async (t) => {
  const { app, deps } = await makeApp(t, { rateLimits: small }, { plugins: [probe] });
  await createAccount(deps, { username: 'mette', password: 'correct horse battery' });
  const { token } = await createPersonalToken(deps, 'mette', ['read']);
  const auth = { authorization: `Bearer ${token}` };
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await app.inject({ url: '/api/v1/probe', headers: auth })).statusCode);
  t.same(statuses, [200, 200, 200, 429]);
  const limited = await app.inject({ url: '/api/v1/probe', headers: auth });
  t.equal(limited.statusCode, 429);
  t.ok(Number(limited.headers['retry-after']) > 0);
  t.equal(limited.headers['x-ratelimit-limit'], '3');
  t.equal(limited.headers['x-ratelimit-remaining'], '0');
  t.equal(limited.json().code, 'RATE_LIMITED');

  const anon: number[] = [];
  for (let i = 0; i < 3; i++) anon.push((await app.inject({ url: '/api/v1/public-probe', remoteAddress: '192.0.2.1' })).statusCode);
  t.same(anon, [200, 200, 429], 'unauthenticated: per IP');
  t.equal((await app.inject({ url: '/api/v1/public-probe', remoteAddress: '192.0.2.2' })).statusCode, 200, 'another IP has its own window');
  t.equal((await app.inject({ url: '/users/jobcenter', remoteAddress: '192.0.2.1', headers: { accept: 'application/activity+json' } })).statusCode, 200, 'federation routes are not throttled here');

  const logins: number[] = [];
  let last;
  for (let i = 0; i < 3; i++) {
    last = await app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: '192.0.2.9', payload: { grant_type: 'client_credentials' } });
    logins.push(last.statusCode);
  }
  t.same(logins, [401, 401, 429], 'login and token posts per IP (the first two fail on their own merits)');
  t.same(last!.json(), { error: 'Too many requests' }, "the OAuth surface answers rate limits in Mastodon's shape");
  t.ok(Number(last!.headers['retry-after']) > 0);
});

t.test('rate limits can be switched off', async (t) => {
  const { app } = await makeApp(t, { rateLimits: { ...small, enabled: false } }, { plugins: [probe] });
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: '/api/v1/public-probe' })).statusCode, 200);
});

t.test('login throttling per account, audited', async (t) => {
  const { deps } = await makeApp(t, { rateLimits: small });
  for (let i = 0; i < 3; i++) {
    await assertLoginAllowed(deps, 'Mette');
    await recordLoginFailure(deps, 'Mette', '192.0.2.1');
  }
  await t.rejects(assertLoginAllowed(deps, 'mette'), { code: 'LOGIN_THROTTLED' }, 'case-insensitive');
  await assertLoginAllowed(deps, 'lars');
  await recordLoginSuccess(deps, 'mette');
  await assertLoginAllowed(deps, 'mette');
  for (let i = 0; i < 3; i++) await recordLoginFailure(deps, 'mette', '192.0.2.1');
  // A second connection to the same file, as a second node or a restarted server has.
  const other = await openSqliteStore({ path: sqlitePath(deps.config) });
  t.teardown(() => other.close());
  await t.rejects(assertLoginAllowed({ ...deps, store: other }, 'mette'), { code: 'LOGIN_THROTTLED' }, 'the count is in the store: another connection sees the lockout');
  const events = await deps.store.audit.list({ action: 'login.failed' });
  t.equal(events.length, 6);
  t.equal(events[0]!.target, 'mette');
  t.equal(events[0]!.ip, '192.0.2.1');
});

t.test('AS2 bodies nested too deep or with huge arrays are refused', async (t) => {
  const echo = async (app: FastifyInstance) => {
    app.post('/test/echo', async () => ({ ok: true }));
  };
  const { app } = await makeApp(t, {}, { plugins: [echo] });
  let deep: unknown = {};
  for (let i = 0; i < 40; i++) deep = { object: deep };
  const post = (body: unknown) => app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/activity+json' }, payload: JSON.stringify(body) });
  const tooDeep = await post(deep);
  t.equal(tooDeep.statusCode, 400);
  t.equal(tooDeep.json().code, 'JSON_TOO_DEEP');
  const tooLong = await post({ type: 'Create', to: Array.from({ length: 6000 }, (_, i) => `https://x.example/u/${i}`) });
  t.equal(tooLong.statusCode, 400);
  t.equal(tooLong.json().code, 'JSON_ARRAY_TOO_LONG');
  t.equal((await post({ type: 'Create', object: { type: 'Note', tag: [{ type: 'Hashtag' }] } })).statusCode, 200);
});
