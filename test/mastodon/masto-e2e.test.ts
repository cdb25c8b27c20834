import t from 'tap';
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from 'masto';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { findActor } from '../../src/domain/follows/follows.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance } from '../helpers/instances.js';
import { cookieFrom, loginWithCode, parseForm, pkcePair, PASSWORD, registerClient } from './helpers.js';

/**
 * The real `masto` client library against a real server on 127.0.0.1 over HTTP: what an app built on
 * masto does from registration to profile editing, with the login done like a browser.
 */
t.test('masto.js drives register -> authorize (PKCE, HTML form) -> token -> verify -> update -> remote follow -> instance -> revoke', async (t) => {
  // Real instances on their own ports; their domains name the ports (entities carry absolute URLs).
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  const instance = a.it;
  const base = `http://127.0.0.1:${instance.address.port}`;
  await createAccount(instance.deps, { username: 'anna', password: PASSWORD, displayName: 'Anna' });

  const anonymous = createRestAPIClient({ url: base });
  const registered = await anonymous.v1.apps.create({ clientName: 'masto e2e', redirectUris: 'http://127.0.0.1/callback', scopes: 'read write follow', website: 'https://example.org' });
  t.equal(registered.name, 'masto e2e');
  t.ok(registered.clientId && registered.clientSecret);

  const { verifier, challenge } = pkcePair();
  const query = new URLSearchParams({
    response_type: 'code', client_id: registered.clientId!, redirect_uri: 'http://127.0.0.1/callback', scope: 'read write follow',
    state: 'e2e-state', code_challenge: challenge, code_challenge_method: 'S256',
  });
  const page = await fetch(`${base}/oauth/authorize?${query}`);
  t.equal(page.status, 200);
  const html = await page.text();
  t.match(html, /masto e2e/);
  const fields = { ...parseForm(html), username: 'anna', password: PASSWORD, decision: 'approve' };
  const posted = await fetch(`${base}/oauth/authorize`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(page.headers.get('set-cookie') ?? undefined) },
    body: new URLSearchParams(fields),
  });
  t.equal(posted.status, 302);
  const location = new URL(posted.headers.get('location')!);
  t.equal(location.searchParams.get('state'), 'e2e-state');
  const code = location.searchParams.get('code')!;

  const oauth = createOAuthAPIClient({ url: base });
  const refused = await oauth.token.create({ grantType: 'authorization_code', clientId: registered.clientId!, clientSecret: 'wrong', redirectUri: 'http://127.0.0.1/callback', code })
    .then(() => undefined, (e: unknown) => e);
  t.ok(refused instanceof MastoHttpError, 'masto decodes our error body');
  t.match(refused, { statusCode: 401, message: 'invalid_client', description: /Client authentication failed/ });

  const pkceRefused = await oauth.token.create({ grantType: 'authorization_code', clientId: registered.clientId!, clientSecret: registered.clientSecret!, redirectUri: 'http://127.0.0.1/callback', code, codeVerifier: pkcePair().verifier } as Parameters<typeof oauth.token.create>[0])
    .then(() => undefined, (e: unknown) => e);
  t.match(pkceRefused, { statusCode: 400, message: 'invalid_grant' });

  const token = await oauth.token.create({
    grantType: 'authorization_code', clientId: registered.clientId!, clientSecret: registered.clientSecret!, redirectUri: 'http://127.0.0.1/callback', code, codeVerifier: verifier,
  } as Parameters<typeof oauth.token.create>[0]);
  t.equal(token.tokenType, 'Bearer');
  t.equal(token.scope, 'read write follow');

  const client = createRestAPIClient({ url: base, accessToken: token.accessToken });
  const me = await client.v1.accounts.verifyCredentials();
  t.match(me, { username: 'anna', acct: 'anna', displayName: 'Anna', url: `${base}/@anna`, source: { privacy: 'public' } });

  // masto sends update_credentials as PATCH multipart/form-data with Rails-style field keys.
  const updated = await client.v1.accounts.updateCredentials({
    displayName: 'Anna Berg', note: 'Youth employment <team>', locked: true,
    fieldsAttributes: [{ name: 'Office', value: 'Aarhus' }], source: { privacy: 'unlisted', language: 'da' },
  });
  t.match(updated, { displayName: 'Anna Berg', note: '<p>Youth employment &lt;team&gt;</p>', locked: true, fields: [{ name: 'Office', value: 'Aarhus' }], source: { privacy: 'unlisted', language: 'da', note: 'Youth employment <team>' } });
  const again = await client.v1.accounts.$select(me.id).fetch();
  t.equal(again.displayName, 'Anna Berg');
  t.same((await client.v1.accounts.fetch({ id: [me.id, '1'] })).map((a) => a.id), [me.id], 'batch fetch leaves unknown ids out');
  t.same((await client.v1.accounts.lookup({ acct: 'anna' })).id, me.id);
  t.same((await client.v1.accounts.relationships.fetch({ id: [me.id] })).map((r) => r.id), [me.id]);
  t.equal((await client.v1.preferences.fetch())['posting:default:visibility'], 'unlisted');

  // A remote account on instance b: resolved once (as search with resolve=true will), then followed
  // through the API, which sends a real signed Follow; b accepts and a learns it from the Accept.
  await createAccount(b.it.deps, { username: 'bob', password: PASSWORD, displayName: 'Bob at B' });
  const bobActor = await findActor(instance.fed, `bob@${b.domain}`);
  const bob = await client.v1.accounts.lookup({ acct: `bob@${b.domain}` });
  t.equal(bob.id, bobActor.id);
  t.equal(bob.acct, `bob@${b.domain}`);
  const followed = await client.v1.accounts.$select(bob.id).follow();
  t.equal(followed.id, bob.id);
  t.ok(followed.following || followed.requested, 'the follow is recorded at once');
  await eventually('b accepted the follow', async () => (await client.v1.accounts.relationships.fetch({ id: [bob.id] }))[0]?.following);
  const bobAtB = async () => (await (await fetch(`http://${b.domain}/api/v1/accounts/lookup?acct=bob`)).json()) as { followers_count: number };
  t.equal((await bobAtB()).followers_count, 1, 'b counts the follower from a');
  t.equal((await client.v1.accounts.verifyCredentials()).followingCount, 1);
  const unfollowed = await client.v1.accounts.$select(bob.id).unfollow();
  t.match(unfollowed, { following: false, requested: false });
  await eventually('b processed the Undo(Follow)', async () => (await bobAtB()).followers_count === 0);

  // Posting, a remote actor's posts in the home timeline, a remote reply notified, paging by Link.
  const first = await client.v1.statuses.create({ status: 'Hello from A #samspil', visibility: 'public', language: 'da' });
  t.match(first, { content: /Hello from A/, visibility: 'public', language: 'da', account: { id: me.id, acct: 'anna' }, tags: [{ name: 'samspil' }] });
  t.equal((await client.v1.statuses.$select(first.id).fetch()).id, first.id);
  t.match(await client.v1.statuses.$select('1').fetch().then(() => undefined, (e: unknown) => e), { statusCode: 404, message: 'Record not found' });
  await client.v1.accounts.$select(bob.id).follow();
  await eventually('b accepted the second follow', async () => (await client.v1.accounts.relationships.fetch({ id: [bob.id] }))[0]?.following);

  // Bob uses masto against his own server b.
  const bobApp = await registerClient(b.it.app, 'http://127.0.0.1/callback', 'read write follow');
  const bobToken = await loginWithCode(b.it.app, bobApp, 'read write follow', { username: 'bob' });
  const bobClient = createRestAPIClient({ url: `http://${b.domain}`, accessToken: bobToken.access_token });
  const news = await bobClient.v1.statuses.create({ status: 'News from B', visibility: 'public' });
  const inHome = await eventually("bob's post reaches anna's home timeline", async () =>
    (await client.v1.timelines.home.list({ limit: 40 })).find((s) => s.uri === news.uri));
  t.match(inHome, { content: /News from B/, account: { acct: `bob@${b.domain}`, id: bob.id } });
  t.not(inHome.id, news.id, 'a has its own id for the remote post');

  // Bob finds anna's post by its URI (search v2, resolve=true: a signed fetch from b to a) and replies.
  const found = await bobClient.v2.search.list({ q: first.uri, resolve: true, type: 'statuses' });
  t.equal(found.statuses.length, 1, 'b resolved the post from a');
  const reply = await bobClient.v1.statuses.create({ status: `@anna@${instance.address.host}:${instance.address.port} Welcome!`, inReplyToId: found.statuses[0]!.id });
  t.equal(reply.inReplyToId, found.statuses[0]!.id);
  const mention = await eventually('anna is notified of the reply', async () =>
    (await client.v1.notifications.list({ types: ['mention'] })).find((n) => n.status?.uri === reply.uri));
  t.match(mention, { type: 'mention', account: { acct: `bob@${b.domain}` }, status: { inReplyToId: first.id, inReplyToAccountId: me.id } });
  const context = await client.v1.statuses.$select(first.id).context.fetch();
  t.same(context.descendants.map((s) => s.uri), [reply.uri]);

  // Paging the home timeline by its Link headers, as masto's paginator does.
  for (let i = 0; i < 3; i++) await client.v1.statuses.create({ status: `Page filler ${i}` });
  const everything = (await client.v1.timelines.home.list({ limit: 40 })).map((s) => s.id);
  t.equal(everything.length, 6, 'four posts of anna, two of bob');
  const paged: string[] = [];
  let pages = 0;
  for await (const page of client.v1.timelines.home.list({ limit: 2 })) {
    t.ok(page.length <= 2);
    paged.push(...page.map((s) => s.id));
    if (++pages > 10) break;
  }
  t.same(paged, everything, 'next links walk the whole timeline once, newest first');
  const raw = await fetch(`${base}/api/v1/timelines/home?limit=2`, { headers: { authorization: `Bearer ${token.accessToken}` } });
  t.match(raw.headers.get('link'), new RegExp(`<${base}/api/v1/timelines/home\\?limit=2&max_id=${everything[1]}>; rel="next", <${base}/api/v1/timelines/home\\?limit=2&min_id=${everything[0]}>; rel="prev"`));
  const newer = await client.v1.timelines.home.list({ limit: 2, minId: everything[3] });
  t.same(newer.map((s) => s.id), [everything[1], everything[2]]);

  const v1 = await client.v1.instance.fetch();
  t.match(v1, { uri: `127.0.0.1:${instance.address.port}`, configuration: { statuses: { maxCharacters: 5000 } }, urls: { streamingApi: `ws://127.0.0.1:${instance.address.port}` } });
  const v2 = await client.v2.instance.fetch();
  t.match(v2, { domain: `127.0.0.1:${instance.address.port}`, configuration: { urls: { streaming: `ws://127.0.0.1:${instance.address.port}` }, statuses: { maxCharacters: 5000, charactersReservedPerUrl: 23 } }, contact: { account: { username: 'agency', displayName: 'Agency a' } } });

  const missing = await client.v1.accounts.$select('1').fetch().then(() => undefined, (e: unknown) => e);
  t.match(missing, { statusCode: 404, message: 'Record not found' });

  await oauth.revoke({ clientId: registered.clientId!, clientSecret: registered.clientSecret!, token: token.accessToken });
  const afterRevoke = await client.v1.accounts.verifyCredentials().then(() => undefined, (e: unknown) => e);
  t.match(afterRevoke, { statusCode: 401, message: 'The access token was revoked' });
});
