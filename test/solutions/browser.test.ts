import t from 'tap';
import { existsSync } from 'node:fs';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { SOLUTION_CONTEXT, SOLUTION_PROFILE } from '../../src/activitypub/vocab/samspil.js';
import { fullSolution, staffToken } from './fixtures.js';
import { sendSigned } from './federate.js';

const send = (from: TestInstance, to: TestInstance, activity: Record<string, unknown>) => sendSigned(from, to, activity, SOLUTION_CONTEXT);

const CHROMIUM = '/usr/bin/chromium';

t.test('solution pages in headless Chromium: readable without JavaScript, and hostile remote markup never runs', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`,
}, async (t) => {
  const { chromium } = await import('playwright-core');
  const evil = await testInstance(t, 'browser-evil');
  const b = await testInstance(t, 'browser-b');

  // A local solution, published through the native API.
  const token = await staffToken(b.it.deps);
  const local = (await b.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution() })).json();

  // A remote one whose every field tries to run script in the reader's browser.
  const actor = `http://${evil.domain}/users/agency`;
  const uri = `http://${evil.domain}/solutions/666`;
  const status = await send(evil, b, {
    id: `${uri}/activity`, type: 'Create', actor, to: [PUBLIC],
    object: {
      id: uri, type: 'Article', conformsTo: SOLUTION_PROFILE, attributedTo: actor, url: uri, published: '2026-01-01T00:00:00Z', to: [PUBLIC], revision: 1,
      name: 'Hostile <img src=x onerror="window.__pwned=1">title',
      summary: '<p onmouseover="window.__pwned=2">Hi<script>window.__pwned=3</script></p>',
      content: '<p>Body<script>window.__pwned=4</script><img src=x onerror="window.__pwned=5"><a href="javascript:window.__pwned=6">x</a><style>body{display:none}</style></p>',
      primaryLanguage: 'en', summaryText: { en: 'Summary <script>window.__pwned=7</script>' },
      problem: { en: 'Problem <img src=x onerror="window.__pwned=8">' }, approach: { en: 'Approach <svg onload="window.__pwned=9"></svg>' },
      results: [{ type: 'Result', metric: 'waiting weeks <script>window.__pwned=10</script>', value: 9, baseline: 12, unit: 'weeks' }],
    },
  });
  t.equal(status, 202);
  const remote = await eventually('B stored the hostile solution', () => b.it.deps.store.solutions.getByUri(uri));
  // And a hostile reply: reply HTML is the one piece of remote markup a solution page places as HTML (sanitized).
  const replyId = `${actor}/statuses/reply-1`;
  t.equal(await send(evil, b, {
    id: `${replyId}/activity`, type: 'Create', actor, to: [PUBLIC],
    object: {
      id: replyId, type: 'Note', attributedTo: actor, inReplyTo: uri, to: [PUBLIC], published: '2026-01-02T00:00:00Z',
      content: '<p>Question: <a href="javascript:window.__pwned=11" onclick="window.__pwned=12" style="position:fixed;inset:0">click me</a><img src=x onerror="window.__pwned=13"></p>',
    },
  }), 202);
  await eventually('B threaded the hostile reply', () => b.it.deps.store.objects.getByUri(replyId));

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.teardown(() => browser.close());

  // Without JavaScript the page carries everything: it is server-rendered.
  // A Danish reader's browser: the page speaks Danish, as the solution does.
  const noJs = await browser.newContext({ javaScriptEnabled: false, locale: 'da-DK' });
  const page = await noJs.newPage();
  const res = await page.goto(local.url, { waitUntil: 'load' });
  t.equal(res?.status(), 200);
  t.equal((await page.locator('h1').first().innerText()).trim(), 'Sms-påmindelse før første samtale');
  const cells = await page.locator('table.results td').allInnerTexts();
  t.ok(cells.some((c) => c.includes('18 %')) && cells.some((c) => c.includes('11 %')), 'the results table shows before and after');
  t.match(await page.locator('body').innerText(), /Sådan gør vi/);
  await noJs.close();

  // (DOM expressions are strings: the tests compile without the DOM library.)
  // With JavaScript on, nothing from the remote document runs, and its styles do not apply.
  const ctx = await browser.newContext();
  const hostile = await ctx.newPage();
  const dialogs: string[] = [];
  hostile.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const r2 = await hostile.goto(`http://${b.domain}/solutions/${remote.id}`, { waitUntil: 'load' });
  t.equal(r2?.status(), 200);
  await hostile.hover('body');
  // The reply's `<a href="javascript:…" onclick=…>` is on the page without its href, handler and
  // style: a real click on it runs nothing and goes nowhere.
  const pageUrl = hostile.url();
  const link = hostile.locator('#discussion .reply a', { hasText: 'click me' });
  t.equal(await link.count(), 1, 'the reply\'s link is shown');
  t.same(await Promise.all(['href', 'onclick', 'style', 'rel'].map((n) => link.getAttribute(n))), [null, null, null, 'nofollow noopener noreferrer'], 'stripped of its javascript: URL, handler and style');
  await link.click({ timeout: 5000 });
  await hostile.waitForLoadState('load');
  t.equal(hostile.url(), pageUrl, 'clicking it navigates nowhere');
  t.equal(await hostile.evaluate('window.__pwned'), undefined, 'no handler, script or javascript: URL ran');
  t.same(dialogs, []);
  t.equal(await hostile.evaluate("document.querySelectorAll('script, [onerror], [onload], [onmouseover]').length"), 0, 'no script or handler in the DOM');
  t.equal(await hostile.evaluate("[...document.querySelectorAll('style')].filter((e) => e.textContent.includes('display:none')).length"), 0, 'only the page\'s own styles');
  t.equal(await hostile.evaluate('getComputedStyle(document.body).display'), 'block', 'the remote <style> is not applied');
  t.match(await hostile.locator('body').innerText(), /Problem/, 'the text is there, as text');
  await ctx.close();
});
