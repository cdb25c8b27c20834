import t from 'tap';
import { makeApp } from '../helpers/app.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';

t.test('WebFinger', async (t) => {
  const { app, deps } = await makeApp(t);
  const host = deps.urls.host;

  t.test('acct: resource answers JRD with subject, aliases, self and profile links, CORS', async (t) => {
    const res = await app.inject({ url: `/.well-known/webfinger?resource=acct:jobcenter@${host}` });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^application\/jrd\+json/);
    t.equal(res.headers['access-control-allow-origin'], '*');
    const jrd = res.json();
    t.equal(jrd.subject, `acct:jobcenter@${host}`);
    t.same(jrd.aliases, [deps.urls.actor('jobcenter'), deps.urls.profile('jobcenter')]);
    t.same(jrd.links.find((l: { rel: string }) => l.rel === 'self'), { rel: 'self', type: 'application/activity+json', href: deps.urls.actor('jobcenter') });
    t.same(jrd.links.find((l: { rel: string }) => l.rel === 'http://webfinger.net/rel/profile-page'), { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: deps.urls.profile('jobcenter') });
  });

  t.test('username matches case-insensitively; subject uses the stored case', async (t) => {
    const res = await app.inject({ url: `/.well-known/webfinger?resource=acct:JobCenter@${host.toUpperCase()}` });
    t.equal(res.statusCode, 200);
    t.equal(res.json().subject, `acct:jobcenter@${host}`);
  });

  t.test('actor URL and profile URL are accepted as resources', async (t) => {
    for (const resource of [deps.urls.actor('jobcenter'), deps.urls.profile('jobcenter')]) {
      const res = await app.inject({ url: `/.well-known/webfinger?resource=${encodeURIComponent(resource)}` });
      t.equal(res.statusCode, 200, resource);
      t.equal(res.json().subject, `acct:jobcenter@${host}`);
    }
  });

  t.test('staff accounts resolve; the instance actor resolves by its URL', async (t) => {
    await createAccount(deps, { username: 'mette', password: 'correct horse battery' });
    t.equal((await app.inject({ url: `/.well-known/webfinger?resource=acct:mette@${host}` })).statusCode, 200);
    const res = await app.inject({ url: `/.well-known/webfinger?resource=${encodeURIComponent(deps.urls.instanceActor)}` });
    t.equal(res.statusCode, 200);
    t.equal(res.json().links.find((l: { rel: string }) => l.rel === 'self').href, deps.urls.instanceActor);
  });

  const cases: Array<[string, string, number, string]> = [
    ['missing resource', '', 400, 'RESOURCE_MISSING'],
    ['empty resource', '?resource=', 400, 'RESOURCE_MISSING'],
    ['no host', '?resource=acct:jobcenter', 400, 'RESOURCE_MALFORMED'],
    ['garbage', '?resource=acct:%3Cscript%3E@x', 400, 'RESOURCE_MALFORMED'],
    ['trailing at', '?resource=acct:jobcenter@', 400, 'RESOURCE_MALFORMED'],
    ['unknown user', `?resource=acct:nobody@${host}`, 404, 'ACCOUNT_NOT_FOUND'],
    ['another host', '?resource=acct:jobcenter@elsewhere.example', 404, 'RESOURCE_NOT_LOCAL'],
    ['URL on another host', `?resource=${encodeURIComponent('https://elsewhere.example/users/jobcenter')}`, 404, 'RESOURCE_NOT_LOCAL'],
  ];
  for (const [name, query, status, code] of cases) {
    t.test(`${name} -> ${status} problem+json`, async (t) => {
      const res = await app.inject({ url: `/.well-known/webfinger${query}` });
      t.equal(res.statusCode, status);
      t.match(res.headers['content-type'], /^application\/problem\+json/);
      const body = res.json();
      t.equal(body.code, code);
      t.equal(body.status, status);
      t.ok(body.detail.length > 10, 'a useful detail');
    });
  }
});

t.test('host-meta points at WebFinger', async (t) => {
  const { app, deps } = await makeApp(t);
  const res = await app.inject({ url: '/.well-known/host-meta' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/xrd\+xml/);
  t.match(res.body, `<Link rel="lrdd" template="${deps.urls.base}/.well-known/webfinger?resource={uri}"/>`);
});

t.test('NodeInfo discovery and documents carry real counts', async (t) => {
  const { app, deps } = await makeApp(t);
  const wk = (await app.inject({ url: '/.well-known/nodeinfo' })).json();
  t.same(wk.links.map((l: { rel: string }) => l.rel), [
    'http://nodeinfo.diaspora.software/ns/schema/2.0',
    'http://nodeinfo.diaspora.software/ns/schema/2.1',
  ]);
  t.same(wk.links.map((l: { href: string }) => l.href), [`${deps.urls.base}/nodeinfo/2.0`, `${deps.urls.base}/nodeinfo/2.1`]);

  const { user } = await createAccount(deps, { username: 'lars', password: 'correct horse battery' });
  await deps.store.users.update(user.id, { lastActiveAt: new Date().toISOString() });
  for (const version of ['2.0', '2.1']) {
    const res = await app.inject({ url: `/nodeinfo/${version}` });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${version}#"`);
    const doc = res.json();
    t.equal(doc.version, version);
    t.equal(doc.software.name, 'samspil');
    t.match(doc.software.version, /^\d+\.\d+\.\d+/);
    t.equal('repository' in doc.software, version === '2.1', 'repository only in 2.1');
    t.same(doc.protocols, ['activitypub']);
    t.same(doc.usage.users, { total: 2, activeMonth: 1, activeHalfyear: 1 }, 'admin + lars; lars was active');
    t.equal(doc.usage.localPosts, 0);
    t.equal(doc.openRegistrations, false);
    t.equal(doc.metadata.nodeName, 'Jobcenter Test');
  }
  t.equal((await app.inject({ url: '/nodeinfo/1.0' })).statusCode, 404);
});
