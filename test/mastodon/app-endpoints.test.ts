import t from 'tap';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { findActor } from '../../src/domain/follows/follows.js';
import { eventually } from '../helpers/eventually.js';
import { testInstance } from '../helpers/instances.js';
import { fullSolution } from '../solutions/fixtures.js';
import { cookieFrom, parseForm, pkcePair, PASSWORD } from './helpers.js';

type Json = Record<string, any>;

// ---- entity shapes, field by field (Mastodon 4.3's entities; `?` marks a field that may be absent) ----

type Spec = string | { [field: string]: Spec } | [Spec];
const S = 'string', N = 'number', B = 'boolean', SN = 'string|null';

const ACCOUNT: Spec = {
  id: S, username: S, acct: S, display_name: S, locked: B, bot: B, discoverable: 'boolean|null', group: B, created_at: S, note: S,
  url: S, uri: S, avatar: S, avatar_static: S, header: S, header_static: S, followers_count: N, following_count: N, statuses_count: N,
  last_status_at: SN, emojis: [{}], fields: [{ name: S, value: S, verified_at: SN }],
};
const FILTER: Spec = { id: S, title: S, context: [S], expires_at: SN, filter_action: S, keywords: [{ id: S, keyword: S, whole_word: B }], statuses: [{ id: S, status_id: S }] };
const STATUS_BASE: Record<string, Spec> = {
  id: S, created_at: S, in_reply_to_id: SN, in_reply_to_account_id: SN, sensitive: B, spoiler_text: S, visibility: S, language: SN,
  uri: S, url: SN, replies_count: N, reblogs_count: N, favourites_count: N, edited_at: SN, favourited: B, reblogged: B, muted: B,
  bookmarked: B, content: S, filtered: [{ filter: FILTER, keyword_matches: '[string]|null', status_matches: '[string]|null' }],
  account: ACCOUNT, media_attachments: [{ id: S, type: S, url: S, preview_url: SN, description: SN }],
  mentions: [{ id: S, username: S, url: S, acct: S }], tags: [{ name: S, url: S }], emojis: [{}], card: 'object|null', poll: 'null',
};
const STATUS: Spec = { ...STATUS_BASE, reblog: 'object|null' };
const NOTIFICATION: Spec = { id: S, type: S, created_at: S, group_key: S, account: ACCOUNT, 'status?': STATUS };
const GROUP: Spec = {
  group_key: S, notifications_count: N, type: S, most_recent_notification_id: S, page_min_id: S, page_max_id: S,
  latest_page_notification_at: S, sample_account_ids: [S], 'status_id?': S,
};
const GROUPED: Spec = { accounts: [ACCOUNT], statuses: [STATUS], notification_groups: [GROUP] };
const INSTANCE_V2: Spec = {
  domain: S, title: S, version: S, source_url: S, description: S, usage: { users: { active_month: N } }, thumbnail: { url: S },
  languages: [S], configuration: {
    urls: { streaming: S }, vapid: { public_key: S }, accounts: { max_featured_tags: N }, statuses: { max_characters: N, max_media_attachments: N, characters_reserved_per_url: N },
    media_attachments: { supported_mime_types: [S], image_size_limit: N }, polls: { max_options: N }, translation: { enabled: B },
  },
  registrations: { enabled: B, approval_required: B }, api_versions: { mastodon: N }, contact: { email: S, account: 'object|null' }, rules: [{}],
};
const INSTANCE_V1: Spec = {
  uri: S, title: S, short_description: S, description: S, email: S, version: S, urls: { streaming_api: S },
  stats: { user_count: N, status_count: N, domain_count: N }, languages: [S], registrations: B, approval_required: B, invites_enabled: B,
  configuration: { statuses: { max_characters: N, max_media_attachments: N } }, contact_account: 'object|null', rules: [{}],
};
const LIST: Spec = { id: S, title: S, replies_policy: S, exclusive: B };
const MARKER: Spec = { last_read_id: S, version: N, updated_at: S };
const PREFERENCES: Spec = { 'posting:default:visibility': S, 'posting:default:sensitive': B, 'posting:default:language': SN, 'reading:expand:media': S, 'reading:expand:spoilers': B };
const RELATIONSHIP: Spec = {
  id: S, following: B, showing_reblogs: B, notifying: B, followed_by: B, blocking: B, blocked_by: B, muting: B, muting_notifications: B,
  requested: B, requested_by: B, domain_blocking: B, endorsed: B, note: S,
};
const POLICY_V2: Spec = { for_not_following: S, for_not_followers: S, for_new_accounts: S, for_private_mentions: S, for_limited_accounts: S, summary: { pending_requests_count: N, pending_notifications_count: N } };
const POLICY_V1: Spec = { filter_not_following: B, filter_not_followers: B, filter_new_accounts: B, filter_private_mentions: B, summary: { pending_requests_count: N, pending_notifications_count: N } };
const COUNT: Spec = { count: N };
const V1_FILTER: Spec = { id: S, phrase: S, context: [S], whole_word: B, expires_at: SN, irreversible: B };
const SEARCH: Spec = { accounts: [ACCOUNT], statuses: [STATUS], hashtags: [{ name: S, url: S }] };

/** Every problem with `value` against `spec`, as paths; arrays are checked element by element. */
function problems(value: unknown, spec: Spec, path = '$'): string[] {
  if (typeof spec === 'string') {
    const ok = spec.split('|').some((ty) => {
      if (ty === 'null') return value === null;
      if (ty === 'object') return !!value && typeof value === 'object' && !Array.isArray(value);
      if (ty === '[string]') return Array.isArray(value) && value.every((v) => typeof v === 'string');
      return typeof value === ty;
    });
    return ok ? [] : [`${path}: expected ${spec}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`];
  }
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((v, i) => problems(v, spec[0], `${path}[${i}]`));
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
  const out: string[] = [];
  for (const [key, sub] of Object.entries(spec)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    if (!(name in (value as Json))) {
      if (!optional) out.push(`${path}.${name}: missing`);
      continue;
    }
    out.push(...problems((value as Json)[name], sub, `${path}.${name}`));
  }
  return out;
}

/** An endpoint an app calls, the shape it must answer with, and whether the answer must hold something. */
interface Call { method?: 'GET' | 'POST' | 'PATCH'; path: string; spec: Spec | [Spec]; body?: Json; nonEmpty?: boolean; auth?: false }

/**
 * The endpoints Elk, Phanpy and Tusky call at login, on opening home and on opening notifications
 * (read from their source; the list is kept in docs/mastodon-api.md), each answering 200 with
 * Mastodon's complete shapes against a real instance with real content: a local follow, a remote
 * follow over signed HTTP, posts, a boost, favourites, a mention, a list, a filter and a solution.
 */
t.test('the shape checker finds what is missing or mistyped', async (t) => {
  t.same(problems({ id: 1, list: [{ a: 'x' }, { a: 2 }] }, { id: S, list: [{ a: S }], 'opt?': N, must: SN }), ['$.id: expected string, got number', '$.list[1].a: expected string, got number', '$.must: missing']);
  t.same(problems({ x: null, y: ['a'] }, { x: 'object|null', y: '[string]|null' }), []);
  t.ok(problems({}, STATUS).includes('$.account: missing'));
});

t.test('the endpoints Elk, Phanpy and Tusky call answer 200 with complete shapes', async (t) => {
  const a = await testInstance(t, 'apps');
  const b = await testInstance(t, 'appsb');
  const base = `http://127.0.0.1:${a.port}`;
  for (const n of ['anna', 'ben']) await createAccount(a.it.deps, { username: n, password: PASSWORD, displayName: n.toUpperCase() });
  await createAccount(b.it.deps, { username: 'bob', password: PASSWORD, displayName: 'Bob at B' });

  // Login as the apps do: register, the PKCE authorization code flow through the HTML form, token.
  const login = async (username: string) => {
    const meta = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Json;
    t.same(problems(meta, { issuer: S, authorization_endpoint: S, token_endpoint: S, revocation_endpoint: S, app_registration_endpoint: S, scopes_supported: [S], response_types_supported: [S], grant_types_supported: [S], code_challenge_methods_supported: [S], token_endpoint_auth_methods_supported: [S], service_documentation: S }), [], 'GET /.well-known/oauth-authorization-server');
    const appRes = await fetch(meta.app_registration_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_name: 'App', redirect_uris: 'http://127.0.0.1/cb', scopes: 'read write follow push', website: 'https://app.example' }) });
    t.equal(appRes.status, 200, 'POST /api/v1/apps');
    const app = (await appRes.json()) as Json;
    t.same(problems(app, { id: S, name: S, website: SN, scopes: [S], redirect_uri: S, redirect_uris: [S], client_id: S, client_secret: S, vapid_key: S }), [], 'the Application with credentials');
    const { verifier, challenge } = pkcePair();
    const page = await fetch(`${meta.authorization_endpoint}?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: 'http://127.0.0.1/cb', scope: 'read write follow push', code_challenge: challenge, code_challenge_method: 'S256' })}`);
    t.equal(page.status, 200, 'GET /oauth/authorize');
    const posted = await fetch(meta.authorization_endpoint, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(page.headers.get('set-cookie') ?? undefined) },
      body: new URLSearchParams({ ...parseForm(await page.text()), username, password: PASSWORD, decision: 'approve' }),
    });
    const code = new URL(posted.headers.get('location')!).searchParams.get('code')!;
    const tokenRes = await fetch(meta.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: 'http://127.0.0.1/cb', code_verifier: verifier }) });
    t.equal(tokenRes.status, 200, 'POST /oauth/token');
    const token = (await tokenRes.json()) as Json;
    t.same(problems(token, { access_token: S, token_type: S, scope: S, created_at: N }), []);
    return token.access_token as string;
  };
  const annaToken = await login('anna');
  const benToken = await login('ben');
  const call = async (token: string | null, method: string, path: string, body?: Json) => {
    const r = await fetch(`${base}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: r.status, body: (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as Json) : await r.text() };
  };

  // Content: follows both ways, a remote account followed over HTTP, posts, reactions, a list, a filter, a solution.
  const anna = (await call(annaToken, 'GET', '/api/v1/accounts/verify_credentials')).body as Json;
  const ben = (await call(benToken, 'GET', '/api/v1/accounts/verify_credentials')).body as Json;
  await call(annaToken, 'POST', `/api/v1/accounts/${ben.id}/follow`);
  await call(benToken, 'POST', `/api/v1/accounts/${anna.id}/follow`);
  const bob = await findActor(a.it.fed, `bob@${b.domain}`);
  await call(annaToken, 'POST', `/api/v1/accounts/${bob.id}/follow`);
  await eventually('b accepted', async () => ((await call(annaToken, 'GET', `/api/v1/accounts/relationships?id[]=${bob.id}`)).body as Json[])[0]?.following);
  const post = (await call(annaToken, 'POST', '/api/v1/statuses', { status: 'Our #sms reminder halved no-shows', visibility: 'public' })).body as Json;
  await call(benToken, 'POST', `/api/v1/statuses/${post.id}/favourite`);
  await call(benToken, 'POST', `/api/v1/statuses/${post.id}/reblog`);
  await call(benToken, 'POST', '/api/v1/statuses', { status: '@anna valg on Saturday?', visibility: 'public' });
  await call(annaToken, 'POST', '/api/v1/lists', { title: 'Colleagues' });
  const list = ((await call(annaToken, 'GET', '/api/v1/lists')).body as Json[])[0]!;
  await call(annaToken, 'POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [ben.id] });
  await call(annaToken, 'POST', '/api/v2/filters', { title: 'Elections', context: ['home', 'notifications', 'public'], filter_action: 'warn', keywords_attributes: [{ keyword: 'valg', whole_word: true }] });
  t.equal((await call(annaToken, 'POST', '/api/v1/solutions', fullSolution())).status, 201, 'a solution to find');
  const bobToken = (await (await import('../../src/domain/accounts/accounts.js')).createPersonalToken(b.it.deps, 'bob', ['read', 'write'])).token;
  const bobPost = (await (await fetch(`http://127.0.0.1:${b.port}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${bobToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'News from B', visibility: 'public' }) })).json()) as Json;
  await eventually("bob's post arrives", async () => ((await call(annaToken, 'GET', '/api/v1/timelines/home?limit=40')).body as Json[]).some((s) => s.uri === bobPost.uri), 15_000);
  await call(annaToken, 'POST', '/api/v1/markers', { home: { last_read_id: post.id } });

  const common: Call[] = [
    { path: '/api/v1/accounts/verify_credentials', spec: { ...(ACCOUNT as Json), source: { privacy: S, sensitive: B, language: SN, note: S, fields: [{}], follow_requests_count: N } } },
    { path: '/api/v1/custom_emojis', spec: [{}] },
    { path: '/api/v1/lists', spec: [LIST], nonEmpty: true },
    { path: '/api/v1/followed_tags', spec: [{}] },
    { path: '/api/v1/announcements', spec: [{}] },
    { path: '/api/v1/follow_requests', spec: [ACCOUNT] },
    { path: `/api/v1/accounts/relationships?id[]=${ben.id}&id[]=${bob.id}`, spec: [RELATIONSHIP], nonEmpty: true },
  ];
  const apps: Record<string, { login: Call[]; home: Call[]; notifications: Call[] }> = {
    // Phanpy: utils/api.js (initInstance, initAccount, initPreferences), app start, home (following), pages/notifications.jsx.
    Phanpy: {
      login: [
        { path: '/api/v2/instance', spec: INSTANCE_V2, auth: false },
        { path: '/api/v1/instance', spec: INSTANCE_V1, auth: false },
        { path: '/api/v1/preferences', spec: PREFERENCES },
        { path: '/api/v2/filters', spec: [FILTER], nonEmpty: true },
        ...common,
      ],
      home: [
        { path: '/api/v1/timelines/home?limit=20', spec: [STATUS], nonEmpty: true },
        { path: `/api/v1/timelines/list/${list.id}?limit=20`, spec: [STATUS], nonEmpty: true },
        { path: '/api/v1/notifications/unread_count', spec: COUNT },
        { path: '/api/v2/notifications/unread_count', spec: COUNT },
        { path: '/api/v1/trends/tags', spec: [{}], auth: false },
      ],
      notifications: [
        { path: '/api/v2/notifications?limit=40&exclude_types[]=follow_request&grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow', spec: GROUPED, nonEmpty: true },
        { path: '/api/v2/notifications/policy', spec: POLICY_V2 },
        { path: '/api/v1/notifications/policy', spec: POLICY_V1 },
        { path: '/api/v1/notifications/requests', spec: [{}] },
        { method: 'POST', path: '/api/v1/markers', spec: { notifications: MARKER }, body: { notifications: { last_read_id: post.id } } },
      ],
    },
    // Elk: composables/users.ts (loginTo), composables/masto/notification.ts, the home timeline page.
    Elk: {
      login: [
        { path: '/api/v1/instance', spec: INSTANCE_V1, auth: false },
        { path: '/api/v2/instance', spec: INSTANCE_V2, auth: false },
        ...common,
      ],
      home: [
        { path: '/api/v1/timelines/home?limit=30', spec: [STATUS], nonEmpty: true },
        { path: '/api/v1/markers?timeline[]=home', spec: { home: MARKER } },
        { path: '/api/v2/search?q=sms&type=statuses', spec: SEARCH, nonEmpty: true },
      ],
      notifications: [
        { path: '/api/v1/markers?timeline[]=notifications', spec: { notifications: MARKER } },
        { path: '/api/v1/notifications?limit=30', spec: [NOTIFICATION], nonEmpty: true },
      ],
    },
    // Tusky: network/MastodonApi.kt.
    Tusky: {
      login: [
        { path: '/api/v1/instance', spec: INSTANCE_V1, auth: false },
        { path: '/api/v1/filters', spec: [V1_FILTER], nonEmpty: true },
        ...common,
      ],
      home: [
        { path: '/api/v1/timelines/home?limit=30', spec: [STATUS], nonEmpty: true },
        { path: '/api/v1/markers?timeline[]=home&timeline[]=notifications', spec: { home: MARKER, notifications: MARKER } },
      ],
      notifications: [
        { path: '/api/v1/notifications?limit=30&exclude_types[]=follow_request', spec: [NOTIFICATION], nonEmpty: true },
        { path: `/api/v1/notifications?since_id=0`, spec: [NOTIFICATION] },
      ],
    },
  };

  for (const [name, moments] of Object.entries(apps)) {
    await t.test(name, async (t) => {
      for (const [moment, calls] of Object.entries(moments)) {
        for (const c of calls) {
          const r = await call(c.auth === false ? null : annaToken, c.method ?? 'GET', c.path, c.body);
          const label = `${name} ${moment}: ${c.method ?? 'GET'} ${c.path}`;
          t.equal(r.status, 200, label);
          t.same(problems(r.body, c.spec as Spec), [], `${label}: complete shape`);
          if (c.nonEmpty) {
            const body = r.body as Json;
            const held = Array.isArray(body) ? body.length : Object.values(body).some((v) => Array.isArray(v) && v.length > 0);
            t.ok(held, `${label}: holds something to check`);
          }
        }
      }
    });
  }

  await t.test('the content checked is what it should be', async (t) => {
    const grouped = (await call(annaToken, 'GET', '/api/v2/notifications')).body as Json;
    t.same(new Set(grouped.notification_groups.map((g: Json) => g.type)), new Set(['mention', 'reblog', 'favourite', 'follow']));
    const home = (await call(annaToken, 'GET', '/api/v1/timelines/home?limit=40')).body as Json[];
    t.ok(home.some((s) => s.uri === bobPost.uri), 'a remote post');
    t.ok(home.some((s) => s.reblog?.id === post.id), 'a boost, with its post inside');
    t.match(problems(home.find((s) => s.reblog)!.reblog, STATUS), [], 'the boosted status is complete too');
    t.match(home.find((s) => /valg/.test(s.content))?.filtered, [{ keyword_matches: ['valg'] }], 'filtered carries the FilterResult');
  });
});
