import t from 'tap';
import { createServer } from 'node:http';
import { makeDeps } from '../helpers/app.js';
import { FAST_FEDERATION, freePort } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createFederation } from '../../src/activitypub/federation.js';
import { createJobRunner } from '../../src/activitypub/job-handlers.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { verifyRequest } from '../../src/activitypub/signatures/verify.js';
import { KeyCache } from '../../src/activitypub/signatures/key-cache.js';
import { putActor } from '../store/contract/follows.js';
import { newId } from '../../src/ids.js';

t.test('delivery policy: 2xx done, 5xx and 429 retried, other 4xx given up, 410 ends the follow', async (t) => {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const calls = new Map<string, number>();
  const keys = new KeyCache();
  const badSignatures: string[] = [];
  const server = createServer((req, res) => {
    const name = /^\/users\/(\w+)\/inbox$/.exec(req.url ?? '')?.[1] ?? 'none';
    const n = (calls.get(name) ?? 0) + 1;
    calls.set(name, n);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        await verifyRequest({ method: 'POST', url: req.url!, headers: req.headers, rawBody: Buffer.concat(chunks) }, async (id) => keys.get(id));
      } catch (e) {
        badSignatures.push(`${name}: ${(e as Error).message}`);
      }
      if (name === 'gone') return res.writeHead(410).end();
      if (name === 'bad') return res.writeHead(400).end('no thanks');
      if (name === 'busy' && n === 1) return res.writeHead(429, { 'retry-after': '0' }).end();
      if (name === 'flaky' && n <= 2) return res.writeHead(503).end();
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));

  const deps = await makeDeps(t, { domain: 'sender.test', federation: FAST_FEDERATION });
  const { agencyActor } = await ensureFirstStart(deps);
  keys.put(agencyActor.publicKeyId, agencyActor.publicKeyPem, agencyActor.uri);
  const fed = createFederation(deps);
  const runner = createJobRunner(fed);
  runner.start();
  t.teardown(async () => {
    await runner.stop();
    await fed.http.close();
  });

  const followers: Record<string, string> = {};
  for (const name of ['ok', 'gone', 'bad', 'busy', 'flaky']) {
    const actor = await putActor(deps.store, name, host, { uri: `http://${host}/users/${name}`, inbox: `http://${host}/users/${name}/inbox`, sharedInbox: null });
    followers[name] = actor.id;
    const now = new Date().toISOString();
    await deps.store.follows.put({ id: newId(), uri: `http://${host}/follows/${name}`, followerId: actor.id, followeeId: agencyActor.id, state: 'accepted', createdAt: now, updatedAt: now });
  }
  const { activity } = await publishNote(fed, 'jobcenter', { text: 'to five inboxes' });
  const jobFor = async (name: string) => (await deps.store.jobs.getByKey(`deliver:${activity.id}:http://${host}/users/${name}/inbox`))!;
  await eventually('every delivery settled', async () => {
    const states = await Promise.all(['ok', 'gone', 'bad', 'busy', 'flaky'].map(async (n) => (await jobFor(n))?.state));
    return states.every((s) => s === 'done' || s === 'dead');
  });
  t.same(badSignatures, [], 'every POST carried a valid signature with Digest');
  t.equal((await jobFor('ok')).state, 'done');
  t.equal(calls.get('ok'), 1);
  t.equal((await jobFor('gone')).state, 'done', '410 is final, not an error');
  t.equal(await deps.store.follows.getByPair(followers.gone!, agencyActor.id), undefined, '410 removed the follower');
  t.equal((await deps.store.follows.getByPair(followers.ok!, agencyActor.id))?.state, 'accepted', 'others stay');
  const bad = await jobFor('bad');
  t.equal(bad.state, 'dead', 'a 400 is given up at once');
  t.equal(bad.attempts, 1);
  t.match(bad.lastError, /HTTP 400/);
  t.equal(calls.get('bad'), 1, 'and not retried');
  t.equal((await jobFor('busy')).state, 'done');
  t.equal(calls.get('busy'), 2, '429 retried');
  t.equal((await jobFor('flaky')).state, 'done');
  t.equal((await jobFor('flaky')).attempts, 2, 'two 503s counted');
  t.equal(calls.get('flaky'), 3);
  t.equal((await deps.store.deliveryHosts.get(host))?.failures, 0, 'the host recovered with the success');
});
