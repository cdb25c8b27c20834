import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../src/domain/deps.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { createRestAPIClient } from 'masto';
import { buildApp } from '../../src/http/app.js';
import { loggerOptions } from '../../src/log.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { Urls } from '../../src/urls.js';
import { tempDir, testConfig } from '../helpers/config.js';

type Tap = { teardown(fn: () => unknown): void };

export const PASSWORD = 'correct horse battery';

/** An app over a real SQLite file whose logs (trace level, with the production redaction) are kept in `logs`. */
/** Test time: the app copies deps into its federation context, so the clock is shifted, not replaced. */
export interface TestClock { offsetMs: number }

export async function makeLoggedApp(t: Tap): Promise<{ deps: Deps; app: FastifyInstance; logs: string[]; clock: TestClock }> {
  const clock: TestClock = { offsetMs: 0 };
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
  // These tests log in far more often than a person does; the throttles have their own tests
  // (test/http/limits.test.ts, test/mastodon/login-throttle.test.ts).
  const config = testConfig(tempDir(t), { rateLimits: { loginPerIp: { limit: 10_000, periodSeconds: 300 } } });
  const store = await openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
  t.teardown(() => store.close());
  const deps: Deps = { config, store, urls: new Urls(config), log: pino(loggerOptions('trace'), sink), now: () => new Date(Date.now() + clock.offsetMs) };
  await ensureFirstStart(deps);
  await createAccount(deps, { username: 'anna', password: PASSWORD, displayName: 'Anna Berg' });
  const app = await buildApp(deps);
  t.teardown(() => app.close());
  return { deps, app, logs, clock };
}

export function pkcePair(method: 'S256' | 'plain' = 'S256'): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier };
}

export interface RegisteredClient {
  id: string;
  client_id: string;
  client_secret: string;
  redirect_uri: string;
}

export async function registerClient(app: FastifyInstance, redirectUri = 'https://app.example/callback', scopes = 'read write follow push'): Promise<RegisteredClient> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/apps', payload: { client_name: 'Test app', redirect_uris: redirectUri, scopes, website: 'https://app.example' } });
  if (r.statusCode !== 200) throw new Error(`app registration failed: ${r.statusCode} ${r.body}`);
  return r.json() as RegisteredClient;
}

/** Reads the authorize page the way a browser would: hidden inputs and the CSRF cookie. */
export function parseForm(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = decodeEntities(m[2]!);
  return fields;
}

export function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function cookieFrom(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!first) throw new Error('no set-cookie');
  return first.split(';')[0]!;
}

/** GET the authorize page, then POST the form back with credentials; returns the POST response. */
export async function authorize(
  app: FastifyInstance,
  query: Record<string, string>,
  login: { username?: string; password?: string; decision?: 'approve' | 'deny' } = {},
) {
  const page = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams(query)}` });
  if (page.statusCode !== 200) throw new Error(`authorize page: ${page.statusCode} ${page.body.slice(0, 200)}`);
  const form = { ...parseForm(page.body), username: login.username ?? 'anna', password: login.password ?? PASSWORD, decision: login.decision ?? 'approve' };
  return app.inject({
    method: 'POST',
    url: '/oauth/authorize',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(page.headers['set-cookie']) },
    payload: new URLSearchParams(form).toString(),
  });
}

/** The whole authorization-code + PKCE flow; returns the token response and what it took. */
export async function loginWithCode(app: FastifyInstance, client: RegisteredClient, scope = 'read write follow', login: { username?: string; password?: string } = {}) {
  const { verifier, challenge } = pkcePair();
  const res = await authorize(app, {
    response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope, state: 'st-1',
    code_challenge: challenge, code_challenge_method: 'S256',
  }, login);
  if (res.statusCode !== 302) throw new Error(`authorize POST: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const code = new URL(String(res.headers.location)).searchParams.get('code')!;
  const token = await app.inject({
    method: 'POST', url: '/oauth/token',
    payload: { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, client_id: client.client_id, client_secret: client.client_secret, code_verifier: verifier },
  });
  if (token.statusCode !== 200) throw new Error(`token: ${token.statusCode} ${token.body}`);
  return token.json() as { access_token: string; refresh_token: string; scope: string; token_type: string; created_at: number };
}


export { freePort } from '../helpers/instances.js';

/** Staff accounts on real instances, each with a masto client and its token (read, write, follow). */
export function mastoStaff() {
  const tokens: Record<string, string> = {};
  const client = async (inst: { port: number; it: { deps: Deps } }, name: string) => {
    await createAccount(inst.it.deps, { username: name, password: PASSWORD, displayName: name });
    tokens[name] = (await createPersonalToken(inst.it.deps, name, ['read', 'write', 'follow'])).token;
    return createRestAPIClient({ url: `http://127.0.0.1:${inst.port}`, accessToken: tokens[name] });
  };
  return { tokens, client };
}
