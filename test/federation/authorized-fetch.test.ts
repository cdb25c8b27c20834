import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { setDomainPolicy } from '../../src/domain/policy/domains.js';

const AS = 'application/activity+json';

t.test('authorized-fetch mode: collections need a valid signature from a federating server', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b', { authorizedFetch: true });
  const followersUrl = new URL(`http://${b.domain}/users/agency/followers`);

  const unsigned = await fetch(followersUrl, { headers: { accept: AS } });
  t.equal(unsigned.status, 401);
  t.match(unsigned.headers.get('content-type'), /^application\/problem\+json/);
  t.match(((await unsigned.json()) as { detail: string }).detail, /requires signed fetches/);

  const signerA = actorSigner((await a.it.deps.store.actors.getByUri(a.it.deps.urls.instanceActor))!);
  const signed = await fetch(followersUrl, { headers: { accept: AS, ...signRequest(signerA, { method: 'GET', url: followersUrl }) } });
  t.equal(signed.status, 200, 'signed by a server we federate with');
  t.equal(((await signed.json()) as { type: string }).type, 'OrderedCollection');

  const pageUrl = new URL(`http://${b.domain}/users/agency/outbox?page=true`);
  const tampered = signRequest(signerA, { method: 'GET', url: new URL(`http://${b.domain}/users/agency/following`) });
  t.equal((await fetch(pageUrl, { headers: { accept: AS, ...tampered } })).status, 401, 'a signature for another path does not verify');

  t.equal((await fetch(`http://${b.domain}/users/agency`, { headers: { accept: AS } })).status, 200, 'actor documents stay public: keys must be fetchable');
  t.equal((await fetch(`http://${b.domain}/.well-known/webfinger?resource=acct:agency@${b.domain}`)).status, 200);

  // Federation still works with a secure-mode peer: our fetches are signed by the instance actor.
  await followActor(a.it.fed, 'agency', `@agency@${b.domain}`);
  await eventually('A follows B', async () => {
    const bOnA = await a.it.deps.store.actors.getByUsername('agency', b.domain);
    const me = await a.it.deps.store.actors.getByUsername('agency', null);
    return bOnA && (await a.it.deps.store.follows.getByPair(me!.id, bOnA.id))?.state === 'accepted';
  });

  await setDomainPolicy(b.it.deps, { domain: a.domain, action: 'block', by: 'admin' });
  const blocked = await fetch(followersUrl, { headers: { accept: AS, ...signRequest(signerA, { method: 'GET', url: followersUrl }) } });
  t.equal(blocked.status, 403, 'a valid signature from a blocked server is refused');
  t.equal(((await blocked.json()) as { code: string }).code, 'DOMAIN_BLOCKED');
});

t.test('without authorized-fetch, collections are public', async (t) => {
  const a = await testInstance(t, 'open');
  t.equal((await fetch(`http://${a.domain}/users/agency/followers`, { headers: { accept: AS } })).status, 200);
});
