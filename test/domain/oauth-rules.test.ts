import t from 'tap';
import { createHash } from 'node:crypto';
import { verifyPkce, isCodeChallengeMethod } from '../../src/domain/oauth/pkce.js';
import { parseOAuthScopes, assertWithin } from '../../src/domain/oauth/scopes.js';
import { parseRedirectUris, authenticateClient, registerApp, OOB_REDIRECT_URI } from '../../src/domain/oauth/apps.js';
import { redirectWith, validateAuthorization, AuthorizationError } from '../../src/domain/oauth/authorize.js';
import { issueCsrf, verifyCsrf } from '../../src/domain/oauth/csrf.js';
import { OAuthError } from '../../src/domain/oauth/errors.js';
import { hasScope } from '../../src/domain/auth/authenticate.js';
import { makeDeps } from '../helpers/app.js';

t.test('PKCE: S256 and plain per RFC 7636, malformed verifiers refused', async (t) => {
  // RFC 7636 appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  t.equal(createHash('sha256').update(verifier).digest('base64url'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  t.ok(verifyPkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', verifier));
  t.notOk(verifyPkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', `${verifier.slice(0, -1)}x`));
  t.notOk(verifyPkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'plain', verifier), 'method is part of the binding');
  t.ok(verifyPkce(verifier, 'plain', verifier));
  t.notOk(verifyPkce('short', 'plain', 'short'), 'verifiers under 43 characters are invalid');
  t.notOk(verifyPkce(`${verifier} `, 'plain', `${verifier} `), 'characters outside the unreserved set are invalid');
  t.ok(isCodeChallengeMethod('S256'));
  t.notOk(isCodeChallengeMethod('s256'));
});

t.test('scopes: defaults to read, unknown is invalid_scope, subsets compare literally as Doorkeeper does', async (t) => {
  t.same(parseOAuthScopes(undefined), ['read']);
  t.same(parseOAuthScopes(''), ['read']);
  t.same(parseOAuthScopes('read+write  follow read'), ['read', 'write', 'follow']);
  t.throws(() => parseOAuthScopes('read bogus'), OAuthError);
  t.doesNotThrow(() => assertWithin(['read'], ['read', 'write']));
  t.throws(() => assertWithin(['read:accounts'], ['read', 'write']), { name: 'OAuthError', error: 'invalid_scope' });
  t.ok(hasScope(new Set(['read']), 'read:accounts'), 'yet at the API, read covers read:accounts');
});

t.test('redirect URIs: Mastodon validation, custom schemes and oob allowed', async (t) => {
  t.same(parseRedirectUris('https://a.example/cb\nelk://callback\r\nurn:ietf:wg:oauth:2.0:oob'), { uris: ['https://a.example/cb', 'elk://callback', OOB_REDIRECT_URI], problems: [] });
  t.same(parseRedirectUris(['https://a.example/cb', 'https://a.example/cb']).uris, ['https://a.example/cb']);
  t.same(parseRedirectUris('').problems, ["Redirect URI can't be blank"]);
  t.same(parseRedirectUris('cb').problems, ['Redirect URI must be an absolute URI.']);
  t.same(parseRedirectUris('data:text/html,hi').problems, ['Redirect URI is forbidden by the server.']);
  t.same(parseRedirectUris('VBScript:x').problems, ['Redirect URI is forbidden by the server.']);
  t.same(parseRedirectUris('https://a.example/#x').problems, ['Redirect URI cannot contain a fragment.']);
  t.equal(redirectWith('https://a.example/cb?keep=1', { code: 'c', state: null }), 'https://a.example/cb?keep=1&code=c');
  t.equal(redirectWith('com.tusky://oauth', { code: 'c d', state: 's' }), 'com.tusky://oauth?code=c+d&state=s');
});

t.test('client authentication and authorize validation order', async (t) => {
  const deps = await makeDeps(t);
  const { app, clientSecret } = await registerApp(deps, { clientName: 'A', redirectUris: 'https://a.example/cb', scopes: 'read write' });
  t.equal((await authenticateClient(deps, app.clientId, clientSecret)).id, app.id);
  for (const [id, secret] of [[app.clientId, 'x'], [app.clientId, undefined], [undefined, clientSecret], ['nope', clientSecret]] as const) {
    await t.rejects(authenticateClient(deps, id, secret), { name: 'OAuthError', error: 'invalid_client', status: 401 });
  }
  t.not(app.clientSecretHash, clientSecret, 'the secret is stored hashed');

  const base = { responseType: 'code', clientId: app.clientId, redirectUri: 'https://a.example/cb' };
  const ok = await validateAuthorization(deps, { ...base, scope: 'write' });
  t.same(ok.scopes, ['write']);
  t.equal(ok.codeChallenge, null);
  const plain = await validateAuthorization(deps, { ...base, codeChallenge: 'a'.repeat(43) });
  t.equal(plain.codeChallengeMethod, 'plain', 'a challenge without a method is plain (RFC 7636 4.3)');
  // An unknown client wins over everything else and is never redirected.
  await t.rejects(validateAuthorization(deps, { ...base, clientId: 'x', responseType: 'token' }), { name: 'OAuthError', error: 'invalid_client', redirectTo: null });
  await t.rejects(validateAuthorization(deps, { ...base, redirectUri: 'https://a.example/cb2', scope: 'bogus' }), { name: 'OAuthError', error: 'invalid_redirect_uri', redirectTo: null });
  const e = await validateAuthorization(deps, { ...base, scope: 'follow', state: 'q' }).catch((x: unknown) => x);
  t.ok(e instanceof AuthorizationError);
  t.match((e as AuthorizationError).redirectTo, /^https:\/\/a\.example\/cb\?error=invalid_scope&error_description=.+&state=q$/);
  await t.rejects(validateAuthorization(deps, { ...base, codeChallenge: 'tooshort', codeChallengeMethod: 'S256' }), { name: 'OAuthError', error: 'invalid_request' });
});

t.test('CSRF tokens: bound to their nonce, useless without the instance secret', async (t) => {
  const deps = await makeDeps(t);
  const a = await issueCsrf(deps);
  const b = await issueCsrf(deps);
  t.ok(await verifyCsrf(deps, a.nonce, a.token));
  t.notOk(await verifyCsrf(deps, a.nonce, b.token));
  t.notOk(await verifyCsrf(deps, undefined, a.token));
  t.notOk(await verifyCsrf(deps, a.nonce, undefined));
  const other = await makeDeps(t);
  t.notOk(await verifyCsrf(other, a.nonce, a.token), 'another instance has another secret');
});
