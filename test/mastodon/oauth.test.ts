import t from 'tap';
import { hashToken } from '../../src/crypto/keys.js';
import { disableAccount, createAccount } from '../../src/domain/accounts/accounts.js';
import { authorize, loginWithCode, makeLoggedApp, parseForm, pkcePair, registerClient, PASSWORD } from './helpers.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

t.test('OAuth over HTTP: every refusal has Mastodon/Doorkeeper codes, and no secret reaches the logs', async (t) => {
  const { app, deps, logs, clock } = await makeLoggedApp(t);
  const secrets: string[] = [PASSWORD];
  const client = await registerClient(app);
  secrets.push(client.client_secret);
  const other = await registerClient(app, 'https://other.example/cb');
  secrets.push(other.client_secret);
  const base = { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'read write' };

  await t.test('POST /api/v1/apps: form, JSON and query bodies; Mastodon 422 wording', async (t) => {
    const viaForm = await app.inject({ method: 'POST', url: '/api/v1/apps', headers: form, payload: 'client_name=Tusky&redirect_uris=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&scopes=read+write+follow+push&website=https%3A%2F%2Ftusky.app' });
    t.equal(viaForm.statusCode, 200);
    const body = viaForm.json();
    secrets.push(body.client_secret);
    t.match(body, { name: 'Tusky', website: 'https://tusky.app', redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', redirect_uris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read', 'write', 'follow', 'push'], client_secret_expires_at: 0 });
    t.type(body.id, 'string');
    t.type(body.client_id, 'string');
    t.match(body.vapid_key, /^B[A-Za-z0-9_-]{86}$/, 'an uncompressed P-256 point, base64url');
    t.equal(viaForm.headers['content-type'], 'application/json; charset=utf-8');

    const viaJson = await app.inject({ method: 'POST', url: '/api/v1/apps', payload: { client_name: 'Elk', redirect_uris: ['https://elk.zone/a', 'elk://callback'] } });
    t.equal(viaJson.statusCode, 200);
    t.same(viaJson.json().redirect_uris, ['https://elk.zone/a', 'elk://callback']);
    t.equal(viaJson.json().redirect_uri, 'https://elk.zone/a\nelk://callback');
    t.same(viaJson.json().scopes, ['read'], 'no scopes means read, as Mastodon');
    secrets.push(viaJson.json().client_secret);

    const viaQuery = await app.inject({ method: 'POST', url: `/api/v1/apps?${new URLSearchParams({ client_name: 'Q', redirect_uris: 'https://q.example/cb', scopes: 'read' })}` });
    t.equal(viaQuery.statusCode, 200);
    secrets.push(viaQuery.json().client_secret);

    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ redirect_uris: 'https://x.example/cb' }, /^Validation failed: Application name can't be blank$/],
      [{ client_name: 'X' }, /Redirect URI can't be blank/],
      [{ client_name: 'X', redirect_uris: '/relative' }, /Redirect URI must be an absolute URI\./],
      [{ client_name: 'X', redirect_uris: 'javascript:alert(1)' }, /Redirect URI is forbidden by the server\./],
      [{ client_name: 'X', redirect_uris: 'https://x.example/cb#frag' }, /Redirect URI cannot contain a fragment\./],
      [{ client_name: 'X', redirect_uris: 'https://x.example/cb', scopes: 'read everything' }, /Scopes doesn't match configured on the server\./],
      [{ client_name: 'X', redirect_uris: 'https://x.example/cb', website: 'not a url' }, /Website is not a valid URL/],
      [{ client_name: 'x'.repeat(61), redirect_uris: 'https://x.example/cb' }, /Application name is too long \(maximum is 60 characters\)/],
    ];
    for (const [payload, message] of cases) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/apps', payload });
      t.equal(r.statusCode, 422, JSON.stringify(payload));
      t.match(r.json().error, message);
      t.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    }
    const malformed = await app.inject({ method: 'POST', url: '/api/v1/apps', headers: { 'content-type': 'application/json' }, payload: '{"client_name":' });
    t.equal(malformed.statusCode, 400);
    t.type(malformed.json().error, 'string');
  });

  await t.test('GET /oauth/authorize: unknown client and unregistered redirect URI are shown, never redirected', async (t) => {
    const unknown = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams({ ...base, client_id: 'nope' })}` });
    t.equal(unknown.statusCode, 401);
    t.equal(unknown.headers.location, undefined);
    t.match(unknown.body, /invalid_client/);
    const badRedirect = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams({ ...base, redirect_uri: 'https://evil.example/cb' })}` });
    t.equal(badRedirect.statusCode, 400);
    t.equal(badRedirect.headers.location, undefined);
    t.match(badRedirect.body, /invalid_redirect_uri/);
    const noRedirect = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id })}` });
    t.equal(noRedirect.statusCode, 400);
    t.match(noRedirect.body, /Missing required parameter: redirect_uri\./);
  });

  await t.test('GET /oauth/authorize: other errors go back to the app with error, description and state', async (t) => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...base, scope: 'read admin:write' }, 'invalid_scope'],
      [{ ...base, scope: 'read nonsense' }, 'invalid_scope'],
      [{ ...base, response_type: 'token' }, 'unsupported_response_type'],
      [{ ...base, code_challenge: pkcePair().challenge, code_challenge_method: 'S512' }, 'invalid_code_challenge_method'],
    ];
    for (const [query, error] of cases) {
      const r = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams({ ...query, state: 'xyz' })}` });
      t.equal(r.statusCode, 302, error);
      const location = new URL(String(r.headers.location));
      t.equal(`${location.origin}${location.pathname}`, client.redirect_uri);
      t.equal(location.searchParams.get('error'), error);
      t.equal(location.searchParams.get('state'), 'xyz');
      t.ok(location.searchParams.get('error_description'));
    }
  });

  await t.test('the login page names the app and scopes, escaped, and is protected against framing and caching', async (t) => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/apps', payload: { client_name: '<script>alert(1)</script>', redirect_uris: 'https://x.example/cb', scopes: 'read write' } });
    secrets.push(r.json().client_secret);
    const page = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: r.json().client_id, redirect_uri: 'https://x.example/cb', scope: 'read write', state: '"><b>' })}` });
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /^text\/html/);
    t.notMatch(page.body, /<script>alert/);
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.notMatch(page.body, /"><b>/);
    t.match(page.body, /<code>read<\/code>/);
    t.match(page.body, /<code>write<\/code>/);
    t.equal(page.headers['x-frame-options'], 'DENY');
    t.match(page.headers['content-security-policy'], /frame-ancestors 'none'/);
    t.equal(page.headers['cache-control'], 'no-store');
    t.match(String(page.headers['set-cookie']), /^samspil_oauth_csrf=[^;]+; Path=\/oauth; HttpOnly; SameSite=Lax/);
    t.ok(parseForm(page.body).authenticity_token);
  });

  await t.test('POST /oauth/authorize: CSRF, wrong password, disabled login, deny', async (t) => {
    const page = await app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams(base)}` });
    const fields = { ...parseForm(page.body), username: 'anna', password: PASSWORD, decision: 'approve' };
    const noCookie = await app.inject({ method: 'POST', url: '/oauth/authorize', headers: form, payload: new URLSearchParams(fields).toString() });
    t.equal(noCookie.statusCode, 403, 'no CSRF cookie');
    t.equal(noCookie.headers.location, undefined);
    const forged = await app.inject({
      method: 'POST', url: '/oauth/authorize', headers: { ...form, cookie: 'samspil_oauth_csrf=attacker' },
      payload: new URLSearchParams(fields).toString(),
    });
    t.equal(forged.statusCode, 403, 'cookie does not match the signed token');

    const wrong = await authorize(app, base, { password: 'not the password' });
    t.equal(wrong.statusCode, 401);
    t.equal(wrong.headers.location, undefined);
    t.match(wrong.body, /Invalid username or password\./);
    t.match(wrong.body, /value="anna"/, 'the username is kept in the form');
    const nobody = await authorize(app, base, { username: 'ghost' });
    t.equal(nobody.statusCode, 401);
    t.match(nobody.body, /Invalid username or password\./, 'unknown users get the very same answer');

    await createAccount(deps, { username: 'bo', password: PASSWORD });
    await disableAccount(deps, 'bo');
    const disabled = await authorize(app, base, { username: 'bo' });
    t.equal(disabled.statusCode, 403);
    t.match(disabled.body, /Your login is currently disabled/);
    t.equal(disabled.headers.location, undefined);

    const denied = await authorize(app, { ...base, state: 's' }, { decision: 'deny', password: '' });
    t.equal(denied.statusCode, 302);
    const location = new URL(String(denied.headers.location));
    t.equal(location.searchParams.get('error'), 'access_denied');
    t.equal(location.searchParams.get('state'), 's');
    t.equal(location.searchParams.get('code'), null);
  });

  await t.test('authorization code + PKCE: happy path, then every way the code exchange is refused', async (t) => {
    const { verifier, challenge } = pkcePair();
    const approve = async () => {
      const r = await authorize(app, { ...base, state: 'abc', code_challenge: challenge, code_challenge_method: 'S256' });
      t.equal(r.statusCode, 302);
      const location = new URL(String(r.headers.location));
      t.equal(location.searchParams.get('state'), 'abc');
      const code = location.searchParams.get('code')!;
      secrets.push(code);
      return code;
    };
    const exchange = (payload: Record<string, string>, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/oauth/token', headers, payload });
    const good = (code: string) => ({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, client_id: client.client_id, client_secret: client.client_secret, code_verifier: verifier });
    const expectError = (r: Awaited<ReturnType<typeof exchange>>, status: number, error: string, msg: string) => {
      t.equal(r.statusCode, status, msg);
      t.equal(r.json().error, error, msg);
      t.type(r.json().error_description, 'string', msg);
      t.equal(r.headers['content-type'], 'application/json; charset=utf-8', msg);
    };

    const code = await approve();
    expectError(await exchange({ ...good(code), client_secret: 'wrong' }), 401, 'invalid_client', 'wrong client secret');
    const wrongSecret = await exchange({ ...good(code), client_secret: 'wrong' });
    t.match(wrongSecret.headers['www-authenticate'], /error="invalid_client"/);
    expectError(await exchange({ ...good(code), client_id: 'unknown' }), 401, 'invalid_client', 'unknown client');
    expectError(await exchange({ ...good(code), client_id: other.client_id, client_secret: other.client_secret }), 400, 'invalid_grant', 'code of another client');
    expectError(await exchange({ ...good(code), code_verifier: pkcePair().verifier }), 400, 'invalid_grant', 'PKCE mismatch');
    const { code_verifier: _omit, ...noVerifier } = good(code);
    expectError(await exchange(noVerifier), 400, 'invalid_request', 'missing code_verifier');
    expectError(await exchange({ ...good(code), redirect_uri: 'https://app.example/other' }), 400, 'invalid_grant', 'redirect_uri differs from the authorize request');
    expectError(await exchange({ ...good(code), grant_type: 'password' }), 400, 'unsupported_grant_type', 'password grant');
    const { grant_type: _g, ...noGrant } = good(code);
    expectError(await exchange(noGrant), 400, 'invalid_request', 'missing grant_type');
    expectError(await exchange({ ...good('no-such-code') }), 400, 'invalid_grant', 'unknown code');

    // The refused attempts above did not use the code up.
    const ok = await exchange(good(code));
    t.equal(ok.statusCode, 200);
    const token = ok.json();
    secrets.push(token.access_token, token.refresh_token);
    t.match(token, { token_type: 'Bearer', scope: 'read write' });
    t.type(token.created_at, 'number');
    t.equal(ok.headers['cache-control'], 'no-store');
    const me = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { authorization: `Bearer ${token.access_token}` } });
    t.equal(me.statusCode, 200);
    t.equal(me.json().username, 'anna');
    const stored = await deps.store.tokens.getByHash(hashToken(token.access_token));
    t.ok(stored, 'the token is found by its hash');
    t.not(stored!.tokenHash, token.access_token, 'only the hash is stored');

    expectError(await exchange(good(code)), 400, 'invalid_grant', 'a code works once');
    const afterReuse = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { authorization: `Bearer ${token.access_token}` } });
    t.same(afterReuse.json(), { error: 'The access token was revoked' }, 'presenting a used code again revokes the token it bought');

    const late = await approve();
    clock.offsetMs = 11 * 60 * 1000;
    expectError(await exchange(good(late)), 400, 'invalid_grant', 'a code expires after 10 minutes');
    clock.offsetMs = 0;

    const basicCode = await approve();
    const basic = Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64');
    const { client_id: _c, client_secret: _s, ...noClient } = good(basicCode);
    const viaBasic = await app.inject({ method: 'POST', url: '/oauth/token', headers: { ...form, authorization: `Basic ${basic}` }, payload: new URLSearchParams(noClient).toString() });
    t.equal(viaBasic.statusCode, 200, 'HTTP Basic client authentication and a form body');
    secrets.push(viaBasic.json().access_token, viaBasic.json().refresh_token);

    const plain = pkcePair('plain');
    const plainAuth = await authorize(app, { ...base, code_challenge: plain.challenge, code_challenge_method: 'plain' });
    const plainCode = new URL(String(plainAuth.headers.location)).searchParams.get('code')!;
    secrets.push(plainCode);
    const plainToken = await exchange({ ...good(plainCode), code_verifier: plain.verifier });
    t.equal(plainToken.statusCode, 200, 'plain PKCE');
    secrets.push(plainToken.json().access_token, plainToken.json().refresh_token);
  });

  await t.test('oob: redirected to /oauth/authorize/native?code= (as Mastodon), the code shown there and exchanged with the oob redirect URI', async (t) => {
    const oob = await registerClient(app, 'urn:ietf:wg:oauth:2.0:oob', 'read');
    secrets.push(oob.client_secret);
    const r = await authorize(app, { response_type: 'code', client_id: oob.client_id, redirect_uri: oob.redirect_uri, scope: 'read' });
    t.equal(r.statusCode, 302);
    const location = new URL(String(r.headers.location));
    t.equal(`${location.origin}${location.pathname}`, 'http://test.localhost/oauth/authorize/native');
    const page = await app.inject({ method: 'GET', url: `${location.pathname}${location.search}` });
    t.equal(page.statusCode, 200);
    t.equal(page.headers['cache-control'], 'no-store');
    t.match(page.body, /Test app/, 'names the app');
    const code = /id="authorization-code">([^<]+)</.exec(page.body)![1]!;
    t.equal(code, location.searchParams.get('code'));
    secrets.push(code);
    const bogus = await app.inject({ method: 'GET', url: '/oauth/authorize/native?code=not-a-code-we-ever-issued-x' });
    t.equal(bogus.statusCode, 404);
    t.notMatch(bogus.body, /id="authorization-code"/, 'an unknown code is not shown as a code');
    t.match(bogus.body, /unknown, used or expired/, 'the page says why');
    const token = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'authorization_code', code, redirect_uri: oob.redirect_uri, client_id: oob.client_id, client_secret: oob.client_secret } });
    t.equal(token.statusCode, 200);
    t.equal(token.json().scope, 'read');
    secrets.push(token.json().access_token, token.json().refresh_token);
    t.equal((await app.inject({ method: 'GET', url: `${location.pathname}${location.search}` })).statusCode, 404, 'a used code is not shown again');
  });

  await t.test('client_credentials: app-only tokens, scope within the app, refused on user endpoints', async (t) => {
    const r = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret } });
    t.equal(r.statusCode, 200);
    const token = r.json();
    secrets.push(token.access_token);
    t.equal(token.scope, 'read', 'defaults to read');
    t.equal(token.refresh_token, undefined);
    const auth = { authorization: `Bearer ${token.access_token}` };
    const appInfo = await app.inject({ method: 'GET', url: '/api/v1/apps/verify_credentials', headers: auth });
    t.equal(appInfo.statusCode, 200);
    t.match(appInfo.json(), { name: 'Test app', website: 'https://app.example', redirect_uris: [client.redirect_uri], scopes: ['read', 'write', 'follow', 'push'] });
    t.equal(appInfo.json().client_secret, undefined);
    const userOnly = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: auth });
    t.equal(userOnly.statusCode, 422);
    t.same(userOnly.json(), { error: 'This method requires an authenticated user' });
    const wide = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: 'admin:read' } });
    t.equal(wide.statusCode, 400);
    t.equal(wide.json().error, 'invalid_scope');
  });

  await t.test('refresh_token: a new pair, the old access token revoked, a used refresh token refused', async (t) => {
    const first = await loginWithCode(app, client, 'read write');
    secrets.push(first.access_token, first.refresh_token);
    const refresh = (refresh_token: string, extra: Record<string, string> = {}) => app.inject({
      method: 'POST', url: '/oauth/token',
      payload: { grant_type: 'refresh_token', refresh_token, client_id: client.client_id, client_secret: client.client_secret, ...extra },
    });
    const narrowerThanAllowed = await refresh(first.refresh_token, { scope: 'read follow' });
    t.equal(narrowerThanAllowed.statusCode, 400);
    t.equal(narrowerThanAllowed.json().error, 'invalid_scope');
    const otherClient = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: other.client_id, client_secret: other.client_secret } });
    t.equal(otherClient.json().error, 'invalid_grant');
    const second = await refresh(first.refresh_token, { scope: 'read' });
    t.equal(second.statusCode, 200);
    secrets.push(second.json().access_token, second.json().refresh_token);
    t.equal(second.json().scope, 'read');
    const old = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { authorization: `Bearer ${first.access_token}` } });
    t.equal(old.statusCode, 401);
    t.same(old.json(), { error: 'The access token was revoked' });
    t.match(old.headers['www-authenticate'], /^Bearer realm="Doorkeeper", error="invalid_token"/);
    const replay = await refresh(first.refresh_token);
    t.equal(replay.statusCode, 400);
    t.equal(replay.json().error, 'invalid_grant');
    const missing = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'refresh_token', client_id: client.client_id, client_secret: client.client_secret } });
    t.equal(missing.json().error, 'invalid_request');
  });

  await t.test('POST /oauth/revoke: RFC 7009 as Doorkeeper answers it', async (t) => {
    const token = await loginWithCode(app, client, 'read');
    secrets.push(token.access_token, token.refresh_token);
    const revoke = (payload: Record<string, string>) => app.inject({ method: 'POST', url: '/oauth/revoke', headers: form, payload: new URLSearchParams(payload).toString() });
    const wrongSecret = await revoke({ client_id: client.client_id, client_secret: 'nope', token: token.access_token });
    t.equal(wrongSecret.statusCode, 403);
    t.same(wrongSecret.json(), { error: 'unauthorized_client', error_description: 'You are not authorized to revoke this token' });
    const otherClient = await revoke({ client_id: other.client_id, client_secret: other.client_secret, token: token.access_token });
    t.equal(otherClient.statusCode, 403);
    const unknown = await revoke({ client_id: client.client_id, client_secret: client.client_secret, token: 'never-issued' });
    t.equal(unknown.statusCode, 200);
    t.same(unknown.json(), {});
    const before = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { authorization: `Bearer ${token.access_token}` } });
    t.equal(before.statusCode, 200, 'refused revocations left the token alone');
    const ok = await revoke({ client_id: client.client_id, client_secret: client.client_secret, token: token.access_token });
    t.equal(ok.statusCode, 200);
    t.same(ok.json(), {});
    const after = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { authorization: `Bearer ${token.access_token}` } });
    t.equal(after.statusCode, 401);
    t.same(after.json(), { error: 'The access token was revoked' });
  });

  await t.test('API token checks: missing, unknown, expired, revoked, missing scope', async (t) => {
    const readOnly = await loginWithCode(app, client, 'read');
    secrets.push(readOnly.access_token, readOnly.refresh_token);
    const call = (authorization?: string) => app.inject({
      method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: authorization ? { authorization } : {}, payload: { display_name: 'X' },
    });
    const none = await call();
    t.equal(none.statusCode, 401);
    t.same(none.json(), { error: 'The access token is invalid' });
    const unknown = await call('Bearer not-a-token');
    t.equal(unknown.statusCode, 401);
    t.same(unknown.json(), { error: 'The access token is invalid' });
    const scope = await call(`Bearer ${readOnly.access_token}`);
    t.equal(scope.statusCode, 403);
    t.same(scope.json(), { error: 'This action is outside the authorized scopes' });

    const record = (await deps.store.tokens.getByHash(hashToken(readOnly.access_token)))!;
    await deps.store.tokens.put({ ...record, id: `${record.id}9`, tokenHash: hashToken('expired-token'), refreshTokenHash: null, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const expired = await app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { authorization: 'Bearer expired-token' } });
    t.equal(expired.statusCode, 401);
    t.same(expired.json(), { error: 'The access token expired' });
  });

  t.test('no token, code, password or client secret appears in the logs', async (t) => {
    const text = logs.join('');
    t.ok(logs.length > 50, 'requests were logged');
    t.match(text, /oauth token issued/);
    for (const secret of new Set(secrets)) t.notOk(text.includes(secret), `secret ${secret.slice(0, 4)}... not logged`);
  });
});
