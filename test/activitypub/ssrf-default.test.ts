import t from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { freePort, testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { tempDir } from '../helpers/config.js';
import { inwardName } from '../helpers/inward-name.js';
import { putRemoteActor } from '../helpers/actors.js';
import { apiAs, settled } from '../helpers/signed.js';
import { loadConfig } from '../../src/config/load.js';
import { resolveActor } from '../../src/activitypub/fetch/remote-actor.js';
import { webfinger } from '../../src/activitypub/fetch/webfinger.js';
import { fetchRemotePost } from '../../src/activitypub/fetch/remote-post.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { signerFor, signRequest, type Signer } from '../../src/activitypub/signatures/sign.js';
import { AS_CONTEXT, PUBLIC } from '../../src/activitypub/vocab/context.js';
import { newId } from '../../src/ids.js';

type Json = Record<string, any>;
const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

async function signedPost(domain: string, signer: Signer, activity: Json): Promise<{ status: number; code?: string }> {
  const url = new URL(`http://${domain}/inbox`);
  const body = Buffer.from(JSON.stringify({ '@context': AS_CONTEXT, ...activity }));
  const res = await fetch(url, { method: 'POST', body, headers: signRequest(signer, { method: 'POST', url, body, contentType: 'application/activity+json' }) });
  const text = await res.text();
  return { status: res.status, code: text ? (JSON.parse(text) as Json).code : undefined };
}

/**
 * The SSRF guard as production runs it: an instance started through the real startInstance path
 * with `allowPrivateAddresses` left at its default (off). A loopback "sink" serves everything a
 * federation peer would (WebFinger, an actor with its key, a post, a picture, inboxes), so with the
 * guard off every step below would succeed; with it on, each is refused and the sink hears nothing.
 */
t.test('with the production default, actor, WebFinger, post and media fetches and deliveries to inward targets are refused', async (t) => {
  const defaults = loadConfig({ env: {}, configDir: undefined, overrides: { domain: 'samspil.agency.example', dataDir: tempDir(t) } });
  t.equal(defaults.allowPrivateAddresses, false, 'the production default is off');

  const port = await freePort();
  const sinkBase = `http://127.0.0.1:${port}`;
  const sam = keyPair();
  const heard: string[] = [];
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => res.writeHead(status, { 'content-type': type }).end(body);
  const sink = createServer((req: IncomingMessage, res) => {
    heard.push(`${req.method} ${req.headers.host} ${req.url}`);
    req.resume();
    const base = `http://${req.headers.host}`;
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST') return send(res, 202, 'text/plain', '');
    if (path === '/.well-known/webfinger') {
      return send(res, 200, 'application/jrd+json', JSON.stringify({ subject: `acct:sam@${req.headers.host}`, links: [{ rel: 'self', type: 'application/activity+json', href: `${base}/users/sam` }] }));
    }
    if (path === '/users/sam') {
      return send(res, 200, 'application/activity+json', JSON.stringify({
        '@context': AS_CONTEXT, id: `${base}/users/sam`, type: 'Person', preferredUsername: 'sam', inbox: `${base}/users/sam/inbox`, endpoints: { sharedInbox: `${base}/inbox` },
        followers: `${base}/users/sam/followers`, publicKey: { id: `${base}/users/sam#main-key`, owner: `${base}/users/sam`, publicKeyPem: sam.publicKey },
      }));
    }
    if (path === '/users/sam/statuses/1') {
      return send(res, 200, 'application/activity+json', JSON.stringify({ id: `${base}/users/sam/statuses/1`, type: 'Note', attributedTo: `${base}/users/sam`, to: [PUBLIC], content: '<p>from inside</p>' }));
    }
    if (path === '/media/pic.png') return send(res, 200, 'image/png', Buffer.from('89504e470d0a1a0a', 'hex'));
    return send(res, 404, 'text/plain', 'not here');
  });
  await new Promise<void>((r) => sink.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => sink.close(() => r())));

  // The guarded instance: nothing but the one setting the test config would otherwise lift.
  const g = await testInstance(t, 'ssrf-guarded', { allowPrivateAddresses: false });
  t.equal(g.config.allowPrivateAddresses, defaults.allowPrivateAddresses, 'the instance runs with the production default');
  await createAccount(g.it.deps, { username: 'gina', password: 'correct horse battery' });
  const gina = await apiAs(g, 'gina');
  const fed = g.it.fed;
  // Inward spellings of the sink and of the cloud metadata service. Only 127.0.0.1 would answer (the sink listens there).
  const inward = [sinkBase, `http://localhost:${port}`, `http://[::ffff:127.0.0.1]:${port}`, `http://127.1:${port}`, `http://[::1]:${port}`, 'http://169.254.169.254'];
  // And a name that only the DNS-answer check can stop, when this machine has one.
  const named = await inwardName();
  if (named) inward.push(`http://${named.name}:${port}`);
  else t.comment('no host name here resolves inward: the DNS-answer path is covered by test/activitypub/fetch-guard.test.ts only where one does');

  await t.test('actor fetch', async (t) => {
    for (const base of inward) {
      await t.rejects(resolveActor(fed, `${base}/users/sam`), { code: 'BLOCKED_ADDRESS' }, `${base}: refused`);
      t.equal(await g.it.deps.store.actors.getByUri(`${base}/users/sam`), undefined, `${base}: nothing stored`);
    }
    const found = await gina('GET', `/api/v2/search?q=${encodeURIComponent(`${sinkBase}/users/sam`)}&resolve=true`);
    t.same(found.accounts, [], 'the search API resolves nothing');
    // A signed inbox POST whose key lives on the sink: the key fetch is refused, so is the POST.
    const refused = await signedPost(g.domain, signerFor(`${sinkBase}/users/sam#main-key`, sam.privateKey), {
      id: `${sinkBase}/users/sam#likes/1`, type: 'Like', actor: `${sinkBase}/users/sam`, object: `http://${g.domain}/users/agency`,
    });
    t.same(refused, { status: 401, code: 'KEY_UNKNOWN' }, 'an inbox POST keyed on an inward host: 401, its key was never fetched');
  });

  await t.test('WebFinger', async (t) => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      await t.rejects(webfinger(fed, `sam@${host}`), { code: 'BLOCKED_ADDRESS' }, `${host}: refused`);
      await t.rejects(followActor(fed, 'gina', `@sam@${host}`), { code: 'ACTOR_UNREACHABLE' }, `following @sam@${host} fails`);
    }
    const found = await gina('GET', `/api/v2/search?q=${encodeURIComponent(`@sam@127.0.0.1:${port}`)}&resolve=true`);
    t.same(found.accounts, [], 'the search API resolves no handle');
    t.equal(await g.it.deps.store.follows.countFollowing((await g.it.deps.store.actors.getByUsername('gina', null))!.id, 'pending'), 0, 'no follow stored');
  });

  // A remote peer we already know (its key is stored, so no fetch is needed to verify it) points us inward.
  const peer = keyPair();
  const r = await putRemoteActor(g.it.deps.store, 'rita', 'remote.example', { publicKeyPem: peer.publicKey });
  const rita = signerFor(r.publicKeyId, peer.privateKey);
  const samPost = `${sinkBase}/users/sam/statuses/1`;

  await t.test('post fetch', async (t) => {
    await t.rejects(fetchRemotePost(fed, samPost), { code: 'BLOCKED_ADDRESS' }, 'a direct fetch is refused');
    t.same(await signedPost(g.domain, rita, { id: `${r.uri}/statuses/boost/activity`, type: 'Announce', actor: r.uri, to: [PUBLIC], object: samPost }), { status: 202, code: undefined },
      'an Announce of an inward post is accepted');
    t.same(await signedPost(g.domain, rita, {
      id: `${r.uri}/statuses/reply/activity`, type: 'Create', actor: r.uri, to: [PUBLIC],
      object: { id: `${r.uri}/statuses/reply`, type: 'Note', attributedTo: r.uri, inReplyTo: `http://localhost:${port}/users/sam/statuses/1`, to: [PUBLIC], content: '<p>a reply</p>' },
    }), { status: 202, code: undefined }, 'a reply to an inward post is accepted (the reply is the peer\'s own)');
    await settled(g);
    for (const uri of [samPost, `http://localhost:${port}/users/sam/statuses/1`]) {
      const job = (await g.it.deps.store.jobs.getByKey(`fetch-post:${uri}`))!;
      t.equal(job?.state, 'dead', `the fetch of ${uri} is given up at once`);
      t.match(job?.lastError, /BLOCKED_ADDRESS/);
      t.equal(job?.attempts, 1, 'and never retried');
      t.equal(await g.it.deps.store.objects.getByUri(uri), undefined, 'nothing stored');
    }
    t.ok(await g.it.deps.store.objects.getByUri(`${r.uri}/statuses/reply`), 'the peer\'s own reply is stored');
    const lookup = await gina('GET', `/api/v2/search?q=${encodeURIComponent(samPost)}&resolve=true`);
    t.same(lookup.statuses, [], 'the search API fetches no inward post');
  });

  await t.test('media: remote attachments on inward hosts are kept as links, never fetched', async (t) => {
    const id = `${r.uri}/statuses/picture`;
    t.equal((await signedPost(g.domain, rita, {
      id: `${id}/activity`, type: 'Create', actor: r.uri, to: [PUBLIC],
      object: { id, type: 'Note', attributedTo: r.uri, to: [PUBLIC], content: '<p>look</p>', attachment: [{ type: 'Image', mediaType: 'image/png', url: `${sinkBase}/media/pic.png`, name: 'a picture' }] },
    })).status, 202);
    const stored = await eventually('the post with a picture is stored', () => g.it.deps.store.objects.getByUri(id));
    const status = await gina('GET', `/api/v1/statuses/${stored.id}`);
    t.match(status.media_attachments, [{ type: 'image', remote_url: `${sinkBase}/media/pic.png` }], 'shown as the origin\'s link');
    const timeline = await gina('GET', '/api/v1/timelines/public');
    t.ok(timeline.some((s: Json) => s.id === stored.id), 'and on the public timeline');
  });

  await t.test('delivery', async (t) => {
    const agency = (await g.it.deps.store.actors.getByUsername('agency', null))!;
    const inboxes = [`${sinkBase}/users/sam/inbox`, `http://localhost:${port}/inbox`, `http://[::ffff:7f00:1]:${port}/inbox`, ...(named ? [`http://${named.name}:${port}/inbox`] : [])];
    for (const [i, inbox] of inboxes.entries()) {
      const host = new URL(inbox).host;
      const follower = await putRemoteActor(g.it.deps.store, `f${i}`, host, { uri: `http://${host}/users/f${i}`, inbox, sharedInbox: null });
      const now = new Date().toISOString();
      await g.it.deps.store.follows.put({ id: newId(), uri: `http://${host}/follows/${i}`, followerId: follower.id, followeeId: agency.id, state: 'accepted', createdAt: now, updatedAt: now });
    }
    const { activity } = await publishNote(fed, 'agency', { text: 'for our followers, wherever they claim to be' });
    const deliveries = await eventually('every delivery settled', async () => {
      const jobs = (await g.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === activity.id);
      return jobs.length === inboxes.length && jobs.every((j) => j.state === 'dead' || j.state === 'done') ? jobs : undefined;
    });
    for (const job of deliveries) {
      t.equal(job.state, 'dead', `${job.payload.inbox}: given up`);
      t.match(job.lastError, /BLOCKED_ADDRESS/, 'refused by the guard');
      t.equal(job.attempts, 1, 'at once, not retried');
    }
  });

  t.same(heard, [], 'the loopback sink received no request at all');

  // The control: the same sink answers an instance that allows private addresses (as the other
  // tests run), so the silence above is the guard's doing, not a dead sink.
  const open = await testInstance(t, 'ssrf-open');
  const reached = await resolveActor(open.it.fed, `${sinkBase}/users/sam`);
  t.equal(reached.username, 'sam', 'with allowPrivateAddresses on, the sink\'s actor resolves');
  t.ok(heard.length > 0, 'and the sink heard it');
});
