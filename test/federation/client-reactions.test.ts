import t from 'tap';
// @ts-expect-error the ws package ships no types here; it comes with @fastify/websocket
import WebSocket from 'ws';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { loginWithCode, PASSWORD, registerClient } from '../mastodon/helpers.js';

type Json = Record<string, any>;

async function userOn(i: TestInstance, username: string, locked = false) {
  await createAccount(i.it.deps, { username, password: PASSWORD, displayName: username });
  if (locked) {
    const actor = (await i.it.deps.store.actors.getByUsername(username, null))!;
    await i.it.deps.store.actors.update(actor.id, { manuallyApprovesFollowers: true });
  }
  const client = await registerClient(i.it.app);
  const token = (await loginWithCode(i.it.app, client, 'read write follow', { username })).access_token;
  const call = async (method: string, path: string, body?: Json): Promise<Json> => {
    const r = await fetch(`http://${i.domain}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await r.json()) as Json;
  };
  return Object.assign(call, { token });
}

/** A user stream over a real WebSocket; `next` waits (bounded) for the first matching message. */
async function openStream(url: string, token: string) {
  const ws = new WebSocket(url, [token]);
  const messages: Array<{ event: string; payload: string }> = [];
  ws.on('message', (d: Buffer) => messages.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return {
    next: (match: (m: { event: string; payload: string }) => boolean) => eventually('a stream message', () => messages.find(match)),
    close: () => ws.close(),
  };
}

/**
 * Two real instances: what a remote user does through their own client API (follow, favourite,
 * boost, their Undo, reply) federates and becomes notifications, counts and timelines here.
 */
t.test('remote follow, favourite, boost, reply and their Undo arrive as notifications and counts', async (t) => {
  const a = await testInstance(t, 'cr-a');
  const b = await testInstance(t, 'cr-b');
  const anna = await userOn(a, 'anna');
  const locked = await userOn(a, 'lena', true);
  const bob = await userOn(b, 'bob');

  const annaAtB = (await bob('GET', `/api/v2/search?q=@anna@${a.domain}&resolve=true`)).accounts[0];
  t.match(annaAtB, { acct: `anna@${a.domain}` }, 'resolved through WebFinger');
  await bob('POST', `/api/v1/accounts/${annaAtB.id}/follow`);
  const follow = await eventually('anna is told of the follow', async () => (await anna('GET', '/api/v1/notifications?types[]=follow'))[0]);
  t.match(follow, { type: 'follow', account: { acct: `bob@${b.domain}` } });

  const post = await anna('POST', '/api/v1/statuses', { status: 'Worth sharing' });
  const atB = await eventually("anna's post reaches bob's home", async () => (await bob('GET', '/api/v1/timelines/home')).find((s: Json) => s.uri === post.uri));
  await bob('POST', `/api/v1/statuses/${atB.id}/favourite`);
  const boost = await bob('POST', `/api/v1/statuses/${atB.id}/reblog`);
  t.match(boost, { reblog: { id: atB.id } });
  await eventually('favourite and reblog notified', async () => {
    const types = (await anna('GET', '/api/v1/notifications')).map((n: Json) => n.type);
    return types.includes('favourite') && types.includes('reblog');
  });
  t.match(await anna('GET', `/api/v1/statuses/${post.id}`), { favourites_count: 1, reblogs_count: 1 });

  // An edit reaches the follower on b as an Update.
  const reworded = await anna('PUT', `/api/v1/statuses/${post.id}`, { status: 'Worth sharing, reworded' });
  t.ok(reworded.edited_at);
  await eventually('b applied the Update', async () => /reworded/.test((await bob('GET', `/api/v1/statuses/${atB.id}`)).content));
  t.ok((await bob('GET', `/api/v1/statuses/${atB.id}`)).edited_at, 'b shows it as edited');

  await bob('POST', `/api/v1/statuses/${atB.id}/unfavourite`);
  await bob('POST', `/api/v1/statuses/${atB.id}/unreblog`);
  await eventually('the Undos arrived', async () => {
    const s = await anna('GET', `/api/v1/statuses/${post.id}`);
    return s.favourites_count === 0 && s.reblogs_count === 0;
  });
  const left = (await anna('GET', '/api/v1/notifications')).map((n: Json) => n.type);
  t.notOk(left.includes('favourite') || left.includes('reblog'), 'undone reactions withdraw their notifications');

  // A reply that does not even mention anna still tells her (it answers her post).
  const reply = await bob('POST', '/api/v1/statuses', { status: 'Agreed', in_reply_to_id: atB.id });
  const mention = await eventually('reply notified', async () => (await anna('GET', '/api/v1/notifications?types[]=mention')).find((n: Json) => n.status?.uri === reply.uri));
  t.match(mention, { status: { in_reply_to_id: post.id, content: /Agreed/ } });

  // A followed account replies to a post this server has never seen: the parent is fetched from its
  // origin, so the reply has its in_reply_to_id and the thread its ancestor.
  const bobAtA = (await anna('GET', `/api/v2/search?q=@bob@${b.domain}&resolve=true`)).accounts[0];
  await anna('POST', `/api/v1/accounts/${bobAtA.id}/follow`);
  await eventually('anna follows bob', async () => (await anna('GET', `/api/v1/accounts/relationships?id[]=${bobAtA.id}`))[0]?.following);
  const carl = await userOn(b, 'carl');
  const carlPost = await carl('POST', '/api/v1/statuses', { status: 'Unknown at a' });
  const bobReply = await bob('POST', '/api/v1/statuses', { status: 'Replying to carl', in_reply_to_id: carlPost.id });
  const threaded = await eventually("a fetched the reply's parent", async () => {
    const s = (await anna('GET', '/api/v1/timelines/home')).find((x: Json) => x.uri === bobReply.uri);
    return s?.in_reply_to_id ? s : undefined;
  });
  const parentAtA = await anna('GET', `/api/v1/statuses/${threaded.in_reply_to_id}`);
  t.match(parentAtA, { uri: carlPost.uri, account: { acct: `carl@${b.domain}` } });
  t.same((await anna('GET', `/api/v1/statuses/${threaded.id}/context`)).ancestors.map((x: Json) => x.uri), [carlPost.uri]);

  // A followed remote account boosts a post: the boost (with the post fetched from its origin) is in home.
  const carlSecond = await carl('POST', '/api/v1/statuses', { status: 'Carl again' });
  await bob('POST', `/api/v1/statuses/${carlSecond.id}/reblog`);
  const boosted = await eventually("bob's boost reaches anna's home", async () =>
    (await anna('GET', '/api/v1/timelines/home')).find((x: Json) => x.reblog?.uri === carlSecond.uri));
  t.match(boosted, { account: { acct: `bob@${b.domain}` }, reblog: { content: /Carl again/, account: { acct: `carl@${b.domain}` } } });

  // An edit of a post anna boosted: an `update` notification and a `status.update` on her stream.
  const edited = await bob('POST', '/api/v1/statuses', { status: 'First wording' });
  const editedAtA = await eventually("bob's post reaches a", async () => (await anna('GET', '/api/v1/timelines/home')).find((x: Json) => x.uri === edited.uri));
  await anna('POST', `/api/v1/statuses/${editedAtA.id}/reblog`);
  const stream = await openStream(`ws://${a.domain}/api/v1/streaming?stream=user`, anna.token);
  t.teardown(() => stream.close());
  const bobActor = (await b.it.deps.store.actors.getByUsername('bob', null))!;
  const object = (await b.it.deps.store.objects.getByUri(edited.uri))!;
  const update = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${edited.uri}#updates/1`, type: 'Update', actor: bobActor.uri, object: { ...object.data, '@context': undefined, content: '<p>Second wording</p>', updated: new Date().toISOString() } };
  const url = new URL(`http://${a.domain}/inbox`);
  const body = Buffer.from(JSON.stringify(update));
  t.equal((await fetch(url, { method: 'POST', body, headers: signRequest(actorSigner(bobActor), { method: 'POST', url, body }) })).status, 202);
  const changed = await stream.next((m) => m.event === 'status.update');
  t.match(JSON.parse(changed.payload), { id: editedAtA.id, content: '<p>Second wording</p>', edited_at: String });
  const told = await eventually('update notified', async () => (await anna('GET', '/api/v1/notifications?types[]=update'))[0]);
  t.match(told, { type: 'update', account: { acct: `bob@${b.domain}` }, status: { id: editedAtA.id } });

  // A locked account: a follow request notification, turned into a follow when authorized.
  const lenaAtB = (await bob('GET', `/api/v2/search?q=@lena@${a.domain}&resolve=true`)).accounts[0];
  await bob('POST', `/api/v1/accounts/${lenaAtB.id}/follow`);
  const request = await eventually('follow request notified', async () => (await locked('GET', '/api/v1/notifications'))[0]);
  t.match(request, { type: 'follow_request', account: { acct: `bob@${b.domain}` } });
  t.match(await locked('POST', `/api/v1/follow_requests/${request.account.id}/authorize`), { followed_by: true });
  t.same((await locked('GET', '/api/v1/notifications')).map((n: Json) => n.type), ['follow']);
  await eventually('b learns it was accepted', async () => (await bob('GET', `/api/v1/accounts/relationships?id[]=${lenaAtB.id}`))[0]?.following);
});
