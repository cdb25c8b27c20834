import t from 'tap';
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { freePort, testInstance } from '../helpers/instances.js';
import { startIdp, type TestIdp } from '../helpers/oidc-provider.js';
import { axeCheck, browserSkip, launchBrowser, newContext } from '../helpers/browser.js';
import { pkcePair } from '../mastodon/helpers.js';

/**
 * A person signs in through the agency's OpenID Connect provider in real Chromium: on the
 * instance's sign-in page and on the Mastodon OAuth authorize page an app opens. The provider is
 * oidc-provider on 127.0.0.1 with its development login and consent pages; every request the
 * browser makes elsewhere (those pages import a web font) is refused, so nothing leaves loopback.
 */

async function loopbackOnly(context: BrowserContext): Promise<string[]> {
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    refused.push(url.host);
    return route.abort();
  });
  return refused;
}

/** At the provider: its login (any password), then its consent, until it sends the browser back to `base`. */
async function signInAtProvider(page: Page, idp: TestIdp, subject: string, base: string): Promise<void> {
  await page.waitForURL((u) => u.origin === idp.issuer);
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((u) => u.origin === base || /\/interaction\//.test(u.pathname));
  if (new URL(page.url()).origin !== base) {
    await Promise.all([page.waitForURL((u) => u.origin === base), page.getByRole('button', { name: 'Continue' }).click()]);
  }
}

t.test('SSO in Chromium: the sign-in page and the Mastodon OAuth authorize page', { skip: browserSkip }, async (t) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = await startIdp(t, {
    redirectUri: `${base}/auth/oidc/callback`,
    accounts: {
      'e7c1-mette': { preferred_username: 'mette', name: 'Mette Kjær', email: 'mette@aarhus.example', groups: ['sg-publishers'] },
      'e7c2-ola': { preferred_username: 'ola.nordmann', name: 'Ola Nordmann', groups: [] },
    },
  });
  const inst = await testInstance(t, 'sso-browser', {
    port, domain: `127.0.0.1:${port}`,
    oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, displayName: 'Aarhus Login', roleMap: { 'sg-publishers': 'publisher' } },
  });
  const store = inst.it.deps.store;
  const browser = await launchBrowser(t);

  await t.test('a person clicks "Sign in with Aarhus Login", signs in at the provider and lands signed in', async (t) => {
    const context = await newContext(browser, { locale: 'en' });
    t.teardown(() => context.close());
    const refused = await loopbackOnly(context);
    const page = await context.newPage();
    await page.goto(`${base}/auth/sign_in?next=%2Fhome`);
    const sso = page.getByRole('link', { name: 'Sign in with Aarhus Login' });
    t.ok(await sso.isVisible(), 'the button is named after the provider');
    await sso.click();
    await signInAtProvider(page, idp, 'e7c1-mette', base);
    await page.waitForLoadState('domcontentloaded');
    t.equal(new URL(page.url()).pathname, '/home', 'back on the instance, where the sign-in started');
    t.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible(), 'signed in');
    const actor = await store.actors.getByUsername('mette', null);
    const user = actor && (await store.users.getByActorId(actor.id));
    t.equal(actor?.displayName, 'Mette Kjær');
    t.equal(user?.staffRole, 'publisher', 'the mapped role');
    t.ok(refused.every((h) => h !== `127.0.0.1:${port}`), 'only outside hosts were refused');
  });

  await t.test('a refused sign-in is a clear, accessible page with the way back', async (t) => {
    const context = await newContext(browser, { locale: 'da', bypassCSP: true });
    t.teardown(() => context.close());
    await loopbackOnly(context);
    const page = await context.newPage();
    await page.goto(`${base}/auth/sign_in`);
    t.ok(await page.getByRole('link', { name: 'Log ind med Aarhus Login' }).isVisible(), 'the button speaks the page language');
    await axeCheck(t, page, 'sign-in page with SSO');
    const res = await page.goto(`${base}/auth/oidc/callback?code=forged&state=forged`);
    t.equal(res?.status(), 400);
    t.match(await page.getByRole('alert').textContent(), /blev ikke startet i denne browser/);
    await axeCheck(t, page, 'SSO refused page');
    await page.getByRole('link', { name: 'Tilbage til log ind' }).click();
    t.equal(new URL(page.url()).pathname, '/auth/sign_in');
  });

  await t.test('a Mastodon app: the authorize page offers SSO and comes back to the consent', async (t) => {
    const callbacks: string[] = [];
    const appServer: Server = createServer((req, res) => {
      callbacks.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app reached</p>');
    });
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => appServer.close(() => resolve())));
    const redirectUri = `http://127.0.0.1:${(appServer.address() as { port: number }).port}/callback`;
    const client = await (await fetch(`${base}/api/v1/apps`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Tusky', redirect_uris: redirectUri, scopes: 'read write' }),
    })).json() as { client_id: string; client_secret: string };
    const { verifier, challenge } = pkcePair();
    const authorizeUrl = `${base}/oauth/authorize?${new URLSearchParams({
      response_type: 'code', client_id: client.client_id, redirect_uri: redirectUri, scope: 'read', state: 'tusky-1', code_challenge: challenge, code_challenge_method: 'S256',
    })}`;

    const context = await newContext(browser, { locale: 'en' });
    t.teardown(() => context.close());
    await loopbackOnly(context);
    const page = await context.newPage();
    await page.goto(authorizeUrl);
    t.equal(await page.locator('h1').textContent(), 'Authorize Tusky');
    await page.getByRole('link', { name: 'Sign in with Aarhus Login' }).click();
    await signInAtProvider(page, idp, 'e7c2-ola', base);
    await page.waitForLoadState('domcontentloaded');
    t.equal(new URL(page.url()).pathname, '/oauth/authorize', 'back on the authorize page');
    t.equal(await page.locator('h1').textContent(), 'Authorize Tusky', 'for the same app');
    t.match(await page.locator('#signed-in-as').textContent(), 'You are signed in as Ola Nordmann (@ola_nordmann)');
    t.equal(await page.locator('input[name="password"]').count(), 0, 'no password asked');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(redirectUri)), page.getByRole('button', { name: 'Authorize' }).click()]);
    const landed = new URL(page.url());
    t.equal(landed.searchParams.get('state'), 'tusky-1');
    const token = await fetch(`${base}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code: landed.searchParams.get('code'), redirect_uri: redirectUri, client_id: client.client_id, client_secret: client.client_secret, code_verifier: verifier }),
    });
    t.equal(token.status, 200, 'the code is exchanged for a token');
    const { access_token } = await token.json() as { access_token: string };
    const me = await (await fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${access_token}` } })).json() as { username: string; display_name: string };
    t.same([me.username, me.display_name], ['ola_nordmann', 'Ola Nordmann'], 'the app acts as the SSO account');
    t.equal(callbacks.filter((u) => u.startsWith('/callback?')).length, 1);
  });
});
