import t from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { makeDeps } from '../helpers/app.js';
import { freePort } from '../helpers/instances.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createFederation } from '../../src/activitypub/federation.js';
import { resolveActor, actorFromDocument } from '../../src/activitypub/fetch/remote-actor.js';
import { resolveActorByHandleOrUri } from '../../src/activitypub/fetch/webfinger.js';
import { keyResolver } from '../../src/activitypub/signatures/key-resolver.js';
import { KeyCache } from '../../src/activitypub/signatures/key-cache.js';
import { verifyRequest } from '../../src/activitypub/signatures/verify.js';

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

t.test('remote actors: signed fetch, validation, origin rules, key documents, WebFinger, cache', async (t) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const actorDoc = (name: string, extra: Record<string, unknown> = {}) => ({
    '@context': ['https://www.w3.org/ns/activitystreams'], id: `${base}/users/${name}`, type: 'Person', preferredUsername: name, name: `The ${name}`,
    summary: '<p>bio<script>evil()</script> <a href="https://x.example/" onclick="y()">link</a></p>',
    inbox: `${base}/users/${name}/inbox`, outbox: `${base}/users/${name}/outbox`, followers: `${base}/users/${name}/followers`,
    endpoints: { sharedInbox: `${base}/inbox` }, manuallyApprovesFollowers: true,
    publicKey: { id: `${base}/users/${name}#main-key`, owner: `${base}/users/${name}`, publicKeyPem: publicKey }, ...extra,
  });
  const deps = await makeDeps(t, { domain: 'local.test' });
  await ensureFirstStart(deps);
  const fed = createFederation(deps);
  t.teardown(() => fed.http.close());
  const instanceActor = (await deps.store.actors.getByUri(deps.urls.instanceActor))!;
  const instanceKeys = new KeyCache();
  instanceKeys.put(instanceActor.publicKeyId, instanceActor.publicKeyPem, instanceActor.uri);
  let fetches = 0;
  const unsignedGets: string[] = [];
  const send = (res: ServerResponse, status: number, doc?: unknown) => res.writeHead(status, { 'content-type': 'application/activity+json' }).end(doc ? JSON.stringify(doc) : undefined);
  const server = createServer(async (req: IncomingMessage, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/.well-known/webfinger')) {
      return res.writeHead(200, { 'content-type': 'application/jrd+json' }).end(JSON.stringify({
        subject: `acct:alice@127.0.0.1:${port}`, links: [{ rel: 'self', type: 'application/activity+json', href: `${base}/users/alice` }],
      }));
    }
    fetches++;
    try {
      await verifyRequest({ method: 'GET', url, headers: req.headers, rawBody: null }, async (id) => instanceKeys.get(id));
    } catch {
      unsignedGets.push(url);
    }
    switch (url) {
      case '/users/alice': return send(res, 200, actorDoc('alice'));
      case '/users/bob': return send(res, 200, actorDoc('bob', { inbox: 'http://elsewhere.example/inbox' }));
      case '/users/carol': return send(res, 200, actorDoc('carol', { publicKey: { id: `${base}/users/carol#main-key`, owner: `${base}/users/mallory`, publicKeyPem: publicKey } }));
      case '/users/dave': return send(res, 200, actorDoc('dave', { id: 'http://elsewhere.example/users/dave' }));
      case '/users/erin': return send(res, 200, actorDoc('erin', { publicKey: { id: `${base}/users/erin#main-key`, owner: `${base}/users/erin`, publicKeyPem: 'not a key' } }));
      case '/users/gone': return send(res, 410);
      case '/notes/1': return send(res, 200, { id: `${base}/notes/1`, type: 'Note' });
      case '/moved': return res.writeHead(302, { location: '/users/alice' }).end();
      case '/keys/frank': return send(res, 200, { id: `${base}/keys/frank`, owner: `${base}/users/frank`, publicKeyPem: publicKey });
      case '/users/frank': return send(res, 200, actorDoc('frank', { publicKey: { id: `${base}/keys/frank`, owner: `${base}/users/frank`, publicKeyPem: publicKey } }));
      default: return send(res, 404);
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));

  const alice = await resolveActor(fed, `${base}/users/alice`);
  t.equal(alice.domain, `127.0.0.1:${port}`);
  t.equal(alice.username, 'alice');
  t.equal(alice.sharedInbox, `${base}/inbox`);
  t.equal(alice.manuallyApprovesFollowers, true);
  t.equal(alice.privateKeyPem, null);
  t.equal(alice.summary, '<p>bio <a href="https://x.example/" rel="nofollow noopener noreferrer">link</a></p>', 'summary sanitized');
  t.same(unsignedGets, [], 'fetches are signed by the instance actor');
  const before = fetches;
  t.equal((await resolveActor(fed, `${base}/users/alice`)).id, alice.id, 'cached');
  t.equal(fetches, before, 'no refetch while fresh');

  t.equal((await resolveActor(fed, `${base}/moved`)).id, alice.id, 'a same-origin redirect is followed');
  await t.rejects(resolveActor(fed, `${base}/users/bob`), { code: 'BAD_INBOX' });
  await t.rejects(resolveActor(fed, `${base}/users/carol`), { code: 'KEY_OWNER' });
  await t.rejects(resolveActor(fed, `${base}/users/dave`), { code: 'ORIGIN_MISMATCH' });
  await t.rejects(resolveActor(fed, `${base}/users/erin`), { code: 'BAD_KEY' });
  await t.rejects(resolveActor(fed, `${base}/users/gone`), { code: 'GONE' });
  await t.rejects(resolveActor(fed, `${base}/notes/1`), { code: 'NOT_ACTOR' });
  t.equal(await deps.store.actors.getByUri(`${base}/users/bob`), undefined, 'invalid actors are not stored');

  const viaHandle = await resolveActorByHandleOrUri(fed, `@alice@127.0.0.1:${port}`);
  t.equal(viaHandle.id, alice.id, 'WebFinger leads to the same actor');

  // A keyId that is a separate key document leads to its owner.
  const resolve = keyResolver(fed);
  const key = await resolve(`${base}/keys/frank`, { refresh: false });
  t.equal(key?.owner, `${base}/users/frank`);
  t.equal((await deps.store.actors.getByKeyId(`${base}/keys/frank`))?.username, 'frank');
  t.equal(await resolve(`${base}/users/nobody#main-key`, { refresh: false }), undefined, 'unknown key: undefined, no throw');

  t.throws(() => actorFromDocument({ id: 'x', type: 'Person' }, new Date().toISOString()), { code: 'NO_USERNAME' });
});

t.test('remote usernames follow Mastodon\'s rule: nothing that could pass for another handle', async (t) => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const doc = (username: string) => ({
    id: 'https://remote.example/users/x', type: 'Person', preferredUsername: username, inbox: 'https://remote.example/users/x/inbox',
    publicKey: { id: 'https://remote.example/users/x#main-key', owner: 'https://remote.example/users/x', publicKeyPem: publicKey },
  });
  const now = new Date().toISOString();
  for (const ok of ['anna', 'Anna_B', 'anna.hansen', 'jobcenter-aarhus', 'a.b-c_d', '_x', '42']) {
    t.equal(actorFromDocument(doc(ok), now).username, ok, `${ok} is accepted`);
  }
  for (const bad of ['admin@samspil.aarhus.example', 'anna@', '@anna', 'anna hansen', '.anna', 'anna.', 'anna-', 'an/na', 'ånna', 'anna\u200b', 'samspil.aarhus.example:443']) {
    t.throws(() => actorFromDocument(doc(bad), now), { code: 'BAD_USERNAME' }, `${JSON.stringify(bad)} is refused`);
  }
});
