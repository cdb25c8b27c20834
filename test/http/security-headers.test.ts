import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { fullSolution, staffToken } from '../solutions/fixtures.js';
import { PAGE_CSP } from '../../src/http/web/security-headers.js';

// The smallest valid PNG (1x1), so an upload really goes through the media rules.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

t.test('a strict CSP on every HTML page; nosniff and Referrer-Policy on everything that carries content', async (t) => {
  const a = await testInstance(t, 'sec-headers');
  const base = `http://${a.domain}`;
  const token = await staffToken(a.it.deps);
  const auth = { authorization: `Bearer ${token}` };
  const solution = (await (await fetch(`${base}/api/v1/solutions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(fullSolution()) })).json()) as { id: string };
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'dot.png');
  const media = (await (await fetch(`${base}/api/v2/media`, { method: 'POST', headers: auth, body: form })).json()) as { url: string };
  const status = (await (await fetch(`${base}/api/v1/statuses`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Hej #samspil' }) })).json()) as { url: string };

  const html = { accept: 'text/html' };
  const pages = ['/', '/solutions', `/solutions/${solution.id}`, '/tags/samspil', '/@agency', '/@hanne', '/auth/sign_in', '/agencies', '/impact', '/no/such/page',
    '/oauth/authorize?client_id=nobody&redirect_uri=x', new URL(status.url).pathname];
  for (const path of pages) {
    const res = await fetch(`${base}${path}`, { headers: html, redirect: 'manual' });
    t.match(res.headers.get('content-type'), /^text\/html/, `${path} is a page`);
    const csp = res.headers.get('content-security-policy') ?? '';
    t.match(csp, /default-src 'none'/, `${path}: default-src 'none'`);
    t.notMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${path}: no inline script or style, no wildcard`);
    t.match(csp, /frame-ancestors 'none'/, `${path}: never framed`);
    t.equal(res.headers.get('x-content-type-options'), 'nosniff', `${path}: nosniff`);
    t.ok(res.headers.get('referrer-policy'), `${path}: Referrer-Policy`);
    const body = await res.text();
    t.notMatch(body, /<script(?![^>]*\bsrc=)/i, `${path}: no inline <script>`);
    t.notMatch(body, /<style|\sstyle="/i, `${path}: no inline style`);
  }
  t.equal(PAGE_CSP.includes("script-src 'self'"), true);

  const content = [
    [media.url, 'media file'], [`${base}/api/v1/solutions/${solution.id}`, 'native API'], [`${base}/api/v1/timelines/public`, 'Mastodon API'],
    [`${base}/solutions/${solution.id}`, 'AS2 object'], [`${base}/users/agency/outbox`, 'AS2 collection'],
  ] as const;
  for (const [url, what] of content) {
    const res = await fetch(url, { headers: what.startsWith('AS2') ? { accept: 'application/activity+json' } : auth });
    t.equal(res.status, 200, `${what} answers`);
    t.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
    t.ok(res.headers.get('referrer-policy'), `${what}: Referrer-Policy`);
    await res.arrayBuffer();
  }
  const file = await fetch(media.url);
  t.match(file.headers.get('content-security-policy'), /sandbox/, 'a media file cannot run as a page on our origin');
});
