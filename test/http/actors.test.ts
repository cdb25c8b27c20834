import t from 'tap';
import { createPublicKey } from 'node:crypto';
import { makeApp } from '../helpers/app.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';

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

t.test('outbox, followers, following, featured are paged OrderedCollections', async (t) => {
  const { app, deps } = await makeApp(t);
  for (const name of ['outbox', 'followers', 'following', 'collections/featured']) {
    const id = `${deps.urls.actor('jobcenter')}/${name}`;
    const col = await app.inject({ url: `/users/jobcenter/${name}`, headers: { accept: AS } });
    t.equal(col.statusCode, 200, name);
    t.same(col.json(), { '@context': 'https://www.w3.org/ns/activitystreams', id, type: 'OrderedCollection', totalItems: 0, first: `${id}?page=true` });
    const page = (await app.inject({ url: `/users/jobcenter/${name}?page=true`, headers: { accept: AS } })).json();
    t.equal(page.type, 'OrderedCollectionPage');
    t.equal(page.partOf, id);
    t.same(page.orderedItems, []);
    t.notOk(page.next, 'no next page when empty');
  }
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
