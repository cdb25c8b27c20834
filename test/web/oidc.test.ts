import t from 'tap';
import { freePort, testInstance, type TestInstance } from '../helpers/instances.js';
import { startIdp, throughProvider, type TestIdp } from '../helpers/oidc-provider.js';
import { WebClient, textOf } from '../helpers/web.js';
import { disableAccount, listAccounts } from '../../src/domain/accounts/accounts.js';
import { accountStatus } from '../../src/http/web/pages/admin.js';
import { exportAccount } from '../../src/domain/privacy/export.js';
import type { Store } from '../../src/store/port.js';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions, type Logger } from '../../src/log.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on 127.0.0.1, over real
 * HTTP: the instance discovers the provider, sends the browser there, and signs it in when it
 * comes back. Refusals are checked against the store: no account made, none changed.
 */

const ROLE_MAP = { 'sg-samspil-admins': 'admin', 'sg-samspil-publishers': 'publisher', 'sg-samspil-moderators': 'moderator', 'sg-samspil-authors': 'author' } as const;

async function setUp(t: { teardown(fn: () => unknown): void }, extra: { passwordSignIn?: boolean } = {}, options: { log?: Logger } = {}): Promise<{ idp: TestIdp; inst: TestInstance; store: Store; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = await startIdp(t, {
    redirectUri: `${base}/auth/oidc/callback`,
    accounts: {
      'f0a1-anna': { preferred_username: 'Anna.Jensen@aarhus.example', name: 'Anna Jensen', email: 'anna@aarhus.example', groups: ['sg-samspil-publishers', 'unrelated-group'] },
      'f0a2-bo': { preferred_username: 'bo', name: 'Bo Ølgaard', email: 'bo@aarhus.example', groups: [] },
      'f0a3-anna-other': { preferred_username: 'anna.jensen', name: 'Anna Jensen (Sundhed)', groups: ['sg-samspil-moderators'] },
    },
  });
  const inst = await testInstance(t, 'sso', {
    port, domain: `127.0.0.1:${port}`,
    oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, displayName: 'Aarhus Login', roleMap: { ...ROLE_MAP }, ...extra },
  }, options);
  return { idp, inst, store: inst.it.deps.store, base };
}

/** A browser's sign-in through the provider: returns the instance's answer to the callback. */
async function ssoSignIn(web: WebClient, idp: TestIdp, subject: string, o: { next?: string; alterCallback?: (u: URL) => void; abort?: boolean } = {}) {
  const start = await web.get(`/auth/oidc/start?next=${encodeURIComponent(o.next ?? '/home')}`);
  if (start.status !== 303 || !start.location) throw new Error(`start answered ${start.status}`);
  const authorize = new URL(start.location);
  const callback = new URL(await throughProvider(new WebClient(idp.issuer), authorize.href, subject, web.base, { abort: o.abort }));
  o.alterCallback?.(callback);
  return { authorize, callback, answer: await web.get(callback.href) };
}

async function userByName(store: Store, username: string) {
  const actor = await store.actors.getByUsername(username, null);
  return actor ? { actor, user: (await store.users.getByActorId(actor.id))! } : undefined;
}

/** Everything a sign-in could change, to compare before and after a refusal. */
async function snapshot(store: Store) {
  const users = (await store.users.list()).map((u) => ({ ...u, lastActiveAt: null }));
  const links = (await store.transfer.page('identityLinks', null, 100)).records;
  const actors = (await store.actors.listLocal({ limit: 100 })).map((a) => [a.username, a.displayName]);
  return { users, links, actors };
}

async function signedIn(web: WebClient): Promise<boolean> {
  const home = await web.get('/home');
  return home.status === 200;
}

t.test('first sign-in creates the account with the mapped roles; later sign-ins follow the groups', async (t) => {
  const { idp, inst, store } = await setUp(t);
  const web = new WebClient(inst.it.deps.urls.base);

  const page = await web.get('/auth/sign_in');
  t.match(textOf(page.html), 'Sign in with Aarhus Login', 'the sign-in page offers the provider by its name');
  t.match(page.html, /href="\/auth\/oidc\/start\?next=%2Fhome"/);

  const { authorize, answer } = await ssoSignIn(web, idp, 'f0a1-anna');
  t.equal(authorize.origin, idp.issuer, 'the browser went to the configured provider');
  t.equal(authorize.searchParams.get('code_challenge_method'), 'S256', 'PKCE with S256');
  t.match(authorize.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  t.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'), 'state and nonce');
  t.equal(authorize.searchParams.get('redirect_uri'), `${inst.it.deps.urls.base}/auth/oidc/callback`);
  t.equal(answer.status, 303);
  t.equal(answer.location, '/home', 'back where the sign-in started');
  t.ok(await signedIn(web), 'signed in with a web session');

  const anna = await userByName(store, 'anna_jensen');
  t.ok(anna, 'username from preferred_username, made a valid local name');
  t.equal(anna!.actor.displayName, 'Anna Jensen');
  t.equal(anna!.user.email, 'anna@aarhus.example');
  t.equal(anna!.user.role, 'user');
  t.equal(anna!.user.staffRole, 'publisher', 'sg-samspil-publishers maps to publisher');
  t.equal(anna!.user.passwordHash, null, 'an SSO account has no password at all');
  t.equal(anna!.user.mustChangePassword, false);
  const listed = (await listAccounts(inst.it.deps)).find((v) => v.actor.username === 'anna_jensen')!;
  t.equal(accountStatus(listed.user, listed.ssoLinked), 'active', 'the administration lists an SSO account as active, not invited');
  const link = await store.identityLinks.get(idp.issuer, 'f0a1-anna');
  t.equal(link?.userId, anna!.user.id, 'linked by issuer and subject');
  const audit = (await store.audit.list({ limit: 50 })).map((e) => `${e.actor} ${e.action} ${e.target}`);
  t.ok(audit.includes('oidc account.create anna_jensen'), 'creation audited');
  t.ok(audit.includes('oidc oidc.link anna_jensen'), 'the link audited');
  const exported = await exportAccount(inst.it.deps, { username: 'anna_jensen', by: 'test' });
  t.match(exported.singleSignOn, [{ issuer: idp.issuer, subject: 'f0a1-anna' }], 'the account export says who she is at the provider');

  const pw = new WebClient(inst.it.deps.urls.base);
  const tried = await pw.post('/auth/sign_in', { login: 'anna_jensen', password: 'correct horse battery', next: '/home' }, { csrfFrom: '/auth/sign_in' });
  t.equal(tried.status, 401, 'no password signs an SSO account in');

  // The provider moves Anna to the admins and renames her.
  idp.accounts.set('f0a1-anna', { preferred_username: 'anna.jensen', name: 'Anna Jensen-Berg', email: 'anna.berg@aarhus.example', groups: ['sg-samspil-admins'] });
  const again = new WebClient(inst.it.deps.urls.base);
  t.equal((await ssoSignIn(again, idp, 'f0a1-anna')).answer.status, 303);
  let now = (await userByName(store, 'anna_jensen'))!;
  t.equal(now.user.id, anna!.user.id, 'the same account, found by subject, not by name');
  t.equal(now.user.role, 'admin', 'a changed group changes the access role');
  t.equal(now.user.staffRole, 'publisher', 'admins publish');
  t.equal(now.actor.displayName, 'Anna Jensen-Berg', 'display name follows the claims');
  t.equal(now.user.email, 'anna.berg@aarhus.example', 'e-mail follows the claims');
  t.equal(await store.users.count(), 2, 'no second account (admin + anna)');
  const roleChange = (await store.audit.list({ limit: 50 })).find((e) => e.action === 'account.roles' && e.target === 'anna_jensen');
  t.same(roleChange?.details, { from: { role: 'user', staffRole: 'publisher' }, to: { role: 'admin', staffRole: 'publisher' } }, 'the role change is audited');
  t.equal(roleChange?.actor, 'oidc');

  idp.accounts.set('f0a1-anna', { preferred_username: 'anna.jensen', name: 'Anna Jensen-Berg', groups: ['sg-samspil-moderators', 'sg-samspil-authors'] });
  t.equal((await ssoSignIn(new WebClient(inst.it.deps.urls.base), idp, 'f0a1-anna')).answer.status, 303);
  now = (await userByName(store, 'anna_jensen'))!;
  t.same([now.user.role, now.user.staffRole], ['moderator', 'author'], 'moderator and author groups');
  t.equal(now.user.email, 'anna.berg@aarhus.example', 'a missing e-mail claim keeps the address');

  idp.accounts.set('f0a1-anna', { preferred_username: 'anna.jensen', name: 'Anna Jensen-Berg', groups: ['unrelated-group'] });
  t.equal((await ssoSignIn(new WebClient(inst.it.deps.urls.base), idp, 'f0a1-anna')).answer.status, 303);
  now = (await userByName(store, 'anna_jensen'))!;
  t.same([now.user.role, now.user.staffRole], ['user', 'author'], 'removed from all mapped groups: no role left');

  // Another person whose claim folds to the same name gets a name of their own.
  t.equal((await ssoSignIn(new WebClient(inst.it.deps.urls.base), idp, 'f0a3-anna-other')).answer.status, 303);
  const other = await userByName(store, 'anna_jensen2');
  t.ok(other, 'made unique with a suffix');
  t.equal(other?.user.role, 'moderator');
  t.equal(other?.user.staffRole, 'author');
});

t.test('refusals: a clear page, a 4xx, no session, and nothing in the store changes', async (t) => {
  const { idp, inst, store } = await setUp(t);
  const base = inst.it.deps.urls.base;
  // Bo signs in once, so refusals below must also leave an existing account alone.
  t.equal((await ssoSignIn(new WebClient(base), idp, 'f0a2-bo')).answer.status, 303);
  t.same([(await userByName(store, 'bo'))?.user.role, (await userByName(store, 'bo'))?.user.staffRole], ['user', 'author']);
  idp.accounts.set('f0a2-bo', { preferred_username: 'bo', name: 'Bo Ølgaard', groups: ['sg-samspil-admins'] });
  idp.accounts.set('f0a9-new', { preferred_username: 'nyansat', name: 'Ny Ansat', groups: ['sg-samspil-admins'] });

  const cases: Array<{ name: string; subject: string; reason: string; status: number; tamper?: (token: string) => string; alterCallback?: (u: URL) => void; abort?: boolean; text: RegExp }> = [
    { name: 'a tampered state', subject: 'f0a2-bo', reason: 'state', status: 400, alterCallback: (u) => u.searchParams.set('state', `${u.searchParams.get('state')}x`), text: /did not start in this browser/ },
    { name: 'a tampered ID token (claims changed, signature kept)', subject: 'f0a2-bo', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => {
      const [h, p, s] = tok.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
      claims.name = 'Bo the Admin';
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    } },
    { name: 'a forged ID token (signed with another key under the same key id)', subject: 'f0a2-bo', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => idp.forge(tok) },
    { name: 'a wrong issuer (properly signed)', subject: 'f0a2-bo', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => idp.resign(tok, (c) => { c.iss = 'http://127.0.0.1:9/other-issuer'; }) },
    { name: 'a wrong audience (a token for another client, properly signed)', subject: 'f0a2-bo', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => idp.resign(tok, (c) => { c.aud = 'another-client'; }) },
    { name: 'an expired ID token (properly signed)', subject: 'f0a2-bo', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => idp.resign(tok, (c) => { c.iat = Math.floor(Date.now() / 1000) - 7200; c.exp = Math.floor(Date.now() / 1000) - 3600; }) },
    { name: 'a wrong nonce (properly signed)', subject: 'f0a2-bo', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => idp.resign(tok, (c) => { c.nonce = 'not-the-nonce'; }) },
    { name: 'a tampered ID token for a new person', subject: 'f0a9-new', reason: 'token', status: 400, text: /could not be verified/, tamper: (tok) => idp.forge(tok) },
    { name: 'the provider refuses (access_denied)', subject: 'f0a9-new', reason: 'denied', status: 403, abort: true, text: /did not sign you in/ },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const before = await snapshot(store);
      idp.tamper = c.tamper;
      const web = new WebClient(base);
      const { answer } = await ssoSignIn(web, idp, c.subject, { alterCallback: c.alterCallback, abort: c.abort });
      idp.tamper = undefined;
      t.equal(answer.status, c.status, 'a 4xx');
      t.match(answer.headers.get('content-type'), /^text\/html/, 'a page');
      t.match(answer.html, new RegExp(`data-reason="${c.reason}"`));
      t.match(textOf(answer.html), 'Sign-in did not work');
      t.match(textOf(answer.html), c.text, 'says what happened');
      t.match(answer.html, /href="\/auth\/sign_in"/, 'with the way back to sign-in');
      if (c.abort) t.match(textOf(answer.html), 'access_denied', 'and what the provider said');
      t.notOk(await signedIn(web), 'not signed in');
      t.same(await snapshot(store), before, 'no account made or changed');
    });
  }

  await t.test('control: a token re-signed unchanged with the provider key is accepted (the refusals above are the checks, not the re-signing)', async (t) => {
    idp.tamper = (tok) => idp.resign(tok, () => undefined);
    const web = new WebClient(base);
    const { answer } = await ssoSignIn(web, idp, 'f0a2-bo');
    idp.tamper = undefined;
    t.equal(answer.status, 303);
    t.ok(await signedIn(web));
    t.equal((await userByName(store, 'bo'))?.user.role, 'admin', 'the groups now apply');
  });

  await t.test('a callback in another browser (no pending sign-in) and a replayed callback are refused', async (t) => {
    const web = new WebClient(base);
    const { callback, answer } = await ssoSignIn(web, idp, 'f0a2-bo');
    t.equal(answer.status, 303, 'the first use signs in');
    const before = await snapshot(store);
    const elsewhere = new WebClient(base);
    const other = await elsewhere.get(callback.href);
    t.equal(other.status, 400);
    t.match(other.html, /data-reason="state"/);
    t.notOk(await signedIn(elsewhere));
    const replay = await web.get(callback.href);
    t.equal(replay.status, 400, 'the pending sign-in was spent by the first answer');
    t.same(await snapshot(store), before);
  });

  await t.test('a disabled account cannot sign in by SSO, and its roles stay', async (t) => {
    idp.accounts.set('f0a2-bo', { preferred_username: 'bo', name: 'Bo Disabled', groups: [] });
    await disableAccount(inst.it.deps, 'bo', 'test');
    const before = await snapshot(store);
    const web = new WebClient(base);
    const { answer } = await ssoSignIn(web, idp, 'f0a2-bo');
    t.equal(answer.status, 403);
    t.match(answer.html, /data-reason="account"/);
    t.match(textOf(answer.html), 'disabled');
    t.notOk(await signedIn(web));
    t.same(await snapshot(store), before, 'neither the name nor the role changed');
  });

  await t.test('next is kept to local paths', async (t) => {
    const web = new WebClient(base);
    idp.accounts.set('f0a1-anna', { preferred_username: 'anna', groups: [] });
    const { answer } = await ssoSignIn(web, idp, 'f0a1-anna', { next: 'https://evil.example/' });
    t.equal(answer.location, '/home', 'an outside next falls back to /home');
    const web2 = new WebClient(base);
    const { answer: a2 } = await ssoSignIn(web2, idp, 'f0a1-anna', { next: '/solutions' });
    t.equal(a2.location, '/solutions');
  });
});

t.test('password sign-in turned off: SSO only, on the web sign-in and the Mastodon OAuth page', async (t) => {
  const { idp, inst } = await setUp(t);
  const base = inst.it.deps.urls.base;
  const admin = inst.it.firstStart.admin!;
  // A sign-in form opened while passwords still worked (an old tab), posted after they were turned off.
  const oldTab = new WebClient(base);
  const token = WebClient.csrfOf((await oldTab.get('/auth/sign_in')).html, '/auth/sign_in');
  const app = await (await fetch(`${base}/api/v1/apps`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Elk', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read' }),
  })).json() as { client_id: string };
  const authorizePath = `/oauth/authorize?response_type=code&client_id=${app.client_id}&redirect_uri=${encodeURIComponent('urn:ietf:wg:oauth:2.0:oob')}&scope=read`;
  const oauthTab = new WebClient(base);
  const oauthPage = await oauthTab.get(authorizePath);
  t.match(oauthPage.html, /name="password"/, 'with passwords on, the OAuth page asks for one');
  const oauthToken = /name="authenticity_token" value="([^"]*)"/.exec(oauthPage.html)![1]!;

  inst.it.deps.config.oidc.passwordSignIn = false;
  t.teardown(() => { inst.it.deps.config.oidc.passwordSignIn = true; });

  const page = await new WebClient(base).get('/auth/sign_in');
  t.match(textOf(page.html), 'Sign in with Aarhus Login');
  t.notMatch(page.html, /name="password"/, 'no password field');
  t.notMatch(page.html, /action="\/auth\/sign_in"/, 'no password form at all');
  const posted = await oldTab.post('/auth/sign_in', { login: admin.username, password: admin.password, next: '/home' }, { csrf: token });
  t.equal(posted.status, 403, 'a right password is refused');
  t.match(textOf(posted.html), 'Password sign-in is turned off');
  t.notOk(await signedIn(oldTab));

  const offPage = await new WebClient(base).get(authorizePath);
  t.notMatch(offPage.html, /name="password"/, 'the OAuth page asks for no password');
  t.match(textOf(offPage.html), 'Sign in with Aarhus Login', 'it offers the provider');
  const viaOauth = await oauthTab.post('/oauth/authorize', {
    authenticity_token: oauthToken, response_type: 'code', client_id: app.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read',
    username: admin.username, password: admin.password, decision: 'approve',
  }, { csrf: null });
  t.equal(viaOauth.status, 403, 'a password posted to the OAuth page is refused');
  t.notMatch(textOf(viaOauth.html), /Authorization code/);

  const web = new WebClient(base);
  const { answer } = await ssoSignIn(web, idp, 'f0a1-anna');
  t.equal(answer.status, 303, 'SSO still signs in');
  t.ok(await signedIn(web));
});

t.test('the Mastodon OAuth authorize page: SSO, then back to the consent, then a token', async (t) => {
  const { idp, inst, store } = await setUp(t);
  const base = inst.it.deps.urls.base;
  const app = await (await fetch(`${base}/api/v1/apps`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Elk', redirect_uris: 'https://elk.example/callback', scopes: 'read write' }),
  })).json() as { client_id: string; client_secret: string };
  const authorizePath = `/oauth/authorize?response_type=code&client_id=${app.client_id}&redirect_uri=${encodeURIComponent('https://elk.example/callback')}&scope=read&state=app-state-1`;
  const web = new WebClient(base);
  const page = await web.get(authorizePath);
  const link = /href="(\/auth\/oidc\/start\?next=[^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
  t.ok(link, 'the authorize page offers SSO');
  const next = new URL(link!, base).searchParams.get('next')!;
  t.match(next, /^\/oauth\/authorize\?/, 'coming back to the authorize page');
  const { answer } = await ssoSignIn(web, idp, 'f0a1-anna', { next });
  t.equal(answer.status, 303);
  t.equal(new URL(answer.location!, base).pathname, '/oauth/authorize');
  const consent = await web.get(answer.location!);
  t.equal(consent.status, 200);
  t.match(textOf(consent.html), 'You are signed in as Anna Jensen (@anna_jensen)', 'the consent names who signs in');
  t.notMatch(consent.html, /name="password"/, 'no password asked of a signed-in person');
  const token = /name="authenticity_token" value="([^"]*)"/.exec(consent.html)![1]!;
  const approved = await web.post('/oauth/authorize', {
    authenticity_token: token, response_type: 'code', client_id: app.client_id, redirect_uri: 'https://elk.example/callback', scope: 'read', state: 'app-state-1', decision: 'approve',
  }, { csrf: null });
  t.equal(approved.status, 302);
  const back = new URL(approved.location!);
  t.equal(back.origin + back.pathname, 'https://elk.example/callback');
  t.equal(back.searchParams.get('state'), 'app-state-1');
  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', code: back.searchParams.get('code'), client_id: app.client_id, client_secret: app.client_secret, redirect_uri: 'https://elk.example/callback' }),
  });
  t.equal(tokenRes.status, 200);
  const { access_token } = await tokenRes.json() as { access_token: string };
  const me = await (await fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${access_token}` } })).json() as { username: string };
  t.equal(me.username, 'anna_jensen', 'the app acts as the SSO account');
  t.ok(await store.identityLinks.get(idp.issuer, 'f0a1-anna'));
});

t.test('the log never holds the client secret, a code or a token, at debug level', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const { idp, inst } = await setUp(t, {}, { log: pino(loggerOptions('debug'), sink) });
  const base = inst.it.deps.urls.base;
  const ok = await ssoSignIn(new WebClient(base), idp, 'f0a1-anna');
  t.equal(ok.answer.status, 303);
  idp.tamper = (tok) => idp.forge(tok);
  const forged = await ssoSignIn(new WebClient(base), idp, 'f0a1-anna');
  idp.tamper = undefined;
  t.equal(forged.answer.status, 400);
  const denied = await ssoSignIn(new WebClient(base), idp, 'f0a1-anna', { abort: true });
  t.equal(denied.answer.status, 403);
  const log = lines.join('');
  t.match(log, /oidc response refused/, 'the refusal is logged');
  t.match(log, /oidc provider refused the sign-in/);
  t.match(log, /\/auth\/oidc\/callback\?code=\[redacted\]/, 'request lines carry no code');
  t.notOk(log.includes(idp.clientSecret), 'no client secret');
  for (const code of [ok.callback, forged.callback].map((u) => u.searchParams.get('code')!)) t.notOk(log.includes(code), 'no authorization code');
  t.ok(idp.issued.length >= 2);
  for (const token of idp.issued) t.notOk(log.includes(token.split('.')[2]!), 'no ID token');
});

t.test('SSO never removes the last enabled admin: the admin role is kept, the rest follows the groups', async (t) => {
  const { idp, inst, store } = await setUp(t);
  const base = inst.it.deps.urls.base;
  idp.accounts.set('f0a1-anna', { preferred_username: 'anna', name: 'Anna', groups: ['sg-samspil-admins'] });
  t.equal((await ssoSignIn(new WebClient(base), idp, 'f0a1-anna')).answer.status, 303);
  t.equal((await userByName(store, 'anna'))?.user.role, 'admin');
  await disableAccount(inst.it.deps, inst.it.firstStart.admin!.username, 'test');
  idp.accounts.set('f0a1-anna', { preferred_username: 'anna', name: 'Anna', groups: [] });
  const web = new WebClient(base);
  t.equal((await ssoSignIn(web, idp, 'f0a1-anna')).answer.status, 303, 'she still signs in');
  const anna = (await userByName(store, 'anna'))!;
  t.same([anna.user.role, anna.user.staffRole], ['admin', 'author'], 'admin kept (the only enabled one), staff role followed the groups');
  t.equal(await store.users.count({ role: 'admin', enabledOnly: true }), 1);
  t.ok((await store.audit.list({ limit: 50 })).some((e) => e.action === 'oidc.lastAdminKept' && e.target === 'anna'), 'audited');
});
