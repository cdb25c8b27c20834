import t from 'tap';
import { createServer, type Server } from 'node:http';
import { BlockedAddressError, guardedLookup, isInwardAddress } from '../../src/activitypub/fetch/address-guard.js';
import { HttpClient } from '../../src/activitypub/fetch/http-client.js';
import { sanitizeRemoteHtml } from '../../src/html/sanitize.js';
import { freePort } from '../helpers/instances.js';
import { inwardName } from '../helpers/inward-name.js';

t.test('inward addresses: IPv4, IPv6, IPv4-mapped IPv6, metadata', async (t) => {
  for (const a of ['127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '0:0:0:0:0:ffff:10.0.0.1', '64:ff9b::a00:1', '[::1]', 'not-an-ip']) {
    t.ok(isInwardAddress(a), `${a} is refused`);
  }
  for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '172.32.0.1']) {
    t.notOk(isInwardAddress(a), `${a} is allowed`);
  }
});

t.test('the HTTP client refuses inward targets unless allowed, re-checks every redirect hop, caps bodies', async (t) => {
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    if (req.url === '/big') return res.end('x'.repeat(10_000));
    if (req.url === '/redirect-elsewhere') return res.writeHead(302, { location: `http://localhost:${port}/ua` }).end();
    if (req.url === '/redirect-loop') return res.writeHead(302, { location: '/redirect-loop' }).end();
    if (req.url === '/redirect-ok') return res.writeHead(301, { location: '/ua' }).end();
    if (req.url === '/ua') return res.end(JSON.stringify({ ua: req.headers['user-agent'] }));
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));

  const guarded = new HttpClient({ allowPrivateAddresses: false, userAgent: 'Samspil/test (+https://x.example/)' });
  const open = new HttpClient({ allowPrivateAddresses: true, userAgent: 'Samspil/test (+https://x.example/)' });
  t.teardown(() => Promise.all([guarded.close(), open.close()]));

  for (const url of [`http://127.0.0.1:${port}/`, `http://[::1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://localhost:${port}/`, 'http://169.254.169.254/', 'http://10.1.2.3/']) {
    await t.rejects(guarded.request(url, { method: 'GET' }), { code: 'BLOCKED_ADDRESS' }, `${url} refused`);
  }
  // A name whose DNS answer points inward is refused by the connector's lookup.
  const answer = await new Promise<{ err: Error | null; address: unknown }>((resolve) =>
    guardedLookup('localhost', {}, (err, address) => resolve({ err, address })));
  t.ok(answer.err instanceof BlockedAddressError, 'localhost via DNS is refused');
  const mixed = await new Promise<{ err: Error | null }>((resolve) => guardedLookup('localhost', { all: true }, (err) => resolve({ err })));
  t.ok(mixed.err instanceof BlockedAddressError, 'also when all answers are asked for');
  // End to end through undici's connector: a name that is not a literal IP nor `localhost`, whose DNS
  // answer points inward (this machine's own name, or another /etc/hosts maps inward), so only the
  // DNS-answer check can stop it. Where the machine has none, the subtest is skipped with that reason.
  const named = await inwardName();
  await t.test('a name whose DNS answer is inward is refused at connect', {
    skip: named ? false : 'no host name on this machine (its own name, /etc/hosts) resolves to an inward address',
  }, async (t) => {
    const { name, address } = named!;
    await t.rejects(guarded.request(`http://${name}:${port}/`, { method: 'GET' }), { code: 'BLOCKED_ADDRESS' }, `${name} -> ${address} refused at connect`);
    // The server listens on 127.0.0.1 only; a name mapped to another inward address (127.0.1.1) cannot reach it.
    if (address === '127.0.0.1') t.equal((await open.request(`http://${name}:${port}/`, { method: 'GET' })).status, 200, 'and allowed when private addresses are allowed');
  });
  await t.rejects(guarded.request('file:///etc/passwd', { method: 'GET' }), { code: 'BAD_URL' });
  await t.rejects(guarded.request('http://user:pw@example.com/', { method: 'GET' }), { code: 'BAD_URL' });

  const ok = await open.request(`http://127.0.0.1:${port}/redirect-ok`, { method: 'GET' });
  t.equal(ok.status, 200);
  t.equal(ok.url.pathname, '/ua', 'the final URL is reported');
  t.same(JSON.parse(ok.body.toString()), { ua: 'Samspil/test (+https://x.example/)' });
  // Every hop is checked again: a redirect to a host the policy refuses stops there.
  const onlyLoopbackIp = new HttpClient({ allowPrivateAddresses: true, userAgent: 'x', hostAllowed: async (h) => h.startsWith('127.0.0.1:') });
  t.teardown(() => onlyLoopbackIp.close());
  t.equal((await onlyLoopbackIp.request(`http://127.0.0.1:${port}/redirect-ok`, { method: 'GET' })).status, 200);
  await t.rejects(onlyLoopbackIp.request(`http://127.0.0.1:${port}/redirect-elsewhere`, { method: 'GET' }), { code: 'BLOCKED_DOMAIN' }, 'the second hop is refused');
  await t.rejects(open.request(`http://127.0.0.1:${port}/redirect-loop`, { method: 'GET' }), { code: 'TOO_MANY_REDIRECTS' });
  await t.rejects(open.request(`http://127.0.0.1:${port}/big`, { method: 'GET', maxBytes: 1000 }), { code: 'TOO_LARGE' });
});

t.test('remote HTML sanitizer', async (t) => {
  t.equal(sanitizeRemoteHtml('<p onclick="x()">hi<script>alert(1)</script><style>p{}</style></p>'), '<p>hi</p>');
  t.equal(sanitizeRemoteHtml('<a href="javascript:alert(1)">x</a>'), '<a rel="nofollow noopener noreferrer">x</a>');
  t.equal(sanitizeRemoteHtml('<a href="https://e.example/" rel="me" target="_blank" class="mention evil">@x</a>'), '<a href="https://e.example/" rel="nofollow noopener noreferrer" class="mention">@x</a>');
  t.equal(sanitizeRemoteHtml('<img src=x onerror=alert(1)><iframe src="https://e.example"></iframe>ok'), 'ok');
  t.equal(sanitizeRemoteHtml('<span class="invisible">https://</span><span class="ellipsis">e.example</span>'), '<span class="invisible">https://</span><span class="ellipsis">e.example</span>');
  t.equal(sanitizeRemoteHtml(undefined), '');
  t.equal(sanitizeRemoteHtml(42), '');
});
