import t from 'tap';
import { createServer } from 'node:http';
// @ts-expect-error the ws package ships no types here; it comes with @fastify/websocket
import WebSocket from 'ws';
import { freePort, testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { putRemoteActor } from '../helpers/actors.js';
import { apiAs, sendAs, settled } from '../helpers/signed.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { instanceSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { newId } from '../../src/ids.js';

type Json = Record<string, any>;
interface Message { stream?: string[]; event?: string; payload?: string }

/** A real WebSocket on the streaming API that keeps every message it gets. */
async function stream(i: TestInstance, token: string | null, streams: string[]) {
  const ws = new WebSocket(`ws://${i.domain}/api/v1/streaming`, token ? [token] : undefined);
  const messages: Message[] = [];
  ws.on('message', (d: Buffer) => messages.push(JSON.parse(String(d)) as Message));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  for (const s of streams) ws.send(JSON.stringify({ type: 'subscribe', stream: s }));
  // Messages are handled in order: the error answering a bad subscription proves the others took.
  ws.send(JSON.stringify({ type: 'subscribe', stream: 'nonsense' }));
  await eventually('the subscriptions took', () => messages.some((m) => (m as Json).error === 'Unknown stream type'));
  return { messages, close: () => ws.close(), text: () => JSON.stringify(messages) };
}

/** All items of an OrderedCollection, page by page (bounded). */
async function collectionItems(url: string): Promise<Json[]> {
  const col = await (await fetch(url, { headers: { accept: 'application/activity+json' } })).json() as Json;
  const items: Json[] = [];
  let next: string | undefined = col.first;
  for (let n = 0; next && n < 20; n++) {
    const page = await (await fetch(next, { headers: { accept: 'application/activity+json' } })).json() as Json;
    items.push(...page.orderedItems);
    next = page.next;
  }
  return items;
}

const PRIVATE_WORDS = 'followers-only words';
const DIRECT_WORDS = 'direct words for carl and arne';
const LOCAL_DM_WORDS = 'between anna and arne alone';
const REPLY_WORDS = 'a private reply bert may not read';
/** Any of the private texts above. */
const SECRET = /followers-only words|direct words for carl|between anna and arne|private reply bert/;

/**
 * Followers-only and direct posts across three real instances. Anna on A writes; Bob on B follows
 * her; Carl on C is mentioned in a direct post; Arne on A is mentioned in another; Bert (B), Cleo
 * (C) and Ada (A) are bystanders on the same servers. Outgoing: never served by id, never in the
 * outbox or on public pages, delivered only to followers / the mentioned with Mastodon's to/cc.
 * Incoming: shown (API, streams, notifications) only to those allowed.
 */
t.test('followers-only and direct posts reach only those allowed, and nothing else shows them', async (t) => {
  const a = await testInstance(t, 'priv-a');
  const b = await testInstance(t, 'priv-b');
  const c = await testInstance(t, 'priv-c');
  for (const [i, names] of [[a, ['anna', 'arne', 'ada', 'alf']], [b, ['bob', 'bert']], [c, ['carl', 'cleo']]] as const) {
    for (const username of names) await createAccount(i.it.deps, { username, password: 'correct horse battery' });
  }
  const [anna, arne, ada, alf, bob, bert, carl, cleo] = await Promise.all([
    apiAs(a, 'anna'), apiAs(a, 'arne'), apiAs(a, 'ada'), apiAs(a, 'alf'), apiAs(b, 'bob'), apiAs(b, 'bert'), apiAs(c, 'carl'), apiAs(c, 'cleo'),
  ]);
  const annaActor = (await a.it.deps.store.actors.getByUsername('anna', null))!;

  // A loopback sink that follows Anna too: it must get the followers-only post, never the direct one.
  const port = await freePort();
  const sinkBodies: Json[] = [];
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (ch: Buffer) => chunks.push(ch));
    req.on('end', () => {
      if (req.method === 'POST') sinkBodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => sink.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => sink.close(() => r())));
  const sinkHost = `127.0.0.1:${port}`;
  const sinkActor = await putRemoteActor(a.it.deps.store, 'sink', sinkHost, { uri: `http://${sinkHost}/users/sink`, inbox: `http://${sinkHost}/users/sink/inbox`, sharedInbox: null });
  const now = new Date().toISOString();
  await a.it.deps.store.follows.put({ id: newId(), uri: `${sinkActor.uri}#follows/1`, followerId: sinkActor.id, followeeId: annaActor.id, state: 'accepted', createdAt: now, updatedAt: now });

  // Bob follows Anna (accepted).
  await followActor(b.it.fed, 'bob', `@anna@${a.domain}`);
  await eventually('Bob follows Anna', async () => {
    const them = await b.it.deps.store.actors.getByUri(annaActor.uri);
    const me = (await b.it.deps.store.actors.getByUsername('bob', null))!;
    return them && (await b.it.deps.store.follows.getByPair(me.id, them.id))?.state === 'accepted';
  });

  // Alf, on A, follows Anna too: he may read her followers-only posts, never a DM that does not name him.
  t.match(await alf('POST', `/api/v1/accounts/${annaActor.id}/follow`), { following: true });

  // Streams opened before anything is posted: Bob's and Bert's at B, Carl's and Cleo's at C, Arne's and Ada's at A, and anonymous public ones.
  const streams = {
    bob: await stream(b, bob.token, ['user']), bert: await stream(b, bert.token, ['user', 'public']), anonB: await stream(b, null, ['public']),
    carl: await stream(c, carl.token, ['user']), cleo: await stream(c, cleo.token, ['user', 'public']),
    arne: await stream(a, arne.token, ['user']), ada: await stream(a, ada.token, ['user', 'public']), alf: await stream(a, alf.token, ['user']),
  };
  t.teardown(() => Object.values(streams).forEach((s) => s.close()));

  const pub = await anna('POST', '/api/v1/statuses', { status: 'a public post' });
  const priv = await anna('POST', '/api/v1/statuses', { status: PRIVATE_WORDS, visibility: 'private' });
  const dm = await anna('POST', '/api/v1/statuses', { status: `@carl@${c.domain} @arne ${DIRECT_WORDS}`, visibility: 'direct' });
  const localDm = await anna('POST', '/api/v1/statuses', { status: `@arne ${LOCAL_DM_WORDS}`, visibility: 'direct' });
  t.match([priv.visibility, dm.visibility, localDm.visibility], ['private', 'direct', 'direct']);
  const carlUri = `http://${c.domain}/users/carl`;
  const arneUri = `http://${a.domain}/users/arne`;

  await t.test('outgoing: delivered only to followers / the mentioned, with Mastodon\'s to and cc', async (t) => {
    const deliveries = async (status: Json) => (await a.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === `${status.uri}/activity`);
    const settledJobs = async (status: Json, n: number) => eventually(`deliveries of ${status.id}`, async () => {
      const jobs = await deliveries(status);
      return jobs.length === n && jobs.every((j) => j.state === 'done') ? jobs : undefined;
    });
    const privJobs = await settledJobs(priv, 2);
    t.same(privJobs.map((j) => j.payload.inbox).sort(), [`http://${b.domain}/inbox`, sinkActor.inbox].sort(), 'followers-only: the followers\' inboxes (B, the sink), not C');
    const dmJobs = await settledJobs(dm, 1);
    t.same(dmJobs.map((j) => j.payload.inbox), [`http://${c.domain}/inbox`], 'direct: the mentioned remote account\'s server only');
    t.same(await deliveries(localDm), [], 'a direct post to a local account goes nowhere');
    const privBody = JSON.parse(String(privJobs[0]!.payload.body)) as Json;
    t.same([privBody.to, privBody.cc, privBody.object.to, privBody.object.cc], [[annaActor.followersUri], [], [annaActor.followersUri], []], 'followers-only: to the followers, no Public anywhere');
    const dmBody = JSON.parse(String(dmJobs[0]!.payload.body)) as Json;
    t.same([new Set(dmBody.object.to), dmBody.object.cc], [new Set([carlUri, arneUri]), []], 'direct: to the mentioned, nothing in cc');
    t.notOk(JSON.stringify(dmBody).includes(PUBLIC) || JSON.stringify(dmBody).includes(String(annaActor.followersUri)), 'neither Public nor the followers');
    await eventually('the sink got the public and followers-only posts', () => sinkBodies.length >= 2);
    t.same(new Set(sinkBodies.map((x) => x.object?.id)), new Set([pub.uri, priv.uri]), 'the sink (a follower) got exactly the public and the followers-only post');
    // What B and C stored.
    const atB = await eventually('B stored the followers-only post', () => b.it.deps.store.objects.getByUri(priv.uri));
    const atC = await eventually('C stored the direct post', () => c.it.deps.store.objects.getByUri(dm.uri));
    t.equal(atB.visibility, 'private');
    t.equal(atC.visibility, 'direct');
    await settled(b);
    await settled(c);
    t.equal(await b.it.deps.store.objects.getByUri(dm.uri), undefined, 'B never got the direct post');
    t.equal(await c.it.deps.store.objects.getByUri(priv.uri), undefined, 'C never got the followers-only post');
    t.equal(await b.it.deps.store.objects.getByUri(localDm.uri), undefined);
    t.equal(await c.it.deps.store.objects.getByUri(localDm.uri), undefined);
  });

  await t.test('outgoing: refused on fetch by id, signed or not; absent from the outbox and public pages', async (t) => {
    const signer = await instanceSigner(b.it.deps);
    for (const status of [priv, dm, localDm]) {
      for (const url of [status.uri, `${status.uri}/activity`]) {
        const unsigned = await fetch(url, { headers: { accept: 'application/activity+json' } });
        const body = await unsigned.text();
        t.equal(unsigned.status, 404, `${url} unsigned: 404`);
        t.notOk(SECRET.test(body) || body.includes('"content"'), 'no content');
        const u = new URL(url);
        const signed = await fetch(u, { headers: { accept: 'application/activity+json', ...signRequest(signer, { method: 'GET', url: u }) } });
        const signedBody = await signed.text();
        t.equal(signed.status, 404, `${url} signed by a follower's server: 404 all the same`);
        t.notOk(SECRET.test(signedBody) || signedBody.includes('"content"'), 'no content');
      }
    }
    // The control: the public post is served.
    t.equal((await fetch(pub.uri, { headers: { accept: 'application/activity+json' } })).status, 200, 'the public post is served by id');

    const outbox = await collectionItems(`${annaActor.uri}/outbox`);
    t.same(outbox.map((x) => x.object?.id), [pub.uri], 'the outbox lists the public post only');
    const pages = [`/@anna`, `/@anna/${priv.id}`, `/@anna/${dm.id}`, `/users/anna`, `/users/anna/statuses/${priv.id}`, `/users/anna/statuses/${dm.id}`, `/users/anna/outbox?page=true`];
    for (const path of pages) {
      for (const accept of ['text/html', 'application/activity+json']) {
        const res = await fetch(`http://${a.domain}${path}`, { headers: { accept } });
        const text = await res.text();
        t.notOk(SECRET.test(text), `${path} (${accept}, ${res.status}): no private words`);
      }
    }
    // The public API without a token.
    const anon = async (path: string) => {
      const res = await fetch(`http://${a.domain}${path}`);
      return { status: res.status, text: await res.text() };
    };
    for (const status of [priv, dm, localDm]) {
      for (const path of [`/api/v1/statuses/${status.id}`, `/api/v1/statuses/${status.id}/context`, `/api/v1/statuses/${status.id}/favourited_by`]) t.equal((await anon(path)).status, 404, `anonymous ${path}: 404`);
    }
    for (const path of ['/api/v1/timelines/public', '/api/v1/timelines/public?local=true', `/api/v1/accounts/${annaActor.id}/statuses`, `/api/v1/statuses?id[]=${priv.id}&id[]=${dm.id}`]) {
      const { text } = await anon(path);
      t.notOk(SECRET.test(text), `anonymous ${path}: no private post`);
    }
  });

  await t.test('incoming at B: the followers-only post shows to Bob, not to Bert or anyone anonymous', async (t) => {
    const atB = (await b.it.deps.store.objects.getByUri(priv.uri))!;
    t.match(await bob('GET', `/api/v1/statuses/${atB.id}`), { visibility: 'private', content: new RegExp(PRIVATE_WORDS) }, 'Bob may read it');
    t.ok((await bob('GET', '/api/v1/timelines/home')).some((s: Json) => s.id === atB.id), 'in Bob\'s home');
    t.equal(await bert.status('GET', `/api/v1/statuses/${atB.id}`), 404, 'Bert: 404');
    t.equal(await bert.status('GET', `/api/v1/statuses/${atB.id}/context`), 404);
    t.equal((await fetch(`http://${b.domain}/api/v1/statuses/${atB.id}`)).status, 404, 'anonymous: 404');
    const annaAtB = await bert('GET', `/api/v1/accounts/lookup?acct=anna@${a.domain}`);
    for (const [who, call] of [['Bert', bert], ['Bob', bob]] as const) {
      const seen = JSON.stringify([
        await call('GET', '/api/v1/timelines/public'), await call('GET', `/api/v1/timelines/tag/x`),
        who === 'Bert' ? await call('GET', '/api/v1/timelines/home') : [], who === 'Bert' ? await call('GET', `/api/v1/accounts/${annaAtB.id}/statuses`) : [],
        await call('GET', '/api/v1/notifications'), who === 'Bert' ? await call('GET', `/api/v2/search?q=${encodeURIComponent(priv.uri)}`) : [],
      ]);
      t.notOk(seen.includes(PRIVATE_WORDS), `${who}: not on public timelines${who === 'Bert' ? ', home, Anna\'s account, search or' : ' or'} notifications`);
    }
    t.ok((await bob('GET', `/api/v1/accounts/${annaAtB.id}/statuses`)).some((s: Json) => s.id === atB.id), 'on Anna\'s account page for her follower');
    const context = await bert('GET', `/api/v1/statuses/${(await b.it.deps.store.objects.getByUri(pub.uri))!.id}/context`);
    t.notOk(JSON.stringify(context).includes(PRIVATE_WORDS), 'nor in a thread Bert may read');
  });

  await t.test('incoming at B: a followers-only reply to Bert\'s post tells Bert nothing (he does not follow Anna)', async (t) => {
    const bertPost = await bert('POST', '/api/v1/statuses', { status: 'Bert asks in public' });
    const replyId = `${annaActor.uri}/statuses/private-reply`;
    t.equal(await sendAs(a, 'anna', b, {
      id: `${replyId}/activity`, type: 'Create', actor: annaActor.uri, to: [annaActor.followersUri], cc: [],
      object: { id: replyId, type: 'Note', attributedTo: annaActor.uri, inReplyTo: bertPost.uri, to: [annaActor.followersUri], cc: [], content: `<p>${REPLY_WORDS}</p>`, published: new Date().toISOString() },
    }), 202, 'a followers-only reply, delivered to the server of Anna\'s follower Bob');
    const reply = await eventually('B stored the reply', () => b.it.deps.store.objects.getByUri(replyId));
    await settled(b);
    t.equal(reply.visibility, 'private');
    t.notOk(JSON.stringify(await bert('GET', '/api/v1/notifications')).includes(REPLY_WORDS), 'no notification shows Bert the reply');
    t.notOk(JSON.stringify(await bert('GET', `/api/v1/statuses/${bertPost.id}/context`)).includes(REPLY_WORDS), 'his thread does not show it');
    t.equal(await bert.status('GET', `/api/v1/statuses/${reply.id}`), 404);
    t.same((await bob('GET', `/api/v1/statuses/${bertPost.id}/context`)).descendants.map((s: Json) => s.id), [reply.id], 'Bob, a follower, sees it in the thread');
  });

  await t.test('incoming at B: a post Bert boosted turned followers-only: his update notification does not show it', async (t) => {
    const open = await anna('POST', '/api/v1/statuses', { status: 'public for now' });
    const atB = await eventually('B stored it', () => b.it.deps.store.objects.getByUri(open.uri));
    await bert('POST', `/api/v1/statuses/${atB.id}/reblog`);
    const narrowed = { ...atB.data, '@context': undefined, to: [annaActor.followersUri], cc: [], content: `<p>${PRIVATE_WORDS} (edited)</p>`, updated: new Date().toISOString() };
    t.equal(await sendAs(a, 'anna', b, { id: `${open.uri}#updates/1`, type: 'Update', actor: annaActor.uri, to: [annaActor.followersUri], object: narrowed }), 202);
    await eventually('the edit applied', async () => (await b.it.deps.store.objects.getByUri(open.uri))?.visibility === 'private');
    await settled(b);
    t.notOk(JSON.stringify(await bert('GET', '/api/v1/notifications')).includes('(edited)'), 'no update notification with the now followers-only text');
    t.notOk(JSON.stringify(await bert('GET', '/api/v1/timelines/home')).includes('(edited)'), 'his boost no longer shows it in home');
    t.equal(await bert.status('GET', `/api/v1/statuses/${atB.id}`), 404);
  });

  await t.test('incoming at C: the direct post shows to Carl, not to Cleo', async (t) => {
    const atC = (await c.it.deps.store.objects.getByUri(dm.uri))!;
    t.match(await carl('GET', `/api/v1/statuses/${atC.id}`), { visibility: 'direct', content: new RegExp(DIRECT_WORDS) });
    const told = await eventually('Carl is told', async () => (await carl('GET', '/api/v1/notifications')).find((n: Json) => n.status?.id === atC.id));
    t.match(told, { type: 'mention', account: { acct: `anna@${a.domain}` } });
    t.ok((await carl('GET', '/api/v1/conversations')).some((x: Json) => x.last_status?.id === atC.id), 'in Carl\'s conversations');
    t.equal(await cleo.status('GET', `/api/v1/statuses/${atC.id}`), 404, 'Cleo: 404');
    t.equal(await cleo.status('GET', `/api/v1/statuses/${atC.id}/context`), 404);
    t.equal((await fetch(`http://${c.domain}/api/v1/statuses/${atC.id}`)).status, 404, 'anonymous: 404');
    const seen = JSON.stringify([
      await cleo('GET', '/api/v1/timelines/home'), await cleo('GET', '/api/v1/timelines/public'), await cleo('GET', '/api/v1/notifications'), await cleo('GET', '/api/v1/conversations'),
      await cleo('GET', `/api/v1/accounts/${(await cleo('GET', `/api/v1/accounts/lookup?acct=anna@${a.domain}`)).id}/statuses`),
      await cleo('GET', `/api/v2/search?q=${encodeURIComponent(dm.uri)}`),
    ]);
    t.notOk(seen.includes(DIRECT_WORDS), 'nowhere in Cleo\'s API');
  });

  await t.test('at A: a third local user never sees a DM between two others', async (t) => {
    const told = await eventually('Arne is told', async () => (await arne('GET', '/api/v1/notifications')).find((n: Json) => n.status?.id === localDm.id));
    t.match(told, { type: 'mention', account: { acct: 'anna' } });
    t.match(await arne('GET', `/api/v1/statuses/${localDm.id}`), { content: new RegExp(LOCAL_DM_WORDS) });
    for (const s of [localDm, dm, priv]) t.equal(await ada.status('GET', `/api/v1/statuses/${s.id}`), 404, `Ada: ${s.id} is 404`);
    const seen = JSON.stringify([
      await ada('GET', '/api/v1/timelines/home'), await ada('GET', '/api/v1/timelines/public'), await ada('GET', '/api/v1/notifications'), await ada('GET', '/api/v1/conversations'),
      await ada('GET', `/api/v1/accounts/${annaActor.id}/statuses`), await ada('GET', `/api/v1/statuses/${pub.id}/context`),
    ]);
    t.notOk(SECRET.test(seen), 'nowhere in Ada\'s API');
    // Alf follows Anna: her followers-only post is his to read, the DMs are not.
    t.match(await alf('GET', `/api/v1/statuses/${priv.id}`), { content: new RegExp(PRIVATE_WORDS) });
    for (const s of [localDm, dm]) t.equal(await alf.status('GET', `/api/v1/statuses/${s.id}`), 404, `Alf, a follower: ${s.id} is 404`);
    const alfSees = JSON.stringify([await alf('GET', '/api/v1/timelines/home'), await alf('GET', '/api/v1/notifications'), await alf('GET', '/api/v1/conversations'), await alf('GET', `/api/v1/accounts/${annaActor.id}/statuses`)]);
    t.ok(alfSees.includes(PRIVATE_WORDS), 'Alf\'s home has the followers-only post');
    t.notOk(alfSees.includes(DIRECT_WORDS) || alfSees.includes(LOCAL_DM_WORDS), 'but neither DM');
  });

  await t.test('streams carry each post only to those allowed', async (t) => {
    // A public sentinel, posted last: once every public stream has it, whatever came before has been sent.
    const sentinel = await anna('POST', '/api/v1/statuses', { status: 'sentinel' });
    const sB = (await eventually('B has the sentinel', () => b.it.deps.store.objects.getByUri(sentinel.uri))).id;
    const has = (s: { messages: Message[] }, id: string) => s.messages.some((m) => m.payload && m.payload.includes(`"id":"${id}"`));
    await eventually('B\'s public streams have the sentinel', () => has(streams.bert, sB) && has(streams.anonB, sB));
    await eventually('A\'s public stream has the sentinel', () => has(streams.ada, sentinel.id));
    await eventually('Carl\'s stream has his notification', () => streams.carl.messages.some((m) => m.event === 'notification' && m.payload?.includes(DIRECT_WORDS)));
    await eventually('Arne\'s stream has his notification', () => streams.arne.messages.some((m) => m.event === 'notification' && m.payload?.includes(LOCAL_DM_WORDS)));
    await eventually('Bob\'s home stream has the followers-only post', () => streams.bob.messages.some((m) => m.event === 'update' && m.payload?.includes(PRIVATE_WORDS)));
    t.ok(true, 'those allowed got theirs');
    t.notOk(SECRET.test(streams.bert.text()), 'Bert\'s user and public streams: nothing private');
    t.notOk(SECRET.test(streams.anonB.text()), 'B\'s anonymous public stream: nothing private');
    t.notOk(SECRET.test(streams.ada.text()), 'Ada\'s user and public streams: nothing private');
    t.notOk(SECRET.test(streams.cleo.text()), 'Cleo\'s streams: nothing private');
    t.notOk(streams.bob.text().includes(DIRECT_WORDS) || streams.bob.text().includes(LOCAL_DM_WORDS), 'Bob\'s stream: no direct post');
    t.notOk(streams.carl.text().includes(PRIVATE_WORDS), 'Carl\'s stream: no followers-only post');
    t.notOk(streams.arne.text().includes(PRIVATE_WORDS), 'Arne (not a follower): no followers-only post');
    await eventually('Alf\'s home stream has the followers-only post', () => streams.alf.messages.some((m) => m.event === 'update' && m.payload?.includes(PRIVATE_WORDS)));
    await eventually('Alf\'s home stream has the sentinel', () => has(streams.alf, sentinel.id));
    t.notOk(streams.alf.text().includes(DIRECT_WORDS) || streams.alf.text().includes(LOCAL_DM_WORDS), 'Alf (a follower, not named): no DM on his stream');
  });
});
