import t from 'tap';
import { makeDeps } from '../helpers/app.js';
import { putRemoteActor } from '../helpers/actors.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createFederation } from '../../src/activitypub/federation.js';
import { runFanout } from '../../src/activitypub/outbox/fanout.js';
import { newId } from '../../src/ids.js';
import type { Job } from '../../src/store/port.js';

/** A fan-out enqueues its deliveries in bounded transactions, and running it again adds nothing. */
t.test('fan-out in chunks: bounded transactions, every inbox once, idempotent', async (t) => {
  const deps = await makeDeps(t);
  const { agencyActor } = await ensureFirstStart(deps);
  const now = new Date().toISOString();
  for (let i = 0; i < 23; i++) {
    const follower = await putRemoteActor(deps.store, `f${i}`, `h${i}.example`);
    await deps.store.follows.put({ id: newId(), uri: `https://h${i}.example/follows/${i}`, followerId: follower.id, followeeId: agencyActor.id, state: 'accepted', createdAt: now, updatedAt: now });
  }
  const fed = createFederation(deps);
  let transactions = 0;
  const real = fed.store.transaction.bind(fed.store);
  fed.store = Object.assign(Object.create(fed.store), { transaction: (fn: Parameters<typeof real>[0]) => { transactions++; return real(fn); } });
  const job = { id: '1', type: 'fanout', payload: { activityId: 'https://x.example/a/1', actorId: agencyActor.id, body: '{}', followers: true, inboxes: [] } } as unknown as Job;
  await runFanout(fed, job, 5);
  t.equal(transactions, 5, '23 deliveries in transactions of at most 5');
  t.equal(await deps.store.jobs.count({ type: 'deliver' }), 23, 'one delivery per inbox');
  await runFanout(fed, job, 5);
  t.equal(await deps.store.jobs.count({ type: 'deliver' }), 23, 'a second run enqueues nothing twice');
});
