import t from 'tap';
import { createHash } from 'node:crypto';
import { HostLabels, HOST_ADMIT_AFTER, STATS_TTL_MS, createPrometheusMetrics } from '../../src/metrics/prometheus.js';
import { tokenMatches } from '../../src/http/metrics.js';
import { makeDeps } from '../helpers/app.js';

t.test('host labels: a host earns its own label after enough deliveries, up to the limit; the rest are "other"', async (t) => {
  const labels = new HostLabels(2, 3);
  t.same([labels.label('a.example'), labels.label('a.example')], ['other', 'other'], 'not yet admitted');
  t.equal(labels.label('a.example'), 'a.example', 'the third delivery admits it');
  t.equal(labels.label('a.example'), 'a.example', 'and it keeps its label');
  for (let i = 0; i < 3; i++) labels.label('b.example');
  t.equal(labels.label('b.example'), 'b.example');
  for (let i = 0; i < 10; i++) t.equal(labels.label('c.example'), 'other', 'the limit is reached: never admitted');
  t.equal(labels.label('a.example'), 'a.example', 'admitted hosts stay');
  t.equal(new HostLabels(0).label('a.example'), 'other', '0 labels: every host is "other"');
  t.equal(HOST_ADMIT_AFTER, 20);
});

t.test('host labels: the tally of hosts not yet admitted is bounded', async (t) => {
  const labels = new HostLabels(5, 2);
  // Thousands of hosts seen once each (a fan-out to a large fediverse) do not grow it without end.
  for (let i = 0; i < 5000; i++) labels.label(`h${i}.example`);
  const tally = (labels as unknown as { tally: Map<string, number> }).tally;
  t.ok(tally.size <= 1000, `tally holds ${tally.size}`);
  t.equal(labels.label('h4999.example'), 'h4999.example', 'a host still in the tally is admitted on its second delivery');
});

t.test('the bearer token compare', async (t) => {
  const d = createHash('sha256').update('s3cret-token-value').digest();
  t.ok(tokenMatches('Bearer s3cret-token-value', d));
  t.ok(tokenMatches('bearer  s3cret-token-value ', d));
  for (const h of [undefined, '', 'Bearer', 'Bearer ', 'Bearer s3cret-token-valu', 'Bearer s3cret-token-value2', 'Basic s3cret-token-value', 's3cret-token-value', 'Bearer s3cret token-value']) {
    t.notOk(tokenMatches(h, d), `refused: ${JSON.stringify(h)}`);
  }
  t.notOk(tokenMatches('Bearer ', createHash('sha256').update('').digest()), 'an empty token never matches');
});

t.test('the job gauges read the store once per TTL, however often they are scraped', async (t) => {
  const deps = await makeDeps(t);
  let now = new Date('2026-12-01T12:00:00.000Z');
  let reads = 0;
  const real = deps.store.jobs.stats.bind(deps.store.jobs);
  deps.store.jobs.stats = async (o) => {
    reads++;
    return real(o);
  };
  const metrics = createPrometheusMetrics({ store: deps.store, now: () => now, log: deps.log, config: { enabled: true, deliveryHostLabels: 20 } });
  const due = async () => Number(/^samspil_jobs_due (\S+)$/m.exec((await metrics.render()).body)?.[1]);
  t.equal(await due(), 0);
  t.equal(reads, 1, 'seven job gauges, one store read');
  await deps.store.jobs.enqueue({ type: 'probe', payload: {}, runAt: now.toISOString() }, now.toISOString());
  now = new Date(now.getTime() + STATS_TTL_MS - 1);
  t.equal(await due(), 0, 'within the TTL the cached reading is shown');
  t.equal(reads, 1);
  now = new Date(now.getTime() + 1);
  t.equal(await due(), 1, 'after it, a fresh one');
  t.equal(reads, 2);
  await Promise.all([metrics.render(), metrics.render(), metrics.render()]);
  t.equal(reads, 2, 'concurrent scrapes share the reading');
});

t.test('refusal reasons: codes get labels; anything else is OTHER', async (t) => {
  const deps = await makeDeps(t);
  const metrics = createPrometheusMetrics({ store: deps.store, now: () => new Date(), log: deps.log, config: { enabled: true, deliveryHostLabels: 20 } });
  metrics.inboxRefused('SIGNATURE_INVALID');
  metrics.inboxRefused('SIGNATURE_INVALID');
  metrics.inboxRefused('not a code "with quotes"');
  const body = (await metrics.render()).body;
  t.match(body, /^samspil_inbox_refused_total\{reason="SIGNATURE_INVALID"\} 2$/m);
  t.match(body, /^samspil_inbox_refused_total\{reason="OTHER"\} 1$/m);
  t.notMatch(body, /with quotes/);
  t.match(body, /^samspil_inbox_accepted_total\{result="queued"\} 0$/m, 'accepted results are there at 0 from the start');
});
