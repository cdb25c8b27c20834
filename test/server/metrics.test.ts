import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest, type Signer } from '../../src/activitypub/signatures/sign.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';

const TOKEN = 'scrape-token-0123456789abcdef';

interface Sample { name: string; labels: Record<string, string>; value: number }

/**
 * A strict reader of the text exposition format 0.0.4: every line is a comment, blank, or
 * `name{label="value",...} number`; every sample's family has # HELP and # TYPE. Throws otherwise.
 */
function parseExposition(text: string): Sample[] {
  const typed = new Set<string>();
  const helped = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      (m[1] === 'HELP' ? helped : typed).add(m[2]!);
      if (m[1] === 'TYPE' && !/^(counter|gauge|histogram|summary|untyped)$/.test(m[3]!)) throw new Error(`bad TYPE line: ${line}`);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    let pos = 0;
    while (pos < body.length) {
      re.lastIndex = pos;
      const l = re.exec(body);
      if (!l) throw new Error(`bad labels in: ${line}`);
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
      pos = re.lastIndex;
    }
    // Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes "Nan").
    const value = /^[+-]?inf$/i.test(m[3]!) ? (m[3]!.startsWith('-') ? -Infinity : Infinity) : /^nan$/i.test(m[3]!) ? NaN : Number(m[3]);
    if (Number.isNaN(value) && !/^nan$/i.test(m[3]!)) throw new Error(`bad value: ${line}`);
    const family = m[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!typed.has(m[1]!) && !typed.has(family)) throw new Error(`sample without # TYPE: ${line}`);
    if (!helped.has(m[1]!) && !helped.has(family)) throw new Error(`sample without # HELP: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

/** The value of one series (labels matched exactly as given, others ignored); 0 when absent. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(base: string, token = TOKEN): Promise<Sample[]> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`scrape: ${res.status} ${await res.text()}`);
  return parseExposition(await res.text());
}

async function post(to: TestInstance, activity: unknown, signer: Signer | null): Promise<number> {
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify(activity));
  const headers = signer ? signRequest(signer, { method: 'POST', url, body, contentType: 'application/activity+json' }) : { 'content-type': 'application/activity+json' };
  const res = await fetch(url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

t.test('metrics are off by default: /metrics is 404, with or without a token', async (t) => {
  const a = await testInstance(t, 'plain');
  for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Array<Record<string, string>>) {
    const res = await fetch(`http://${a.domain}/metrics`, { headers });
    t.equal(res.status, 404);
    t.equal(((await res.json()) as { code: string }).code, 'ROUTE_NOT_FOUND');
  }
  t.equal(a.it.metrics, undefined, 'nothing is measured');
});

t.test('on the main listener behind a token: 401 without it, real actions move the counters and gauges', async (t) => {
  const sender = await testInstance(t, 'sender');
  const b = await testInstance(t, 'metrics', { metrics: { enabled: true, token: TOKEN } }, { metricsStatsTtlMs: 0 });
  const base = `http://${b.domain}`;

  // Authorization.
  const none = await fetch(`${base}/metrics`);
  t.equal(none.status, 401);
  t.match(none.headers.get('www-authenticate'), /^Bearer realm="metrics"/);
  t.equal(((await none.json()) as { code: string }).code, 'METRICS_TOKEN_REQUIRED');
  for (const auth of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN]) {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: auth } });
    t.equal(res.status, 401, `refused: ${JSON.stringify(auth.slice(0, 12))}...`);
    t.match(res.headers.get('www-authenticate'), /^Bearer realm="metrics"/);
    t.equal(((await res.json()) as { code: string }).code, 'METRICS_TOKEN_INVALID');
  }
  const ok = await fetch(`${base}/metrics`, { headers: { authorization: `bearer ${TOKEN}` } });
  t.equal(ok.status, 200, 'the scheme is case-insensitive');
  t.match(ok.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const first = parseExposition(await ok.text());
  for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
    t.ok(first.some((s) => s.name === name), `default metric ${name}`);
  }
  t.equal(value(first, 'samspil_inbox_accepted_total', { result: 'queued' }), 0, 'nothing accepted yet');
  t.equal(value(first, 'samspil_inbox_refused_total'), 0);
  t.notMatch(JSON.stringify(first), new RegExp(TOKEN), 'the token appears nowhere in the exposition');

  // Inbox: one accepted, refusals by their code.
  const agency = (await sender.it.deps.store.actors.getByUsername('agency', null))!;
  const { actor: other } = await createAccount(sender.it.deps, { username: 'other', password: 'correct horse battery' });
  let n = 0;
  const note = () => {
    n++;
    return {
      '@context': 'https://www.w3.org/ns/activitystreams', id: `http://${sender.domain}/users/agency/statuses/${n}/activity`, type: 'Create', actor: agency.uri, to: [PUBLIC],
      object: { id: `http://${sender.domain}/users/agency/statuses/${n}`, type: 'Note', attributedTo: agency.uri, content: '<p>hi</p>', to: [PUBLIC] },
    };
  };
  const good = note();
  t.equal(await post(b, good, actorSigner(agency)), 202);
  t.equal(await post(b, good, actorSigner(agency)), 202, 'the same activity again');
  t.equal(await post(b, note(), { keyId: agency.publicKeyId, privateKey: actorSigner(other).privateKey }), 401, 'a bad signature');
  t.equal(await post(b, note(), null), 401, 'unsigned');
  t.equal(await post(b, note(), null), 401, 'unsigned again');
  // Refused before the handler runs: by the body parser.
  const raw = async (body: Buffer) => {
    const res = await fetch(`${base}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body });
    await res.arrayBuffer();
    return res.status;
  };
  t.equal(await raw(Buffer.from('{"type": "Create",')), 400, 'malformed JSON');
  t.equal(await raw(Buffer.alloc(1_100_000, 0x20)), 413, 'a body over the limit');
  await eventually('the good note is applied', () => b.it.deps.store.objects.getByUri(good.object.id));
  const afterInbox = await eventually('the inbox job is counted as done', async () => {
    const s = await scrape(base);
    return value(s, 'samspil_jobs_finished_total', { type: 'inbox', outcome: 'done' }) >= 1 ? s : undefined;
  });
  t.equal(value(afterInbox, 'samspil_inbox_accepted_total', { result: 'queued' }), 1);
  t.equal(value(afterInbox, 'samspil_inbox_accepted_total', { result: 'duplicate' }), 1);
  t.equal(value(afterInbox, 'samspil_inbox_refused_total', { reason: 'SIGNATURE_INVALID' }), 1);
  t.equal(value(afterInbox, 'samspil_inbox_refused_total', { reason: 'SIGNATURE_MISSING' }), 2);
  t.equal(value(afterInbox, 'samspil_inbox_refused_total', { reason: 'BODY_MALFORMED' }), 1);
  t.equal(value(afterInbox, 'samspil_inbox_refused_total', { reason: 'BODY_TOO_LARGE' }), 1);
  t.equal(value(afterInbox, 'samspil_inbox_refused_total'), 5, 'no other refusal');
  t.equal(value(afterInbox, 'samspil_http_request_duration_seconds_count', { route: '/inbox', method: 'POST', status_class: '2xx' }), 2);
  t.equal(value(afterInbox, 'samspil_http_request_duration_seconds_count', { route: '/inbox', method: 'POST', status_class: '4xx' }), 5);

  // HTTP: the route pattern, never the URL.
  const before = value(afterInbox, 'samspil_http_request_duration_seconds_count', { route: '/users/:username', method: 'GET', status_class: '2xx' });
  const actorRes = await fetch(`${base}/users/agency`, { headers: { accept: 'application/activity+json' } });
  t.equal(actorRes.status, 200);
  await actorRes.arrayBuffer();
  await (await fetch(`${base}/no/such/page?x=1`)).arrayBuffer();
  const afterHttp = await scrape(base);
  t.equal(value(afterHttp, 'samspil_http_request_duration_seconds_count', { route: '/users/:username', method: 'GET', status_class: '2xx' }), before + 1);
  t.ok(value(afterHttp, 'samspil_http_request_duration_seconds_count', { route: '(unmatched)', method: 'GET', status_class: '4xx' }) >= 1, 'a 404 counts under (unmatched)');
  t.notOk(afterHttp.some((s) => /agency|no\/such|\?/.test(s.labels.route ?? '')), 'no raw URL in a route label');

  // The queue: jobs nobody runs (no handler for the type) stay pending.
  const jobsBefore = afterHttp;
  const past = new Date(Date.now() - 120_000).toISOString();
  for (let i = 0; i < 3; i++) await b.it.deps.store.jobs.enqueue({ type: 'metrics-probe', payload: { i }, runAt: past }, new Date().toISOString());
  await b.it.deps.store.jobs.enqueue({ type: 'metrics-probe', payload: { later: true }, runAt: new Date(Date.now() + 3600_000).toISOString() }, new Date().toISOString());
  const queued = await scrape(base);
  t.equal(value(queued, 'samspil_jobs_due'), value(jobsBefore, 'samspil_jobs_due') + 3, 'three more due jobs');
  t.equal(value(queued, 'samspil_jobs_open', { state: 'pending' }), value(jobsBefore, 'samspil_jobs_open', { state: 'pending' }) + 4);
  t.equal(value(queued, 'samspil_jobs_open_by_type', { state: 'pending', type: 'metrics-probe' }), 4);
  t.equal(value(queued, 'samspil_jobs_open_by_type_complete', { state: 'pending' }), 1);
  t.ok(value(queued, 'samspil_jobs_oldest_due_age_seconds') >= 119, 'the oldest due job has waited two minutes');
  t.equal(value(queued, 'samspil_jobs_due_by_type', { type: 'metrics-probe' }), 3);
  t.ok(value(queued, 'samspil_jobs_oldest_due_age_seconds_by_type', { type: 'metrics-probe' }) >= 119);

  // Deliveries: following the sender sends it a Follow, delivered and counted (host "other" until it has 20).
  await followActor(b.it.fed, 'agency', agency.uri);
  const delivered = await eventually('the Follow delivery is counted', async () => {
    const s = await scrape(base);
    return value(s, 'samspil_deliveries_total', { outcome: 'ok' }) >= 1 ? s : undefined;
  });
  t.equal(value(delivered, 'samspil_deliveries_total', { host: 'other', outcome: 'ok' }), value(delivered, 'samspil_deliveries_total', { outcome: 'ok' }));
  t.ok(value(delivered, 'samspil_delivery_duration_seconds_count', { host: 'other' }) >= 1);
  t.ok(value(delivered, 'samspil_jobs_finished_total', { type: 'deliver', outcome: 'done' }) >= 1);
});

t.test('on a listener of its own: served only there, and the public listener answers 404', async (t) => {
  const b = await testInstance(t, 'separate', { metrics: { enabled: true, listen: '127.0.0.1:0' } });
  const addr = b.it.metrics?.address;
  t.ok(addr, 'a metrics listener is bound');
  t.equal(addr!.host, '127.0.0.1');
  t.not(addr!.port, b.port);
  const pub = await fetch(`http://${b.domain}/metrics`);
  t.equal(pub.status, 404, 'not on the public listener');
  await pub.arrayBuffer();
  const res = await fetch(`http://127.0.0.1:${addr!.port}/metrics`);
  t.equal(res.status, 200, 'no token configured: the bind address is the protection');
  const samples = parseExposition(await res.text());
  t.ok(samples.some((s) => s.name === 'samspil_jobs_due'));
  const other = await fetch(`http://127.0.0.1:${addr!.port}/users/agency`);
  t.equal(other.status, 404, 'nothing else is served there');
  t.equal(((await other.json()) as { code: string }).code, 'ROUTE_NOT_FOUND');
});

t.test('a listener of its own with a token checks it too', async (t) => {
  const b = await testInstance(t, 'separate-token', { metrics: { enabled: true, listen: '127.0.0.1:0', token: TOKEN } });
  const base = `http://127.0.0.1:${b.it.metrics!.address!.port}`;
  const res = await fetch(`${base}/metrics`);
  t.equal(res.status, 401);
  await res.arrayBuffer();
  t.ok((await scrape(base)).length > 0);
});
