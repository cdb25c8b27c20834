import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { STAFF_PASSWORD, WebClient, staffAccount, textOf } from '../helpers/web.js';
import { createPersonalToken, disableAccount } from '../../src/domain/accounts/accounts.js';

t.test('sign in, come back to the page asked for, change the password, sign out', async (t) => {
  const a = await testInstance(t, 'web-auth');
  const deps = a.it.deps;
  await staffAccount(deps, 'anna', 'user', 'Anna.Hansen@aarhus.example');
  const base = `http://${a.domain}`;

  const browser = new WebClient(base);
  // A signed-out person who opens a signed-in page is sent to sign-in, and back afterwards.
  const settings = await browser.get('/settings/password');
  t.equal(settings.status, 303);
  t.equal(settings.location, '/auth/sign_in?next=%2Fsettings%2Fpassword');

  const wrong = await browser.post('/auth/sign_in', { login: 'anna', password: 'not it', next: '/settings/password' }, { csrfFrom: settings.location! });
  t.equal(wrong.status, 401);
  t.match(wrong.html, /<title>Error: Sign in/, 'the title says the form failed');
  t.match(wrong.html, /class="ds-error-summary"[\s\S]*href="#f-login"/, 'the summary links to the field');
  t.match(wrong.html, /id="f-login"[^>]*value="anna"/, 'the typed username is kept');
  t.notMatch(wrong.html, /value="not it"/, 'the password is never sent back');

  // E-mail works as the login name, case-insensitively.
  const ok = await browser.post('/auth/sign_in', { login: 'anna.hansen@AARHUS.example', password: STAFF_PASSWORD, next: '/settings/password' }, { csrfFrom: '/auth/sign_in' });
  t.equal(ok.status, 303);
  t.equal(ok.location, '/settings/password');
  const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('samspil_session='))!;
  t.match(cookie, /HttpOnly/i);
  t.match(cookie, /SameSite=Lax/i);
  t.notMatch(cookie, /Secure/, 'no Secure flag on an http instance (the test runs on http)');
  const page = await browser.get('/settings/password');
  t.equal(page.status, 200);
  t.match(textOf(page.html), /Sign out/);

  // A second browser of the same person, and an app token: both end when the password changes.
  const other = new WebClient(base);
  await other.signIn('anna', STAFF_PASSWORD);
  t.equal((await other.get('/settings/profile')).status, 200);
  const { token } = await createPersonalToken(deps, 'anna', ['read']);
  t.equal((await fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } })).status, 200);

  const bad = await browser.post('/settings/password', { current: 'wrong', next: 'short', confirm: 'different' });
  t.equal(bad.status, 400);
  const text = textOf(bad.html);
  t.match(text, /The current password is not right/);
  t.match(text, /at least 10 characters/);
  t.match(text, /not the same/);
  const changed = await browser.post('/settings/password', { current: STAFF_PASSWORD, next: 'a much better passphrase', confirm: 'a much better passphrase' });
  t.equal(changed.status, 303);
  t.match((await browser.get(changed.location!)).html, /Your password was changed/);
  t.equal((await other.get('/settings/profile')).status, 303, 'the other browser is signed out');
  t.equal((await fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } })).status, 401, 'app tokens are revoked');
  t.equal((await browser.get('/settings/profile')).status, 200, 'the browser that changed it stays signed in');

  const again = new WebClient(base);
  await again.signIn('anna', 'a much better passphrase');

  // Signing out ends the session in the store, not only the cookie.
  const stolen = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const out = await browser.post('/auth/sign_out', {}, { csrfFrom: '/settings/profile' });
  t.equal(out.status, 303);
  t.equal(out.location, '/');
  const replay = await fetch(`${base}/settings/profile`, { redirect: 'manual', headers: { cookie: stolen } });
  t.equal(replay.status, 303, 'the old cookie no longer signs anyone in');

  // Disabling the account ends its sessions at once.
  await disableAccount(deps, 'anna');
  t.equal((await again.get('/settings/profile')).status, 303);
});

t.test('every form POST needs the CSRF token of this browser and session', async (t) => {
  const a = await testInstance(t, 'web-csrf');
  await staffAccount(a.it.deps, 'bo');
  const base = `http://${a.domain}`;
  const browser = new WebClient(base);
  const missing = await browser.post('/auth/sign_in', { login: 'bo', password: STAFF_PASSWORD }, { csrf: null });
  t.equal(missing.status, 403);
  t.match(textOf(missing.html), /The form expired/);

  // A token from another browser (an attacker's own page load) is refused.
  const attacker = new WebClient(base);
  const foreign = WebClient.csrfOf((await attacker.get('/auth/sign_in')).html);
  await browser.get('/auth/sign_in');
  t.equal((await browser.post('/auth/sign_in', { login: 'bo', password: STAFF_PASSWORD }, { csrf: foreign })).status, 403);

  // A token issued before sign-in does not work for the signed-in session.
  const before = WebClient.csrfOf((await browser.get('/auth/sign_in')).html);
  await browser.signIn('bo', STAFF_PASSWORD);
  t.equal((await browser.post('/settings/profile', { displayName: 'Bo', note: '', uiLanguage: '' }, { csrf: before })).status, 403);
  t.equal((await browser.post('/settings/profile', { displayName: 'Bo B', note: '', uiLanguage: '' })).status, 303);
});

t.test('profile: name, note and page language, with errors that keep what was typed', async (t) => {
  const a = await testInstance(t, 'web-profile');
  await staffAccount(a.it.deps, 'cecilie');
  const browser = new WebClient(`http://${a.domain}`, 'en-GB,en;q=0.9');
  await browser.signIn('cecilie', STAFF_PASSWORD);
  const long = 'x'.repeat(31);
  const bad = await browser.post('/settings/profile', { displayName: long, note: 'Sygeplejerske, hjemmeplejen', uiLanguage: 'xx' });
  t.equal(bad.status, 400);
  t.match(bad.html, new RegExp(`value="${long}"`));
  t.match(bad.html, /Sygeplejerske, hjemmeplejen<\/textarea>/);
  t.match(textOf(bad.html), /at most 30 characters/);
  t.match(textOf(bad.html), /Choose one of the languages/);
  const saved = await browser.post('/settings/profile', { displayName: 'Cecilie Holm', note: 'Sygeplejerske', uiLanguage: 'da' });
  t.equal(saved.status, 303);
  const page = await browser.get('/settings/profile');
  t.match(page.html, /<html lang="da"/, 'the chosen language wins over the browser\'s');
  t.match(page.html, /value="Cecilie Holm"/);
  const actor = await a.it.deps.store.actors.getByUsername('cecilie', null);
  t.equal(actor?.displayName, 'Cecilie Holm');
});

t.test('page language: ?lang, then cookie, then Accept-Language, then the instance default', async (t) => {
  const a = await testInstance(t, 'web-lang', { instance: { languages: ['nb', 'en'] } });
  const base = `http://${a.domain}`;
  const lang = async (c: WebClient, path = '/auth/sign_in') => /<html lang="([a-z]+)"/.exec((await c.get(path)).html)?.[1];
  t.equal(await lang(new WebClient(base, '')), 'nb', 'no Accept-Language: the instance default');
  t.equal(await lang(new WebClient(base, 'sv-SE,sv;q=0.9,en;q=0.5')), 'sv');
  t.equal(await lang(new WebClient(base, 'no')), 'nb', '"no" is Bokmål');
  t.equal(await lang(new WebClient(base, 'de-DE,fi;q=0.3')), 'fi', 'the first language we speak');
  const c = new WebClient(base, 'da');
  t.equal(await lang(c, '/auth/sign_in?lang=nn'), 'nn');
  t.equal(await lang(c), 'nn', 'the switcher is remembered');
  const page = (await c.get('/auth/sign_in')).html;
  t.match(page, /<a class="ds-link" href="\/auth\/sign_in\?lang=fi" lang="fi" hreflang="fi">Suomi<\/a>/, 'each language is offered in its own words');
});

t.test('no page answers JSON to a browser: collections and the instance actor send people to pages', async (t) => {
  const a = await testInstance(t, 'web-browser-json');
  const base = `http://${a.domain}`;
  const browser = new WebClient(base);
  const accept = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
  for (const c of ['outbox', 'followers', 'following', 'collections/featured']) {
    const res = await browser.get(`/users/agency/${c}`, accept);
    t.equal(res.status, 302, `${c}: redirected`);
    t.equal(res.location, `${base}/@agency`, `${c}: to the profile page`);
  }
  t.equal((await browser.get('/actor', accept)).location, '/');
  const missing = await browser.get('/no/such/page', accept);
  t.equal(missing.status, 404);
  t.match(missing.headers.get('content-type'), /^text\/html/);
  t.match(textOf(missing.html), /Page not found/);
  // Servers still get AS2 from the same URLs.
  const as = await fetch(`${base}/users/agency/outbox`, { headers: { accept: 'application/activity+json' } });
  t.equal(as.status, 200);
  t.match(as.headers.get('content-type'), /activity\+json/);
  const star = await fetch(`${base}/users/agency/outbox`, { headers: { accept: '*/*' } });
  t.match(star.headers.get('content-type'), /activity\+json/, 'a fetcher that accepts anything gets AS2');
});

t.test('sign-in never redirects off the site, whatever next= says', async (t) => {
  const a = await testInstance(t, 'web-next');
  await staffAccount(a.it.deps, 'dora');
  const base = `http://${a.domain}`;
  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/ok\r\nSet-Cookie: x=1']) {
    const browser = new WebClient(base);
    const res = await browser.post('/auth/sign_in', { login: 'dora', password: STAFF_PASSWORD, next }, { csrfFrom: '/auth/sign_in' });
    t.equal(res.status, 303);
    t.equal(res.location, '/home', `${JSON.stringify(next)} falls back to /home`);
  }
  const browser = new WebClient(base);
  const res = await browser.post('/auth/sign_in', { login: 'dora', password: STAFF_PASSWORD, next: '/solutions?q=sms' }, { csrfFrom: '/auth/sign_in' });
  t.equal(res.location, '/solutions?q=sms', 'a same-site path is kept');
});
