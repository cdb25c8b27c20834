import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor, unfollowActor, listFollowRequests, approveFollowRequest, rejectFollowRequest } from '../../src/domain/follows/follows.js';
import { publishNote, deleteNote } from '../../src/domain/notes/publish-note.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import type { Actor } from '../../src/store/port.js';

const handle = (i: TestInstance, username = 'agency') => `@${username}@${i.domain}`;
const actorOn = async (i: TestInstance, username = 'agency') => (await i.it.deps.store.actors.getByUsername(username, null))!;
const remoteOn = async (i: TestInstance, of: TestInstance, username = 'agency') => i.it.deps.store.actors.getByUsername(username, of.domain);

async function followState(on: TestInstance, follower: Actor | undefined, followee: Actor | undefined) {
  if (!follower || !followee) return undefined;
  return (await on.it.deps.store.follows.getByPair(follower.id, followee.id))?.state;
}

/** True once every delivery job of an activity left the queue as done (none pending/running). */
async function deliveriesDone(from: TestInstance, activityId: string, expected: number) {
  const jobs = (await from.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === activityId);
  return jobs.length === expected && jobs.every((j) => j.state === 'done');
}

t.test('three instances: follow, accept, publish, redelivery, unfollow, delete, retry, manual approval', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  const c = await testInstance(t, 'c');

  // B and C follow A's agency: Follow goes out signed, Accept comes back.
  const fb = await followActor(b.it.fed, 'agency', handle(a));
  t.equal(fb.follow.state, 'pending');
  t.match(fb.follow.uri, new RegExp(`^http://${b.domain}/users/agency#follows/`));
  await followActor(c.it.fed, 'agency', `http://${a.domain}/users/agency`);
  await eventually('B sees its follow accepted', async () => (await followState(b, await actorOn(b), await remoteOn(b, a))) === 'accepted');
  await eventually('C sees its follow accepted', async () => (await followState(c, await actorOn(c), await remoteOn(c, a))) === 'accepted');
  t.equal(await followState(a, await remoteOn(a, b), await actorOn(a)), 'accepted', 'A stored B as follower');
  t.equal((await b.it.deps.store.follows.getByPair((await actorOn(b)).id, (await remoteOn(b, a))!.id))?.uri, fb.follow.uri, 'the Follow id stayed the same');
  const followers = await a.it.app.inject({ url: '/users/agency/followers', headers: { accept: 'application/activity+json' } });
  t.equal(followers.json().totalItems, 2);
  const page = await a.it.app.inject({ url: '/users/agency/followers?page=true', headers: { accept: 'application/activity+json' } });
  t.same(new Set(page.json().orderedItems), new Set([`http://${b.domain}/users/agency`, `http://${c.domain}/users/agency`]));

  // A publishes: both followers receive it.
  const { object: note1, activity: create1 } = await publishNote(a.it.fed, 'agency', { text: 'Hello <fediverse> & friends' });
  const onB = await eventually('B stored the note', () => b.it.deps.store.objects.getByUri(note1.uri));
  await eventually('C stored the note', () => c.it.deps.store.objects.getByUri(note1.uri));
  t.equal(onB.local, false);
  t.equal(onB.visibility, 'public');
  t.equal(onB.data.content, '<p>Hello &lt;fediverse&gt; &amp; friends</p>');
  t.equal(onB.actorId, (await remoteOn(b, a))!.id);
  await eventually('A delivered to 2 inboxes', () => deliveriesDone(a, String(create1.id), 2));
  const outbox = await a.it.app.inject({ url: '/users/agency/outbox?page=true', headers: { accept: 'application/activity+json' } });
  t.equal(outbox.json().orderedItems[0].id, create1.id, 'the outbox lists the Create');

  // Redelivery of the very same signed activity changes nothing.
  const countsOnB = async () => ({
    objects: (await b.it.deps.store.objects.getByUri(note1.uri))?.id,
    inboxJobs: await b.it.deps.store.jobs.count({ type: 'inbox' }),
    activity: (await b.it.deps.store.activities.getByUri(String(create1.id)))?.id,
  });
  const before = await countsOnB();
  const body = Buffer.from(JSON.stringify(create1));
  const url = new URL(`http://${b.domain}/inbox`);
  const headers = signRequest(actorSigner(await actorOn(a)), { method: 'POST', url, body });
  const again = await fetch(url, { method: 'POST', headers, body });
  t.equal(again.status, 202);
  t.same(await countsOnB(), before, 'no new job, same object, same activity record');

  // C unfollows: Undo(Follow) reaches A, and the next post is not delivered to C.
  await unfollowActor(c.it.fed, 'agency', handle(a));
  await eventually('A dropped C as follower', async () => (await followState(a, await remoteOn(a, c), await actorOn(a))) === undefined);
  const { object: note2, activity: create2 } = await publishNote(a.it.fed, 'agency', { text: 'Only for B' });
  await eventually('B stored note 2', () => b.it.deps.store.objects.getByUri(note2.uri));
  await eventually('A delivered note 2 to one inbox only', () => deliveriesDone(a, String(create2.id), 1));
  t.equal(await c.it.deps.store.objects.getByUri(note2.uri), undefined, 'C did not get note 2');

  // Delete propagates.
  await deleteNote(a.it.fed, 'agency', note1.uri);
  const tomb = await eventually('B tombstoned note 1', async () => {
    const o = await b.it.deps.store.objects.getByUri(note1.uri);
    return o?.deletedAt ? o : undefined;
  });
  t.equal(tomb.data.type, 'Tombstone');

  // A receiver that is down gets the activity after it comes back.
  await followActor(c.it.fed, 'agency', handle(a));
  await eventually('C follows A again', async () => (await followState(c, await actorOn(c), await remoteOn(c, a))) === 'accepted');
  await c.stop();
  const { object: note3, activity: create3 } = await publishNote(a.it.fed, 'agency', { text: 'While C was down' });
  await eventually('a delivery to C failed at least once', async () => {
    const jobs = (await a.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === create3.id && j.host === c.domain);
    return jobs.length === 1 && jobs[0]!.attempts >= 1;
  });
  t.ok((await a.it.deps.store.deliveryHosts.get(c.domain))?.failures, 'the host failure is tracked');
  await c.start();
  await eventually('C got note 3 after coming back', () => c.it.deps.store.objects.getByUri(note3.uri), 15_000);
  await eventually('the host is healthy again', async () => (await a.it.deps.store.deliveryHosts.get(c.domain))?.failures === 0);

  // Manual approval: B follows a locked account on A; pending until approved. C's request is rejected.
  const { actor: locked } = await createAccount(a.it.deps, { username: 'locked', password: 'correct horse battery' });
  await a.it.deps.store.actors.update(locked.id, { manuallyApprovesFollowers: true });
  await followActor(b.it.fed, 'agency', handle(a, 'locked'));
  await followActor(c.it.fed, 'agency', handle(a, 'locked'));
  const requests = await eventually('A holds two follow requests', async () => {
    const r = await listFollowRequests(a.it.fed, 'locked');
    return r.length === 2 ? r : undefined;
  });
  t.same(new Set(requests.map((r) => r.follower.domain)), new Set([b.domain, c.domain]));
  t.equal(await followState(b, await actorOn(b), await remoteOn(b, a, 'locked')), 'pending');
  await approveFollowRequest(a.it.fed, 'locked', handle(b));
  await rejectFollowRequest(a.it.fed, 'locked', handle(c));
  await eventually('B is accepted by the locked account', async () => (await followState(b, await actorOn(b), await remoteOn(b, a, 'locked'))) === 'accepted');
  await eventually('C\'s request is gone on C', async () => (await followState(c, await actorOn(c), await remoteOn(c, a, 'locked'))) === undefined);
  t.same(await listFollowRequests(a.it.fed, 'locked'), []);
});
