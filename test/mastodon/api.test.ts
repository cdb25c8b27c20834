import t from 'tap';
import { inflateSync } from 'node:zlib';
import { newId } from '../../src/ids.js';
import { MASTODON_COMPAT_VERSION } from '../../src/version.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { authorize, loginWithCode, makeLoggedApp, registerClient } from './helpers.js';
import { png } from '../helpers/images.js';

t.test('Mastodon client API over HTTP', async (t) => {
  const { app, deps } = await makeLoggedApp(t);
  const client = await registerClient(app);
  const token = await loginWithCode(app, client, 'read write follow');
  const auth = { authorization: `Bearer ${token.access_token}` };
  const get = (url: string, headers: Record<string, string> = auth) => app.inject({ method: 'GET', url, headers });

  // A remote actor as federation would cache it.
  const remote = await deps.store.actors.put({
    id: newId(), uri: 'https://remote.example/users/rita', username: 'rita', domain: 'remote.example', type: 'Person',
    displayName: 'Rita', summary: '<p>Remote bio</p>', url: 'https://remote.example/@rita', inbox: 'https://remote.example/users/rita/inbox',
    sharedInbox: null, outbox: null, followersUri: null, followingUri: null, featuredUri: null, publicKeyId: 'https://remote.example/users/rita#main-key',
    publicKeyPem: 'PEM', privateKeyPem: null, manuallyApprovesFollowers: true, discoverable: true, indexable: false, avatarUrl: 'https://remote.example/a.png',
    headerUrl: null, fields: [{ name: 'Web', value: '<a href="https://r.example">r.example</a>', verifiedAt: null }], raw: {}, fetchedAt: null, suspendedAt: null,
  });

  await t.test('instance v1 and v2 carry the version, limits, streaming URL and contact account', async (t) => {
    const v1 = await get('/api/v1/instance', {});
    t.equal(v1.statusCode, 200);
    const i1 = v1.json();
    t.match(i1, {
      uri: 'test.localhost', title: 'Jobcenter Test', version: MASTODON_COMPAT_VERSION, urls: { streaming_api: 'ws://test.localhost' },
      stats: { user_count: 2, status_count: 0, domain_count: 1 }, languages: ['en'], registrations: false, rules: [],
      configuration: { statuses: { max_characters: 5000, max_media_attachments: 4, characters_reserved_per_url: 23 }, polls: { max_options: 4 } },
      contact_account: { username: 'jobcenter', acct: 'jobcenter', display_name: 'Jobcenter Test' },
    });
    t.match(i1.configuration.media_attachments.supported_mime_types, ['image/jpeg']);
    const v2 = (await get('/api/v2/instance', {})).json();
    t.match(v2, {
      domain: 'test.localhost', version: MASTODON_COMPAT_VERSION, source_url: String,
      configuration: { urls: { streaming: 'ws://test.localhost' }, statuses: { max_characters: 5000 }, translation: { enabled: false }, vapid: { public_key: String } },
      registrations: { enabled: false, approval_required: false }, contact: { account: { username: 'jobcenter' } }, rules: [],
      thumbnail: { url: 'http://test.localhost/headers/original/missing.png' },
    });
    t.same((await get('/api/v1/instance/peers', {})).json(), ['remote.example']);
    t.same((await get('/api/v1/instance/rules', {})).json(), []);
    t.same((await get('/api/v1/custom_emojis', {})).json(), []);
  });

  await t.test('CORS: any origin on /api and the token endpoints, preflight answered, Link exposed; not on the login page', async (t) => {
    const ok = await get('/api/v1/instance', { origin: 'https://elk.zone' });
    t.equal(ok.headers['access-control-allow-origin'], '*');
    t.match(ok.headers['access-control-expose-headers'], /\bLink\b/);
    const unauth = await get('/api/v1/accounts/verify_credentials', { origin: 'https://elk.zone' });
    t.equal(unauth.statusCode, 401);
    t.equal(unauth.headers['access-control-allow-origin'], '*', 'errors are readable cross-origin too');
    const pre = await app.inject({ method: 'OPTIONS', url: '/api/v1/accounts/update_credentials', headers: { origin: 'https://elk.zone', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' } });
    t.equal(pre.statusCode, 204);
    t.equal(pre.headers['access-control-allow-origin'], '*');
    t.match(pre.headers['access-control-allow-methods'], /PATCH/);
    t.equal(pre.headers['access-control-allow-headers'], 'authorization,content-type');
    const tokenPre = await app.inject({ method: 'OPTIONS', url: '/oauth/token', headers: { origin: 'https://elk.zone', 'access-control-request-method': 'POST' } });
    t.equal(tokenPre.statusCode, 204);
    const page = await get(`/oauth/authorize?client_id=${client.client_id}`, { origin: 'https://evil.example' });
    t.equal(page.headers['access-control-allow-origin'], undefined);
  });

  await t.test('unknown routes and records are Mastodon JSON 404s', async (t) => {
    const route = await get('/api/v1/no/such/thing');
    t.equal(route.statusCode, 404);
    t.equal(route.headers['content-type'], 'application/json; charset=utf-8');
    t.same(route.json(), { error: 'Not Found' });
    const post = await app.inject({ method: 'POST', url: '/api/v9/whatever', payload: {} });
    t.same(post.json(), { error: 'Not Found' });
    const record = await get('/api/v1/accounts/99999999');
    t.equal(record.statusCode, 404);
    t.same(record.json(), { error: 'Record not found' });
    t.same((await get('/api/v1/accounts/not-an-id')).json(), { error: 'Record not found' });
    const oauthUnknown = await app.inject({ method: 'GET', url: '/oauth/nothing' });
    t.same(oauthUnknown.json(), { error: 'Not Found' });
    const outside = await app.inject({ method: 'GET', url: '/nothing-here' });
    t.match(outside.headers['content-type'], /application\/problem\+json/, 'the rest of the app keeps problem+json');
  });

  await t.test('verify_credentials: the Account entity with source and role', async (t) => {
    const r = await get('/api/v1/accounts/verify_credentials');
    t.equal(r.statusCode, 200);
    const a = r.json();
    t.match(a, {
      id: String, username: 'anna', acct: 'anna', display_name: 'Anna Berg', locked: false, bot: false, group: false, discoverable: true,
      indexable: true, noindex: false, note: '', url: 'http://test.localhost/@anna', uri: 'http://test.localhost/users/anna',
      avatar: 'http://test.localhost/avatars/original/missing.png', avatar_static: 'http://test.localhost/avatars/original/missing.png',
      header: 'http://test.localhost/headers/original/missing.png', followers_count: 0, following_count: 0, statuses_count: 0,
      last_status_at: null, emojis: [], fields: [], roles: [],
      source: { privacy: 'public', sensitive: false, language: null, note: '', fields: [], follow_requests_count: 0 },
      role: { permissions: String },
    });
    t.match(a.created_at, /^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    const profileOnly = await loginWithCode(app, await registerClient(app, 'https://p.example/cb', 'profile'), 'profile');
    t.equal((await get('/api/v1/accounts/verify_credentials', { authorization: `Bearer ${profileOnly.access_token}` })).statusCode, 200, 'the profile scope is enough here');
    t.equal((await get('/api/v1/preferences', { authorization: `Bearer ${profileOnly.access_token}` })).statusCode, 403, 'but not elsewhere');
  });

  await t.test('update_credentials: JSON, form with Rails nesting, and multipart (as masto sends it)', async (t) => {
    const json = await app.inject({
      method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: auth,
      payload: { display_name: 'Anna B', note: 'Works on <jobs> & training.\nSee https://example.org/a.', locked: true, fields_attributes: [{ name: 'Team', value: 'Youth <desk>' }, { name: '', value: '' }], source: { privacy: 'unlisted', sensitive: true, language: 'da' } },
    });
    t.equal(json.statusCode, 200, json.body);
    const a = json.json();
    t.equal(a.display_name, 'Anna B');
    t.equal(a.note, '<p>Works on &lt;jobs&gt; &amp; training.<br>See <a href="https://example.org/a" rel="nofollow noopener noreferrer" target="_blank">https://example.org/a</a>.</p>');
    t.equal(a.source.note, 'Works on <jobs> & training.\nSee https://example.org/a.');
    t.equal(a.locked, true);
    t.same(a.fields, [{ name: 'Team', value: 'Youth &lt;desk&gt;', verified_at: null }]);
    t.same(a.source.fields, [{ name: 'Team', value: 'Youth <desk>', verified_at: null }]);
    t.match(a.source, { privacy: 'unlisted', sensitive: true, language: 'da' });
    const stored = await deps.store.actors.getByUsername('anna', null);
    t.equal(stored!.manuallyApprovesFollowers, true, 'the actor itself changed (federation sends Update from it)');

    const viaForm = await app.inject({
      method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'locked=false&bot=1&fields_attributes%5B0%5D%5Bname%5D=Site&fields_attributes%5B0%5D%5Bvalue%5D=https%3A%2F%2Fjc.example&source%5Bprivacy%5D=private',
    });
    t.equal(viaForm.statusCode, 200, viaForm.body);
    t.match(viaForm.json(), { locked: false, bot: true, source: { privacy: 'private', language: 'da' } });
    t.equal(viaForm.json().fields[0].value, '<a href="https://jc.example" rel="nofollow noopener noreferrer" target="_blank">https://jc.example</a>');

    const fd = new FormData();
    fd.append('display_name', 'Anna Multipart');
    fd.append('bot', 'false');
    fd.append('fields_attributes[0][name]', 'Phone');
    fd.append('fields_attributes[0][value]', '555');
    const req = new Request('http://x/', { method: 'PATCH', body: fd });
    const mp = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: { ...auth, 'content-type': req.headers.get('content-type')! }, payload: Buffer.from(await req.arrayBuffer()) });
    t.equal(mp.statusCode, 200, mp.body);
    t.match(mp.json(), { display_name: 'Anna Multipart', bot: false, fields: [{ name: 'Phone', value: '555' }] });

    const tooLong = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: auth, payload: { display_name: 'x'.repeat(31) } });
    t.equal(tooLong.statusCode, 422);
    t.same(tooLong.json(), { error: 'Validation failed: Display name is too long (maximum is 30 characters)' });
    const nul = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: auth, payload: { display_name: 'Anna\u0000' } });
    t.equal(nul.statusCode, 422, 'a control character in the name is refused');
    t.same(nul.json(), { error: 'Validation failed: Profile text contains characters that are not allowed' });
    const badPrivacy = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: auth, payload: { source: { privacy: 'direct' } } });
    t.equal(badPrivacy.statusCode, 422);
    const badBool = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: auth, payload: { locked: 'maybe' } });
    t.equal(badBool.statusCode, 422);
    const withFile = new FormData();
    withFile.append('avatar', new Blob([Buffer.from('x')], { type: 'image/png' }), 'a.png');
    const fileReq = new Request('http://x/', { method: 'PATCH', body: withFile });
    const upload = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: { ...auth, 'content-type': fileReq.headers.get('content-type')! }, payload: Buffer.from(await fileReq.arrayBuffer()) });
    t.equal(upload.statusCode, 422, 'a file that is not a picture is refused');
    t.match(upload.json().error, /^Validation failed: an avatar or header is a JPEG, PNG, GIF or WebP image/);
    t.equal((await deps.store.actors.getByUsername('anna', null))!.displayName, 'Anna Multipart', 'refused updates changed nothing');
    t.equal((await deps.store.actors.getByUsername('anna', null))!.avatarUrl, null, 'and stored no picture');

    const withPictures = new FormData();
    withPictures.append('display_name', 'Anna med billede');
    withPictures.append('avatar', new Blob([png(64, 64)], { type: 'image/png' }), 'anna.png');
    withPictures.append('header', new Blob([png(300, 100)], { type: 'image/png' }), 'banner.png');
    const picReq = new Request('http://x/', { method: 'PATCH', body: withPictures });
    const pictured = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: { ...auth, 'content-type': picReq.headers.get('content-type')! }, payload: Buffer.from(await picReq.arrayBuffer()) });
    t.equal(pictured.statusCode, 200, pictured.body);
    const account = pictured.json();
    t.equal(account.display_name, 'Anna med billede');
    t.match(account.avatar, /\/media\/.+/, 'the avatar is the uploaded picture');
    t.match(account.header, /\/media\/.+/);
    const avatarFile = await app.inject({ url: new URL(account.avatar).pathname });
    t.equal(avatarFile.statusCode, 200);
    t.equal(avatarFile.headers['content-type'], 'image/png', 'served as the picture it is');
    const updates = (await deps.store.jobs.list({ type: 'fanout', limit: 10 })).filter((j) => /"type":"Update"/.test(String(j.payload.body)) && /"icon"/.test(String(j.payload.body)));
    t.ok(updates.length >= 1, 'the change goes to the followers as Update(actor), with the new picture');
    const removed = await app.inject({ method: 'DELETE', url: '/api/v1/profile/avatar', headers: auth });
    t.equal(removed.statusCode, 200);
    t.match(removed.json().avatar, /missing|default|avatar/, 'DELETE /api/v1/profile/avatar puts the default back');
    t.equal((await deps.store.actors.getByUsername('anna', null))!.avatarUrl, null);
    const other = new FormData();
    other.append('note', 'hej');
    other.append('attachment', new Blob([png(8, 8)], { type: 'image/png' }), 'x.png');
    const otherReq = new Request('http://x/', { method: 'PATCH', body: other });
    const wrongField = await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: { ...auth, 'content-type': otherReq.headers.get('content-type')! }, payload: Buffer.from(await otherReq.arrayBuffer()) });
    t.equal(wrongField.statusCode, 415, 'a file in another field is refused');
    await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: auth, payload: { display_name: 'Anna Multipart' } });
  });

  await t.test('preferences reflect the saved posting defaults', async (t) => {
    const p = (await get('/api/v1/preferences')).json();
    t.same(p, {
      'posting:default:visibility': 'private', 'posting:default:sensitive': true, 'posting:default:language': 'da',
      'posting:default:quote_policy': 'public', 'reading:expand:media': 'default', 'reading:expand:spoilers': false, 'reading:autoplay:gifs': false,
    });
  });

  await t.test('accounts: by id, lookup, search, relationships, familiar_followers', async (t) => {
    const anna = (await get('/api/v1/accounts/verify_credentials')).json();
    const byId = await get(`/api/v1/accounts/${anna.id}`, {});
    t.equal(byId.statusCode, 200, 'public without a token');
    t.equal(byId.json().source, undefined, 'no source for others');
    const rita = (await get(`/api/v1/accounts/${remote.id}`)).json();
    t.match(rita, { acct: 'rita@remote.example', locked: true, noindex: true, note: '<p>Remote bio</p>', avatar: 'https://remote.example/a.png', url: 'https://remote.example/@rita' });
    t.same(rita.fields, [{ name: 'Web', value: '<a href="https://r.example">r.example</a>', verified_at: null }], 'remote field HTML kept as sanitized');

    t.equal((await get('/api/v1/accounts/lookup?acct=anna', {})).json().id, anna.id);
    t.equal((await get('/api/v1/accounts/lookup?acct=%40anna%40test.localhost', {})).json().id, anna.id);
    t.equal((await get('/api/v1/accounts/lookup?acct=rita%40remote.example', {})).json().id, remote.id);
    t.same((await get('/api/v1/accounts/lookup?acct=ghost')).json(), { error: 'Record not found' });
    const noAcct = await get('/api/v1/accounts/lookup');
    t.equal(noAcct.statusCode, 400);
    t.same(noAcct.json(), { error: 'param is missing or the value is empty: acct' });

    t.same((await get('/api/v1/accounts/search?q=ann')).json().map((a: { acct: string }) => a.acct), ['anna']);
    t.same((await get('/api/v1/accounts/search?q=job')).json().map((a: { acct: string }) => a.acct), ['jobcenter']);
    t.same((await get('/api/v1/accounts/search?q=rita%40remote.example')).json().map((a: { acct: string }) => a.acct), ['rita@remote.example']);
    t.same((await get('/api/v1/accounts/search?q=zzz')).json(), []);
    t.equal((await get('/api/v1/accounts/search?q=ann', {})).statusCode, 401);

    const rel = await get(`/api/v1/accounts/relationships?id[]=${remote.id}&id[]=${anna.id}&id[]=424242`);
    t.equal(rel.statusCode, 200);
    t.same(rel.json().map((r: { id: string }) => r.id), [remote.id, anna.id], 'unknown ids are left out, order kept');
    t.match(rel.json()[0], { following: false, followed_by: false, requested: false, blocking: false, muting: false, note: '' });
    t.same((await get(`/api/v1/accounts/relationships?id=${remote.id}`)).json().map((r: { id: string }) => r.id), [remote.id]);
    t.same((await get(`/api/v1/accounts/familiar_followers?id[]=${remote.id}`)).json(), [{ id: remote.id, accounts: [] }]);
    t.same((await get(`/api/v1/accounts/${anna.id}/featured_tags`, {})).json(), []);
    t.same((await get(`/api/v1/accounts/${remote.id}/lists`)).json(), []);
    t.equal((await get('/api/v1/accounts/424242/featured_tags')).statusCode, 404);
    t.equal((await get(`/api/v1/accounts/${anna.id}/lists`, {})).statusCode, 401);
  });

  await t.test('markers are stored per user and versioned', async (t) => {
    t.same((await get('/api/v1/markers?timeline[]=home&timeline[]=notifications')).json(), {});
    const save = await app.inject({ method: 'POST', url: '/api/v1/markers', headers: auth, payload: { home: { last_read_id: '103' } } });
    t.equal(save.statusCode, 200);
    t.match(save.json(), { home: { last_read_id: '103', version: 1, updated_at: String } });
    await app.inject({ method: 'POST', url: '/api/v1/markers', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'home%5Blast_read_id%5D=110&notifications%5Blast_read_id%5D=7' });
    const both = (await get('/api/v1/markers?timeline[]=home&timeline[]=notifications')).json();
    t.match(both, { home: { last_read_id: '110', version: 2 }, notifications: { last_read_id: '7', version: 1 } });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/markers', headers: auth, payload: { home: {} } });
    t.equal(bad.statusCode, 422);
    t.match(bad.json().error, /^Validation failed: .*last_read_id/);
  });

  await t.test('start-up lists answer 200 [] with a token and 401 without (trends are public)', async (t) => {
    for (const path of ['/api/v2/filters', '/api/v1/filters', '/api/v1/followed_tags', '/api/v1/announcements', '/api/v1/blocks', '/api/v1/mutes',
      '/api/v1/domain_blocks', '/api/v1/conversations', '/api/v1/scheduled_statuses', '/api/v1/featured_tags', '/api/v1/suggestions', '/api/v2/suggestions']) {
      const r = await get(path);
      t.equal(r.statusCode, 200, path);
      t.same(r.json(), [], path);
      t.equal((await get(path, {})).statusCode, 401, `${path} needs a token`);
    }
    for (const path of ['/api/v1/trends', '/api/v1/trends/tags', '/api/v1/trends/statuses', '/api/v1/trends/links']) {
      t.same((await get(path, {})).json(), [], path);
    }
  });

  await t.test('lists: create, read, rename, delete; owners only; Mastodon validation', async (t) => {
    t.same((await get('/api/v1/lists')).json(), []);
    const created = await app.inject({ method: 'POST', url: '/api/v1/lists', headers: auth, payload: { title: 'Partners', exclusive: true } });
    t.equal(created.statusCode, 200);
    const list = created.json();
    t.match(list, { id: String, title: 'Partners', replies_policy: 'list', exclusive: true });
    const viaForm = await app.inject({ method: 'POST', url: '/api/v1/lists', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=Region&replies_policy=followed' });
    t.match(viaForm.json(), { title: 'Region', replies_policy: 'followed', exclusive: false });
    t.same((await get('/api/v1/lists')).json().map((l: { title: string }) => l.title), ['Partners', 'Region']);
    t.same((await get(`/api/v1/lists/${list.id}`)).json(), list);

    const renamed = await app.inject({ method: 'PUT', url: `/api/v1/lists/${list.id}`, headers: auth, payload: { title: 'Partner agencies', replies_policy: 'none' } });
    t.match(renamed.json(), { id: list.id, title: 'Partner agencies', replies_policy: 'none', exclusive: true });
    const blank = await app.inject({ method: 'POST', url: '/api/v1/lists', headers: auth, payload: { title: '  ' } });
    t.equal(blank.statusCode, 422);
    t.same(blank.json(), { error: "Validation failed: Title can't be blank" });
    const policy = await app.inject({ method: 'PUT', url: `/api/v1/lists/${list.id}`, headers: auth, payload: { replies_policy: 'everyone' } });
    t.equal(policy.statusCode, 422);

    await createAccount(deps, { username: 'cleo', password: 'another long password' });
    const cleoAuth = await authorize(app, { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'read write' }, { username: 'cleo', password: 'another long password' });
    const cleoCode = new URL(String(cleoAuth.headers.location)).searchParams.get('code')!;
    const cleoToken = (await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'authorization_code', code: cleoCode, redirect_uri: client.redirect_uri, client_id: client.client_id, client_secret: client.client_secret } })).json();
    const cleo = { authorization: `Bearer ${cleoToken.access_token}` };
    t.same((await get('/api/v1/lists', cleo)).json(), [], "another user's lists are not shown");
    t.same((await get(`/api/v1/lists/${list.id}`, cleo)).json(), { error: 'Record not found' });
    t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/lists/${list.id}`, headers: cleo })).statusCode, 404);
    const readOnly = await loginWithCode(app, client, 'read');
    t.equal((await app.inject({ method: 'POST', url: '/api/v1/lists', headers: { authorization: `Bearer ${readOnly.access_token}` }, payload: { title: 'x' } })).statusCode, 403);

    const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/lists/${list.id}`, headers: auth });
    t.equal(deleted.statusCode, 200);
    t.same(deleted.json(), {});
    t.equal((await get(`/api/v1/lists/${list.id}`)).statusCode, 404);
    t.same((await get('/api/v1/lists')).json().map((l: { title: string }) => l.title), ['Region']);
  });

  await t.test('follows between local accounts: follow, relationships, counts, followers pages with Link, familiar followers, requests, unfollow', async (t) => {
    for (const username of ['dan', 'eva', 'finn']) await createAccount(deps, { username, password: 'a long enough password' });
    const tokenOf = async (username: string) => ({ authorization: `Bearer ${(await loginWithCode(app, client, 'read write follow', { username, password: 'a long enough password' })).access_token}` });
    const dan = await tokenOf('dan');
    const eva = await tokenOf('eva');
    const finn = await tokenOf('finn');
    const idOf = async (acct: string) => (await get(`/api/v1/accounts/lookup?acct=${acct}`, {})).json().id as string;
    const [annaId, danId, evaId, finnId] = [await idOf('anna'), await idOf('dan'), await idOf('eva'), await idOf('finn')];
    const post = (url: string, headers: Record<string, string>) => app.inject({ method: 'POST', url, headers });

    const followed = await post(`/api/v1/accounts/${evaId}/follow`, auth);
    t.equal(followed.statusCode, 200);
    t.match(followed.json(), { id: evaId, following: true, requested: false, followed_by: false });
    t.match((await post(`/api/v1/accounts/${evaId}/follow`, auth)).json(), { following: true }, 'following again is a no-op');
    await post(`/api/v1/accounts/${evaId}/follow`, dan);
    await post(`/api/v1/accounts/${danId}/follow`, auth);
    await post(`/api/v1/accounts/${annaId}/follow`, eva);

    const rel = (await get(`/api/v1/accounts/relationships?id[]=${evaId}&id[]=${danId}&id[]=${finnId}`)).json();
    t.match(rel, [{ id: evaId, following: true, followed_by: true }, { id: danId, following: true, followed_by: false }, { id: finnId, following: false, followed_by: false }]);
    t.match((await get(`/api/v1/accounts/${evaId}`, {})).json(), { followers_count: 2, following_count: 1 });
    t.match((await get('/api/v1/accounts/verify_credentials')).json(), { followers_count: 1, following_count: 2 });

    const page1 = await get(`/api/v1/accounts/${evaId}/followers?limit=1`, {});
    t.equal(page1.json().length, 1);
    t.equal(page1.json()[0].acct, 'dan', 'newest first');
    const next = /^<([^>]+)>; rel="next"$/.exec(String(page1.headers.link))?.[1];
    t.ok(next, 'a Link header to the next page');
    const page2 = await get(new URL(next!).pathname + new URL(next!).search, {});
    t.same(page2.json().map((a: { acct: string }) => a.acct), ['anna']);
    t.same((await get(`/api/v1/accounts/${annaId}/following`, {})).json().map((a: { acct: string }) => a.acct).sort(), ['dan', 'eva']);

    t.same((await get(`/api/v1/accounts/familiar_followers?id[]=${evaId}`)).json(), [{ id: evaId, accounts: [(await get(`/api/v1/accounts/${danId}`, {})).json()] }], 'dan follows eva and anna follows dan');

    await app.inject({ method: 'PATCH', url: '/api/v1/accounts/update_credentials', headers: finn, payload: { locked: true } });
    t.match((await post(`/api/v1/accounts/${finnId}/follow`, auth)).json(), { following: false, requested: true });
    t.match((await get('/api/v1/accounts/verify_credentials', finn)).json(), { source: { follow_requests_count: 1 } });
    const requests = (await get('/api/v1/follow_requests', finn)).json();
    t.same(requests.map((a: { acct: string }) => a.acct), ['anna']);
    const authorized = await post(`/api/v1/follow_requests/${annaId}/authorize`, finn);
    t.match(authorized.json(), { id: annaId, followed_by: true });
    t.match((await get(`/api/v1/accounts/relationships?id[]=${finnId}`)).json(), [{ following: true, requested: false }]);
    t.equal((await post(`/api/v1/follow_requests/${annaId}/reject`, finn)).statusCode, 404, 'no request is left');
    await post(`/api/v1/accounts/${finnId}/follow`, dan);
    t.match((await post(`/api/v1/follow_requests/${danId}/reject`, finn)).json(), { followed_by: false, requested_by: false });
    t.same((await get('/api/v1/follow_requests', finn)).json(), []);

    const unfollowed = await post(`/api/v1/accounts/${evaId}/unfollow`, auth);
    t.match(unfollowed.json(), { following: false, followed_by: true });
    t.equal((await get(`/api/v1/accounts/${evaId}`, {})).json().followers_count, 1);

    t.equal((await post(`/api/v1/accounts/${annaId}/follow`, auth)).statusCode, 422, 'not yourself');
    t.same((await post('/api/v1/accounts/424242/follow', auth)).json(), { error: 'Record not found' });
    const readOnly = await loginWithCode(app, client, 'read');
    t.equal((await post(`/api/v1/accounts/${danId}/follow`, { authorization: `Bearer ${readOnly.access_token}` })).statusCode, 403);
  });

  await t.test('the default images are real PNGs', async (t) => {
    for (const [path, w, h] of [['/avatars/original/missing.png', 120, 120], ['/headers/original/missing.png', 300, 100]] as const) {
      const r = await get(path, {});
      t.equal(r.statusCode, 200);
      t.equal(r.headers['content-type'], 'image/png');
      const png = r.rawPayload;
      t.same([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      t.equal(png.readUInt32BE(16), w);
      t.equal(png.readUInt32BE(20), h);
      const idatLen = png.readUInt32BE(33);
      t.equal(png.subarray(37, 41).toString('ascii'), 'IDAT');
      t.equal(inflateSync(png.subarray(41, 41 + idatLen)).length, h * (1 + w * 3), 'every scanline is present');
    }
  });
});
