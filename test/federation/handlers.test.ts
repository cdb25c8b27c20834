import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { createAccount, rotateKeys } from '../../src/domain/accounts/accounts.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import type { Actor } from '../../src/store/port.js';

async function send(from: TestInstance, to: TestInstance, activity: Record<string, unknown>, username = 'agency'): Promise<number> {
  const actor = (await from.it.deps.store.actors.getByUsername(username, null))!;
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', ...activity }));
  const res = await fetch(url, { method: 'POST', body, headers: signRequest(actorSigner(actor), { method: 'POST', url, body }) });
  return res.status;
}

/** Waits until the receiver has applied (or ignored) every queued inbox job. */
const settled = (i: TestInstance) => eventually('inbox jobs settled', async () => (await i.it.deps.store.jobs.list({ type: 'inbox', limit: 1000 })).every((j) => j.state === 'done' || j.state === 'dead'));

t.test('handlers: Like/Announce and their Undo, Update of a note and of the actor, key rotation, Delete of the actor', async (t) => {
  const a = await testInstance(t, 'h-a');
  const b = await testInstance(t, 'h-b');
  const base = `http://${a.domain}/users/agency`;
  await followActor(b.it.fed, 'agency', `@agency@${a.domain}`);
  const bAgency = (await b.it.deps.store.actors.getByUsername('agency', null))!;
  const remoteA = async (): Promise<Actor> => (await b.it.deps.store.actors.getByUri(base))!;
  await eventually('follow accepted', async () => (await b.it.deps.store.follows.getByPair(bAgency.id, (await remoteA()).id))?.state === 'accepted');
  const { object: note } = await publishNote(a.it.fed, 'agency', { text: 'first version' });
  await eventually('note arrived', () => b.it.deps.store.objects.getByUri(note.uri));

  // Like and Announce of B's content are recorded; Undo removes them; redelivery changes nothing.
  const target = `http://${b.domain}/users/agency/statuses/1`;
  t.equal(await send(a, b, { id: `${base}#likes/1`, type: 'Like', actor: base, object: target }), 202);
  t.equal(await send(a, b, { id: `${base}#likes/1`, type: 'Like', actor: base, object: target }), 202);
  // An Announce of a post B does not have: B reads it from its origin; the embedded copy is ignored.
  const { actor: quiet } = await createAccount(a.it.deps, { username: 'quiet', password: 'correct horse battery' });
  const { object: quietNote } = await publishNote(a.it.fed, 'quiet', { text: 'nobody follows me' });
  t.equal(await send(a, b, { id: `${base}/statuses/9/activity`, type: 'Announce', actor: base, to: [PUBLIC], object: { ...quietNote.data, '@context': undefined, content: '<p>forged</p>' } }), 202);
  const fetched = await eventually('B fetched the announced post from A', () => b.it.deps.store.objects.getByUri(quietNote.uri));
  t.equal(fetched.data.content, '<p>nobody follows me</p>', 'the origin\'s content, not the embedded copy');
  t.equal((await b.it.deps.store.actors.getById(fetched.actorId))?.uri, quiet.uri, 'attributed to its author, fetched too');
  // A Create that only names its object: fetched from the origin as well.
  const { object: quietNote2 } = await publishNote(a.it.fed, 'quiet', { text: 'created by reference' });
  t.equal(await send(a, b, { id: `${quietNote2.uri}/activity`, type: 'Create', actor: quiet.uri, object: quietNote2.uri }, 'quiet'), 202);
  t.equal((await eventually('B fetched the referenced post', () => b.it.deps.store.objects.getByUri(quietNote2.uri))).data.content, '<p>created by reference</p>');
  await settled(b);
  t.equal(await b.it.deps.store.activities.countByObject(target, 'Like'), 1, 'one Like despite the redelivery');
  t.equal(await b.it.deps.store.activities.countByObject(quietNote.uri, 'Announce'), 1);
  t.equal(await send(a, b, { id: `${base}#likes/1/undo`, type: 'Undo', actor: base, object: { id: `${base}#likes/1`, type: 'Like', actor: base, object: target } }), 202);
  t.equal(await send(a, b, { id: `${base}/statuses/9/undo`, type: 'Undo', actor: base, object: `${base}/statuses/9/activity` }), 202);
  await settled(b);
  t.equal(await b.it.deps.store.activities.countByObject(target, 'Like'), 0, 'Undo(Like)');
  t.equal(await b.it.deps.store.activities.countByObject(quietNote.uri, 'Announce'), 0, 'Undo(Announce) by id');

  // Update of the note replaces its (sanitized) content; an Update by someone else would be ignored.
  t.equal(await send(a, b, {
    id: `${base}/statuses/${note.id}#updates/1`, type: 'Update', actor: base,
    object: { ...note.data, '@context': undefined, content: '<p>second <a href="javascript:alert(1)" onclick="x()">version</a></p>', updated: new Date().toISOString() },
  }), 202);
  await settled(b);
  const updated = (await b.it.deps.store.objects.getByUri(note.uri))!;
  t.equal(updated.data.content, '<p>second <a rel="nofollow noopener noreferrer">version</a></p>');
  t.ok(updated.updatedAt);

  // Update(Person) refreshes the cached actor.
  const doc = (await a.it.app.inject({ url: '/users/agency', headers: { accept: 'application/activity+json' } })).json();
  t.equal(await send(a, b, { id: `${base}#updates/profile-1`, type: 'Update', actor: base, object: { ...doc, name: 'Renamed Agency', summary: '<p>new bio<script>x</script></p>' } }), 202);
  await settled(b);
  t.equal((await remoteA()).displayName, 'Renamed Agency');
  t.equal((await remoteA()).summary, '<p>new bio</p>');

  // Key rotation: B's cached key fails once, B refetches the actor and the delivery verifies.
  await rotateKeys(a.it.deps, 'agency');
  // B fetched A moments ago; pretend a while has passed so the refetch floor does not apply.
  await b.it.deps.store.actors.update((await remoteA()).id, { fetchedAt: new Date(Date.now() - 5 * 60_000).toISOString() });
  const oldPem = (await remoteA()).publicKeyPem;
  const { object: note2 } = await publishNote(a.it.fed, 'agency', { text: 'signed with the new key' });
  await eventually('note signed with the rotated key arrived', () => b.it.deps.store.objects.getByUri(note2.uri));
  t.not((await remoteA()).publicKeyPem, oldPem, 'B holds the new key');

  // A repeated Follow of an accepted follow is answered with a new Accept.
  const bBase = `http://${b.domain}/users/agency`;
  t.equal(await send(b, a, { id: `${bBase}#follows/again`, type: 'Follow', actor: bBase, object: base }), 202);
  await eventually('A answered the repeated Follow', async () => (await a.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 }))
    .some((j) => j.state === 'done' && String(j.payload.body).includes(`${bBase}#follows/again`) && String(j.payload.body).includes('"Accept"')));

  // A host marked unavailable is skipped; hearing from it again lifts the mark.
  const cutoffInFuture = new Date(Date.now() + 60_000).toISOString();
  await a.it.deps.store.deliveryHosts.recordFailure(b.domain, new Date().toISOString(), cutoffInFuture);
  t.ok((await a.it.deps.store.deliveryHosts.get(b.domain))?.unavailableSince, 'B is unavailable for A');
  const { activity: skipped } = await publishNote(a.it.fed, 'agency', { text: 'not sent to an unavailable host' });
  await eventually('the fan-out ran', async () => (await a.it.deps.store.jobs.getByKey(`fanout:${skipped.id}`))?.state === 'done');
  t.same((await a.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === skipped.id), [], 'no delivery to B');
  t.equal(await send(b, a, { id: `${bBase}#likes/99`, type: 'Like', actor: bBase, object: `${base}/statuses/1` }), 202);
  await eventually('B is available again for A', async () => !(await a.it.deps.store.deliveryHosts.get(b.domain))?.unavailableSince);
  const { object: back } = await publishNote(a.it.fed, 'agency', { text: 'B is back' });
  await eventually('B receives again', () => b.it.deps.store.objects.getByUri(back.uri));

  // Delete of the actor: follows and content go, later activities are refused.
  t.equal(await send(a, b, { id: `${base}#delete`, type: 'Delete', actor: base, object: base, to: [PUBLIC] }), 202);
  await settled(b);
  const gone = await remoteA();
  t.ok(gone.suspendedAt, 'the actor is suspended');
  t.equal(await b.it.deps.store.follows.getByPair(bAgency.id, gone.id), undefined, 'follow removed');
  t.equal(await b.it.deps.store.objects.getByUri(note.uri), undefined, 'content removed');
  t.equal(await b.it.deps.store.objects.getByUri(note2.uri), undefined);
  t.equal(await send(a, b, { id: `${base}#likes/2`, type: 'Like', actor: base, object: target }), 401, 'a deleted actor can no longer deliver');
});
