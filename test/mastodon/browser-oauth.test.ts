import t from 'tap';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { startInstance } from '../../src/server.js';
import { tempDir, testConfig } from '../helpers/config.js';
import { freePort, pkcePair, PASSWORD } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';

t.test('a person logs in through the OAuth HTML pages in headless Chromium and lands on the app with a code', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`,
}, async (t) => {
  const { chromium } = await import('playwright-core');
  const port = await freePort();
  const instance = await startInstance(testConfig(tempDir(t), { domain: `127.0.0.1:${port}`, port }));
  t.teardown(() => instance.close());
  const base = `http://127.0.0.1:${port}`;
  await createAccount(instance.deps, { username: 'anna', password: PASSWORD, displayName: 'Anna' });

  // The "app": a page at the redirect URI, as a web client would have.
  const callbacks: string[] = [];
  const appServer: Server = createServer((req, res) => {
    callbacks.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>callback</title><p>signed in</p>');
  });
  await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => appServer.close(() => resolve())));
  const redirectUri = `http://127.0.0.1:${(appServer.address() as { port: number }).port}/callback`;

  const reg = await fetch(`${base}/api/v1/apps`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Browser <App>', redirect_uris: redirectUri, scopes: 'read write' }),
  });
  const client = (await reg.json()) as { client_id: string; client_secret: string };
  const { verifier, challenge } = pkcePair();
  const authorizeUrl = `${base}/oauth/authorize?${new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: redirectUri, scope: 'read write', state: 'browser-state',
    code_challenge: challenge, code_challenge_method: 'S256',
  })}`;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });

  await page.goto(authorizeUrl);
  t.equal(await page.locator('h1').textContent(), 'Authorize Browser <App>', 'the app name is shown as text, not markup');
  t.same(await page.locator('.scopes code').allTextContents(), ['read', 'write']);

  await page.getByLabel('Username').fill('anna');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in and authorize' }).click();
  await page.waitForLoadState('domcontentloaded');
  t.match(await page.getByRole('alert').textContent(), /Invalid username or password/);
  t.match(await page.title(), /^Error: Authorize/, 'the title says the login failed');
  t.equal(new URL(page.url()).pathname, '/oauth/authorize', 'still on the login page');
  t.equal(await page.getByLabel('Username').inputValue(), 'anna');

  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => url.toString().startsWith(redirectUri)), page.getByRole('button', { name: 'Sign in and authorize' }).click()]);
  const landed = new URL(page.url());
  t.equal(landed.searchParams.get('state'), 'browser-state');
  const code = landed.searchParams.get('code');
  t.ok(code, 'the redirect carries a code');
  t.match(await page.locator('p').textContent(), /signed in/);
  t.equal(callbacks.filter((u) => u.startsWith('/callback?')).length, 1, 'the app was reached once');
  t.same(dialogs, []);

  const token = await fetch(`${base}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: client.client_id, client_secret: client.client_secret, code_verifier: verifier }),
  });
  t.equal(token.status, 200, 'the code from the browser is exchanged for a token');
  const { access_token } = (await token.json()) as { access_token: string };
  const me = await fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${access_token}` } });
  t.equal(((await me.json()) as { username: string }).username, 'anna');
});
