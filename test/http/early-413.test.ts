import t, { type Test } from 'tap';
import { connect } from 'node:net';
import { testInstance } from '../helpers/instances.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';

/**
 * A body over the limit is answered 413 and the client reads that answer. A server that answers
 * early and then closes a socket with unread bytes makes the kernel send a TCP reset; a peer still
 * writing its body gets ECONNRESET instead of the 413 and retries the same delivery for days. These
 * clients behave as HTTP libraries do: they write the whole body (or, with Expect: 100-continue,
 * wait for the 100 and then write it) and only then read.
 */
const LIMIT = 64 * 1024;
const inst = await testInstance(t, 'early413', { bodyLimit: LIMIT, rateLimits: { enabled: false } });
await createAccount(inst.it.deps, { username: 'ada', password: 'correct horse battery' });
const token = (await createPersonalToken(inst.it.deps, 'ada', ['read', 'write'])).token;

interface RawAnswer { error: string | null; status: number | null; headers: Record<string, string>; body: string; sentBytes: number; sawContinue: boolean }

interface RawRequest {
  path: string;
  type?: string;
  /** Bytes of body the client means to send (and says in Content-Length unless chunked). */
  size: number;
  expect?: boolean;
  chunked?: boolean;
  auth?: boolean;
}

function parseResponses(buf: Buffer): { continue: boolean; final?: { status: number; headers: Record<string, string>; body: string } } {
  let text = buf.toString('latin1');
  let sawContinue = false;
  while (/^HTTP\/1\.1 100 /.test(text)) {
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return { continue: true };
    sawContinue = true;
    text = text.slice(end + 4);
  }
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return { continue: sawContinue };
  const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const body = text.slice(headEnd + 4);
  if (!Number.isFinite(length) || Buffer.byteLength(body, 'latin1') < length) return { continue: sawContinue };
  return { continue: sawContinue, final: { status: Number(statusLine!.split(' ')[1]), headers, body: Buffer.from(body.slice(0, length), 'latin1').toString('utf8') } };
}

function rawPost(req: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    // allowHalfOpen: the server's FIN after its answer must not stop this client writing, as it does not stop a real one.
    const socket = connect({ host: '127.0.0.1', port: inst.port, allowHalfOpen: true });
    let received = Buffer.alloc(0);
    let error: string | null = null;
    let sentBytes = 0;
    let done = false;
    let onResponseData: (() => void) | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const parsed = parseResponses(received);
      socket.destroy();
      resolve({ error, status: parsed.final?.status ?? null, headers: parsed.final?.headers ?? {}, body: parsed.final?.body ?? '', sentBytes, sawContinue: parsed.continue });
    };
    const timer = setTimeout(() => { error ??= 'timeout'; finish(); }, 20_000);
    socket.on('data', (d) => {
      received = Buffer.concat([received, d]);
      onResponseData?.();
    });
    socket.on('error', (e) => { error = (e as NodeJS.ErrnoException).code ?? e.message; finish(); });
    socket.on('close', finish);

    const writeBody = async () => {
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      while (sentBytes < req.size && !done && !error) {
        const part = chunk.subarray(0, Math.min(chunk.length, req.size - sentBytes));
        const framed = req.chunked ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part;
        sentBytes += part.length;
        if (!socket.write(framed)) await new Promise<void>((r) => { socket.once('drain', r); socket.once('close', r); });
        await new Promise((r) => setImmediate(r));
      }
      if (req.chunked && !done && !error) socket.write('0\r\n\r\n');
    };
    const readAnswer = () => {
      onResponseData = () => { if (parseResponses(received).final) finish(); };
      onResponseData();
    };

    socket.once('connect', async () => {
      const head = [
        `POST ${req.path} HTTP/1.1`, `Host: ${inst.domain}`, `Content-Type: ${req.type ?? 'application/json'}`,
        req.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${req.size}`,
        ...(req.expect ? ['Expect: 100-continue'] : []),
        ...(req.auth ? [`Authorization: Bearer ${token}`] : []),
        '', '',
      ].join('\r\n');
      socket.write(head);
      if (req.expect) {
        // As curl: wait (up to a second) for "100 Continue" or a final answer before sending the body.
        const answer = await new Promise<'continue' | 'final' | 'timeout'>((r) => {
          const wait = setTimeout(() => r('timeout'), 1000);
          onResponseData = () => {
            const p = parseResponses(received);
            if (p.final) { clearTimeout(wait); r('final'); } else if (p.continue) { clearTimeout(wait); r('continue'); }
          };
        });
        onResponseData = undefined;
        if (answer !== 'final') await writeBody();
      } else {
        await writeBody();
      }
      readAnswer();
    });
  });
}

const SIZE = 8 * 1024 * 1024;
const surfaces: Array<{ path: string; type?: string; auth?: boolean; check: (tt: Test, a: RawAnswer) => void }> = [
  {
    path: '/api/v1/statuses', auth: true,
    check: (tt, a) => {
      tt.match(a.headers['content-type'], /^application\/json/);
      tt.type(JSON.parse(a.body).error, 'string', "Mastodon's error JSON");
    },
  },
  {
    path: '/oauth/token',
    check: (tt, a) => {
      tt.match(a.headers['content-type'], /^application\/json/);
      tt.match(JSON.parse(a.body), { error: 'invalid_request', error_description: /too large/i }, "OAuth's error JSON, with the 413");
    },
  },
  {
    path: '/api/v1/solutions', auth: true,
    check: (tt, a) => tt.match(JSON.parse(a.body), { status: 413, code: 'BODY_TOO_LARGE' }),
  },
  {
    path: '/inbox', type: 'application/activity+json',
    check: (tt, a) => tt.match(JSON.parse(a.body), { status: 413, code: 'BODY_TOO_LARGE' }),
  },
  {
    path: '/users/ada/inbox', type: 'application/activity+json',
    check: (tt, a) => tt.match(JSON.parse(a.body), { status: 413, code: 'BODY_TOO_LARGE' }),
  },
];

for (const expect of [false, true]) {
  t.test(`a body over the limit gets a complete 413, not a reset (${expect ? 'with' : 'without'} Expect: 100-continue)`, async (t) => {
    for (const s of surfaces) {
      const a = await rawPost({ path: s.path, type: s.type, auth: s.auth, size: SIZE, expect });
      t.equal(a.error, null, `${s.path}: no socket error (sent ${a.sentBytes} bytes)`);
      t.equal(a.status, 413, `${s.path}: HTTP/1.1 413`);
      t.equal(a.headers.connection, 'close', `${s.path}: the connection is not reused`);
      if (a.status === 413) s.check(t, a);
      if (expect) t.notOk(a.sawContinue, `${s.path}: no "100 Continue" for a body that will be refused`);
    }
  });
}

t.test('a chunked body that grows over the limit gets a complete 413 too', async (t) => {
  for (const path of ['/inbox', '/api/v1/statuses']) {
    const a = await rawPost({ path, type: path === '/inbox' ? 'application/activity+json' : 'application/json', size: SIZE, chunked: true, auth: true });
    t.equal(a.error, null, `${path}: no socket error (sent ${a.sentBytes} bytes)`);
    t.equal(a.status, 413, path);
  }
});

t.test('a body within the limit still gets "100 Continue" and its answer; the instance keeps serving', async (t) => {
  const a = await rawPost({ path: '/api/v1/statuses', size: 1000, expect: true, auth: true });
  t.ok(a.sawContinue, '100 Continue');
  t.equal(a.status, 400, 'a thousand spaces are no JSON document: 400, after reading them');
  const health = await fetch(`http://${inst.domain}/healthz`);
  t.equal(health.status, 200);
});
