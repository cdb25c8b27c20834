import t from 'tap';
import type { IncomingMessage } from 'node:http';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { sendAs } from '../helpers/signed.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest, type Signer } from '../../src/activitypub/signatures/sign.js';
import { AS_CONTEXT } from '../../src/activitypub/vocab/context.js';

/** POSTs a Like signed with `signer` (a key that is not the actor's) in the name of `actorUri`. */
async function forgedPost(to: TestInstance, actorUri: string, signer: Signer, n: number): Promise<number> {
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify({ '@context': AS_CONTEXT, id: `${actorUri}#likes/bad-${n}`, type: 'Like', actor: actorUri, object: `http://${to.domain}/users/agency` }));
  const res = await fetch(url, { method: 'POST', body, headers: signRequest(signer, { method: 'POST', url, body, contentType: 'application/activity+json' }) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * The key refetch floor (docs/federation.md, "HTTP Signatures"): a signature that fails against the
 * cached key makes the receiver refetch the actor once (key rotation), and a second forced refetch
 * within a minute is not made. A burst of bad signatures must therefore cost the actor's server at
 * most one request, whether the burst comes in parallel or one by one, for a known or a new actor.
 * Requests are counted at the actor's real server (its own HTTP listener).
 */
t.test('a burst of bad signatures for one actor triggers at most one refetch of that actor', async (t) => {
  const e = await testInstance(t, 'refetch-e');
  const b = await testInstance(t, 'refetch-b');
  await createAccount(e.it.deps, { username: 'eve', password: 'correct horse battery' });
  await createAccount(e.it.deps, { username: 'fay', password: 'correct horse battery' });
  const { actor: other } = await createAccount(e.it.deps, { username: 'other', password: 'correct horse battery' });
  const eve = `http://${e.domain}/users/eve`;
  const fay = `http://${e.domain}/users/fay`;
  const fetched = new Map<string, number>();
  e.it.app.server.on('request', (req: IncomingMessage) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'GET') fetched.set(path, (fetched.get(path) ?? 0) + 1);
  });
  const gets = (uri: string) => fetched.get(new URL(uri).pathname) ?? 0;
  const inboxJobs = async () => (await b.it.deps.store.jobs.list({ type: 'inbox', limit: 5000 })).length;

  // Eve is known: one good delivery, then her cached copy ages past the floor (a refetch is due).
  t.equal(await sendAs(e, 'eve', b, { id: `${eve}#likes/good`, type: 'Like', actor: eve, object: `http://${b.domain}/users/agency` }), 202);
  t.equal(gets(eve), 1, 'B fetched Eve once to verify the good delivery');
  const eveAtB = (await b.it.deps.store.actors.getByUri(eve))!;
  await b.it.deps.store.actors.update(eveAtB.id, { fetchedAt: new Date(Date.now() - 5 * 60_000).toISOString() });
  const jobsBefore = await inboxJobs();

  // Another actor's key under Eve's keyId: the signature cannot verify.
  const wrong: Signer = { keyId: `${eve}#main-key`, privateKey: actorSigner(other).privateKey };
  const parallel = await Promise.all(Array.from({ length: 20 }, (_, i) => forgedPost(b, eve, wrong, i)));
  t.same([...new Set(parallel)], [401], '20 parallel bad signatures: all refused');
  t.equal(gets(eve), 2, 'and they cost Eve\'s server exactly one refetch (the key-rotation check), not 20');
  for (let i = 20; i < 40; i++) t.equal(await forgedPost(b, eve, wrong, i), 401);
  t.equal(gets(eve), 2, '20 more, one after the other: no further refetch within the floor');

  // Fay was never seen: the first lookup fetches her, the failed check may not fetch again.
  const wrongFay: Signer = { keyId: `${fay}#main-key`, privateKey: actorSigner(other).privateKey };
  const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => forgedPost(b, fay, wrongFay, i)));
  t.same([...new Set(burst)], [401], 'a burst in the name of a new actor: all refused');
  t.equal(gets(fay), 1, 'one fetch of the new actor for the whole burst');

  t.equal(await inboxJobs(), jobsBefore, 'nothing was queued');
  t.equal(await b.it.deps.store.activities.getByUri(`${eve}#likes/bad-0`), undefined);
});
