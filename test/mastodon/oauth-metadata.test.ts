import t from 'tap';
import { createOAuthAPIClient, createRestAPIClient } from 'masto';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { testInstance } from '../helpers/instances.js';
import { cookieFrom, parseForm, pkcePair, PASSWORD } from './helpers.js';

type Json = Record<string, any>;

/**
 * RFC 8414 metadata at /.well-known/oauth-authorization-server, then a login driven only by what it
 * says (as Phanpy does: registration, PKCE S256, token, revoke), and the oob flow's native page,
 * over real HTTP against a real instance with the masto client.
 */
t.test('authorization server metadata drives a PKCE login; oob lands on /oauth/authorize/native', async (t) => {
  const inst = await testInstance(t, 'meta');
  const base = `http://127.0.0.1:${inst.port}`;
  await createAccount(inst.it.deps, { username: 'anna', password: PASSWORD, displayName: 'Anna' });

  const r = await fetch(`${base}/.well-known/oauth-authorization-server`, { headers: { origin: 'https://phanpy.social' } });
  t.equal(r.status, 200);
  t.equal(r.headers.get('access-control-allow-origin'), '*', 'readable by browser apps');
  t.match(r.headers.get('content-type'), /^application\/json/);
  const meta = (await r.json()) as Json;
  t.match(meta, {
    issuer: `${base}/`,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    service_documentation: /^https:\/\//,
  });
  for (const scope of ['read', 'write', 'follow', 'push', 'profile', 'read:notifications', 'write:lists']) t.ok(meta.scopes_supported.includes(scope), scope);
  t.notOk(meta.grant_types_supported.includes('password'), 'no password grant is claimed');

  // Register where it says, authorize where it says (the HTML form), exchange with S256 where it says.
  const reg = (await (await fetch(meta.app_registration_endpoint, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Metadata app', redirect_uris: 'http://127.0.0.1/cb', scopes: 'read write' }),
  })).json()) as Json;
  const { verifier, challenge } = pkcePair('S256');
  const authorizeUrl = `${meta.authorization_endpoint}?${new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: 'http://127.0.0.1/cb', scope: 'read write', code_challenge: challenge, code_challenge_method: 'S256' })}`;
  const login = async (url: string) => {
    const page = await fetch(url);
    const fields = { ...parseForm(await page.text()), username: 'anna', password: PASSWORD, decision: 'approve' };
    return fetch(meta.authorization_endpoint, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(page.headers.get('set-cookie') ?? undefined) },
      body: new URLSearchParams(fields),
    });
  };
  const posted = await login(authorizeUrl);
  t.equal(posted.status, 302);
  const code = new URL(posted.headers.get('location')!).searchParams.get('code')!;
  t.equal(new URL(meta.token_endpoint).pathname, '/oauth/token');
  const oauth = createOAuthAPIClient({ url: new URL(meta.issuer).origin });
  const token = await oauth.token.create({ grantType: 'authorization_code', clientId: reg.client_id, clientSecret: reg.client_secret, redirectUri: 'http://127.0.0.1/cb', code, codeVerifier: verifier } as Parameters<typeof oauth.token.create>[0]);
  const client = createRestAPIClient({ url: base, accessToken: token.accessToken });
  t.equal((await client.v1.accounts.verifyCredentials()).acct, 'anna');
  const revoked = await fetch(meta.revocation_endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: reg.client_id, client_secret: reg.client_secret, token: token.accessToken }) });
  t.equal(revoked.status, 200);
  t.equal((await fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token.accessToken}` } })).status, 401, 'revoked where it says');

  // oob: the browser is sent to the native page, which shows the code; the app exchanges it.
  const oobReg = (await (await fetch(meta.app_registration_endpoint, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Desktop app', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read' }),
  })).json()) as Json;
  const oobPosted = await login(`${meta.authorization_endpoint}?${new URLSearchParams({ response_type: 'code', client_id: oobReg.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' })}`);
  t.equal(oobPosted.status, 302);
  const native = new URL(oobPosted.headers.get('location')!);
  t.equal(native.pathname, '/oauth/authorize/native');
  const nativePage = await fetch(native);
  t.equal(nativePage.status, 200);
  const html = await nativePage.text();
  t.match(html, /Desktop app/);
  const shown = /id="authorization-code">([^<]+)</.exec(html)?.[1];
  t.equal(shown, native.searchParams.get('code'));
  const oobToken = await oauth.token.create({ grantType: 'authorization_code', clientId: oobReg.client_id, clientSecret: oobReg.client_secret, redirectUri: 'urn:ietf:wg:oauth:2.0:oob', code: shown! } as Parameters<typeof oauth.token.create>[0]);
  t.equal(oobToken.scope, 'read');
  t.equal((await fetch(native)).status, 404, 'once exchanged, the page no longer shows it');
});
