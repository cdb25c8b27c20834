import t from 'tap';
import { createPublicKey } from 'node:crypto';
import { makeApp } from '../helpers/app.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { testInstance } from '../helpers/instances.js';
import { putRemoteActor } from '../helpers/actors.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { postStatus } from '../../src/domain/statuses/post-status.js';
import { newId } from '../../src/ids.js';
import { settled } from '../helpers/signed.js';

const AS = 'application/activity+json';
const LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

t.test('actor document has every field interop.md lists', async (t) => {
  const { app, deps } = await makeApp(t);
  const res = await app.inject({ url: '/users/jobcenter', headers: { accept: AS } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/activity\+json/);
  t.match(res.headers.vary, /Accept/);
  const a = res.json();
  const uri = deps.urls.actor('jobcenter');
  t.same(a['@context'].slice(0, 2), ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1']);
  t.match(a['@context'][2], {
    manuallyApprovesFollowers: 'as:manuallyApprovesFollowers', toot: 'http://joinmastodon.org/ns#',
    discoverable: 'toot:discoverable', indexable: 'toot:indexable', featured: { '@id': 'toot:featured', '@type': '@id' },
    PropertyValue: 'schema:PropertyValue', schema: 'http://schema.org#', value: 'schema:value',
  });
  t.equal(a.id, uri);
  t.equal(a.type, 'Organization', 'the agency is an Organization');
  t.equal(a.preferredUsername, 'jobcenter');
  t.equal(a.name, 'Jobcenter Test');
  t.equal(typeof a.summary, 'string');
  t.equal(a.url, deps.urls.profile('jobcenter'));
  t.equal(a.inbox, `${uri}/inbox`);
  t.equal(a.outbox, `${uri}/outbox`);
  t.equal(a.followers, `${uri}/followers`);
  t.equal(a.following, `${uri}/following`);
  t.equal(a.featured, `${uri}/collections/featured`);
  t.same(a.endpoints, { sharedInbox: `${deps.urls.base}/inbox` });
  t.equal(a.publicKey.id, `${uri}#main-key`);
  t.equal(a.publicKey.owner, uri);
  const key = createPublicKey(a.publicKey.publicKeyPem);
  t.equal(key.asymmetricKeyType, 'rsa');
  t.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  t.equal(a.manuallyApprovesFollowers, false);
  t.equal(a.discoverable, true);
  t.equal(a.indexable, true);
  t.ok(!Number.isNaN(Date.parse(a.published)));
  t.same(a.attachment, []);
  t.notOk(JSON.stringify(a).includes('PRIVATE KEY'), 'no private key in the document');
});

t.test('staff are Person actors; profile fields become PropertyValue attachments', async (t) => {
  const { app, deps } = await makeApp(t);
  const { actor } = await createAccount(deps, { username: 'mette', password: 'correct horse battery', displayName: 'Mette Sørensen' });
  await deps.store.actors.update(actor.id, { fields: [{ name: 'Role', value: 'Case <worker>' }] });
  const a = (await app.inject({ url: '/users/mette', headers: { accept: AS } })).json();
  t.equal(a.type, 'Person');
  t.equal(a.name, 'Mette Sørensen');
  t.same(a.attachment, [{ type: 'PropertyValue', name: 'Role', value: 'Case &lt;worker&gt;' }]);
});

t.test('content negotiation', async (t) => {
  const { app, deps } = await makeApp(t);
  const cases: Array<[string, string | undefined, number, RegExp]> = [
    ['activity+json', AS, 200, /^application\/activity\+json/],
    ['ld+json with the AS2 profile', LD, 200, /^application\/activity\+json/],
    ['Mastodon\'s own Accept', 'application/activity+json, application/ld+json', 200, /^application\/activity\+json/],
    ['plain application/json', 'application/json', 200, /^application\/activity\+json/],
    ['no Accept at all', undefined, 200, /^application\/activity\+json/],
  ];
  for (const [name, accept, status, type] of cases) {
    const res = await app.inject({ url: '/users/jobcenter', headers: accept ? { accept } : {} });
    t.equal(res.statusCode, status, name);
    t.match(res.headers['content-type'], type, name);
  }
  const browser = await app.inject({ url: '/users/jobcenter', headers: { accept: BROWSER } });
  t.equal(browser.statusCode, 302, 'a browser is sent to the profile page');
  t.equal(browser.headers.location, deps.urls.profile('jobcenter'));

  const page = await app.inject({ url: '/@jobcenter', headers: { accept: BROWSER } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /<h1 class="ds-heading p-name"[^>]*>Jobcenter Test<\/h1>/);
  t.match(page.body, `@jobcenter@${deps.urls.host}`);
  t.match(page.body, `<link rel="alternate" type="application/activity+json" href="${deps.urls.actor('jobcenter')}">`);

  const asFromProfile = await app.inject({ url: '/@jobcenter', headers: { accept: AS } });
  t.equal(asFromProfile.json().id, deps.urls.actor('jobcenter'), 'the profile URL also answers AS2');

  for (const accept of ['image/png', 'application/xml', 'application/ld+json; profile="https://example.org/other"']) {
    const res = await app.inject({ url: '/users/jobcenter', headers: { accept } });
    t.equal(res.statusCode, 406, `Accept ${accept} -> 406`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.equal(res.json().code, 'NOT_ACCEPTABLE');
  }
});

t.test('display names are escaped in the HTML profile', async (t) => {
  const { app, deps } = await makeApp(t);
  const { actor } = await createAccount(deps, { username: 'eve', password: 'correct horse battery', displayName: '<script>alert(1)</script>' });
  t.ok(actor);
  const page = await app.inject({ url: '/@eve', headers: { accept: BROWSER } });
  t.notMatch(page.body, '<script>alert(1)</script>');
  t.match(page.body, '&lt;script&gt;alert(1)&lt;/script&gt;');
});

t.test('unknown actors are 404 in every representation', async (t) => {
  const { app } = await makeApp(t);
  for (const url of ['/users/nobody', '/@nobody', '/users/nobody/outbox', '/users/nobody/followers']) {
    const res = await app.inject({ url, headers: { accept: AS } });
    t.equal(res.statusCode, 404, url);
    t.equal(res.json().code, 'ACCOUNT_NOT_FOUND', url);
  }
});

t.test('outbox, followers, following, featured are paged OrderedCollections, read from the store', async (t) => {
  // The real instance (startInstance wires the store-backed collections), over HTTP: not the
  // empty-collection stub a bare buildApp falls back to.
  const i = await testInstance(t, 'collections');
  const { store } = i.it.deps;
  const agency = (await store.actors.getByUsername('agency', null))!;
  const base = `http://${i.domain}`;
  const get = async (path: string) => {
    const res = await fetch(path.startsWith('http') ? path : `${base}${path}`, { headers: { accept: AS } });
    t.equal(res.status, 200, path);
    t.match(res.headers.get('content-type'), /^application\/activity\+json/);
    return (await res.json()) as Record<string, any>;
  };
  /** Every item, following `next` from `first` (bounded: at most 10 pages). */
  const walk = async (collection: Record<string, any>) => {
    const items: unknown[] = [];
    let next: string | undefined = collection.first;
    const pages: number[] = [];
    for (let n = 0; next && n < 10; n++) {
      const page = await get(next);
      t.equal(page.type, 'OrderedCollectionPage');
      t.equal(page.partOf, collection.id);
      items.push(...page.orderedItems);
      pages.push(page.orderedItems.length);
      next = page.next;
    }
    t.notOk(next, 'the last page has no next');
    return { items, pages };
  };

  // Nothing yet: each collection is an empty OrderedCollection with one empty page.
  for (const name of ['outbox', 'followers', 'following', 'collections/featured']) {
    const id = `${agency.uri}/${name}`;
    const col = await get(`/users/agency/${name}`);
    t.same(col, { '@context': 'https://www.w3.org/ns/activitystreams', id, type: 'OrderedCollection', totalItems: 0, first: `${id}?page=true` }, `${name}: empty`);
    t.same((await walk(col)).items, [], `${name}: no items`);
  }

  // 22 public notes and one followers-only post; 21 followers (two of them pending) and 2 followees.
  const creates: string[] = [];
  for (let n = 0; n < 22; n++) creates.push(String((await publishNote(i.it.fed, 'agency', { text: `note ${n}` })).activity.id));
  const hidden = await postStatus(i.it.fed, agency, { text: 'for followers only', visibility: 'private' });
  await settled(i, ['fanout']); // with no followers yet: nothing to deliver
  const now = () => new Date().toISOString();
  const followers: string[] = [];
  for (let n = 0; n < 23; n++) {
    const f = await putRemoteActor(store, `f${n}`, 'remote.example');
    await store.follows.put({ id: newId(), uri: `${f.uri}#follows/1`, followerId: f.id, followeeId: agency.id, state: n < 21 ? 'accepted' : 'pending', createdAt: now(), updatedAt: now() });
    if (n < 21) followers.push(f.uri);
  }
  const followees: string[] = [];
  for (let n = 0; n < 2; n++) {
    const f = await putRemoteActor(store, `g${n}`, 'other.example');
    await store.follows.put({ id: newId(), uri: `${agency.uri}#follows/g${n}`, followerId: agency.id, followeeId: f.id, state: 'accepted', createdAt: now(), updatedAt: now() });
    followees.push(f.uri);
  }

  const outbox = await get('/users/agency/outbox');
  t.equal(outbox.totalItems, 22, 'the outbox counts the public posts only');
  const o = await walk(outbox);
  t.same(o.pages, [20, 2], 'two pages of at most 20');
  t.same(o.items.map((a: any) => a.id), [...creates].reverse(), 'every public Create, newest first, each once');
  t.ok(o.items.every((a: any) => a.type === 'Create' && a.object.type === 'Note' && a.actor === agency.uri), 'items are the Create activities with their notes');
  t.notOk(JSON.stringify(o.items).includes(hidden.uri), 'the followers-only post is not listed');

  const fcol = await get('/users/agency/followers');
  t.equal(fcol.totalItems, 21, 'accepted followers only');
  const f = await walk(fcol);
  t.same(f.pages, [20, 1]);
  t.same(f.items, [...followers].reverse(), 'actor ids, newest first');

  const gcol = await get('/users/agency/following');
  t.equal(gcol.totalItems, 2);
  t.same((await walk(gcol)).items, [...followees].reverse());
  t.same((await walk(await get('/users/agency/collections/featured'))).items, [], 'nothing is featured');

  // The profile page counts from the same collections.
  const page = await (await fetch(`${base}/@agency`, { headers: { accept: BROWSER, 'accept-language': 'da' } })).text();
  t.match(page, 'Opslag: 22 · Følgere: 21 · Følger: 2');
});

t.test('the instance actor signs fetches: an Application with a key, not followable', async (t) => {
  const { app, deps } = await makeApp(t);
  const a = (await app.inject({ url: '/actor', headers: { accept: AS } })).json();
  t.equal(a.id, deps.urls.instanceActor);
  t.equal(a.type, 'Application');
  t.equal(a.publicKey.id, `${deps.urls.instanceActor}#main-key`);
  t.equal(a.publicKey.owner, deps.urls.instanceActor);
  t.equal(a.manuallyApprovesFollowers, true);
  t.equal(a.inbox, `${deps.urls.instanceActor}/inbox`);
  t.equal((await app.inject({ url: `/users/${a.preferredUsername}`, headers: { accept: AS } })).statusCode, 404, 'not exposed as a user');
});
