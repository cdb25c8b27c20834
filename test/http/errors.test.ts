import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';

// A route registered the way feature plugins register theirs, to exercise the app-wide body handling.
const echo = async (app: FastifyInstance) => {
  app.post('/test/echo', async (request) => ({ ok: true, bytes: request.rawBody?.length ?? null }));
};

t.test('bodies: oversized, malformed, wrong type -> clear 4xx problems, never 500', async (t) => {
  const { app } = await makeApp(t, { bodyLimit: 2048 }, { plugins: [echo] });
  const big = JSON.stringify({ type: 'Create', content: 'x'.repeat(4096) });
  const tooLarge = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/activity+json' }, payload: big });
  t.equal(tooLarge.statusCode, 413);
  t.match(tooLarge.headers['content-type'], /^application\/problem\+json/);
  t.equal(tooLarge.json().code, 'BODY_TOO_LARGE');

  const malformed = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/activity+json' }, payload: '{"type": "Follow",' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().code, 'BODY_MALFORMED');
  t.match(malformed.json().detail, /not valid JSON/);

  const wrongType = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/x-unknown' }, payload: 'hello' });
  t.equal(wrongType.statusCode, 415);
  t.equal(wrongType.json().code, 'UNSUPPORTED_MEDIA_TYPE');

  const ok = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' }, payload: '{"a":1}' });
  t.equal(ok.statusCode, 200);
  t.same(ok.json(), { ok: true, bytes: 7 }, 'the exact bytes are kept for Digest checks');
});

t.test('unknown routes and methods are problem+json 404', async (t) => {
  const { app } = await makeApp(t);
  const res = await app.inject({ url: '/no/such/thing?x=1' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.same(res.json(), { type: 'about:blank#ROUTE_NOT_FOUND', title: 'Not Found', status: 404, detail: 'no resource at GET /no/such/thing', code: 'ROUTE_NOT_FOUND', instance: '/no/such/thing?x=1' });
});

t.test('request ids: a well-formed incoming id is echoed, anything else replaced', async (t) => {
  const { app } = await makeApp(t);
  const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'proxy-abc-12345' } });
  t.equal(kept.headers['x-request-id'], 'proxy-abc-12345');
  const replaced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\twith tab' } });
  t.match(replaced.headers['x-request-id'], /^[0-9a-f-]{36}$/);
});

t.test('health and readiness', async (t) => {
  const { app, deps } = await makeApp(t);
  t.same((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
  t.same((await app.inject({ url: '/readyz' })).json(), { status: 'ready', store: 'sqlite' });
  await deps.store.close();
  const down = await app.inject({ url: '/readyz' });
  t.equal(down.statusCode, 503, 'a closed store is not ready');
  t.equal(down.json().code, 'STORE_UNREACHABLE');
});
