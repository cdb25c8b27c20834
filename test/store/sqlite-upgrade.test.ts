import t from 'tap';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { facetToken } from '../../src/store/sqlite/solutions.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { RECORD_KEYS, RECORD_KINDS, type FacetName, type PortRecord, type RecordKind } from '../../src/store/port.js';
import { tempDir } from '../helpers/config.js';

/**
 * Schema upgrades lose nothing. For every earlier schema (the first k migrations applied, as an
 * installation of that release has it), a file is filled with representative rows by raw SQL,
 * then opened with openSqliteStore (which applies the rest) and read back through the store port:
 * every record of every kind as it was written (columns added later read as null), nothing more,
 * and what the API derives from them (tag timelines, tag search, conversations, home timelines,
 * the catalogue search) as it would be had the rows been written by today's code.
 */

const T = (d: number) => new Date(Date.UTC(2025, 0, d, 12)).toISOString();
const ANNA = 'http://old.example/users/anna';
const BO = 'https://far.example/users/bo';

function actor(id: string, username: string, domain: string | null, type: string, extra: PortRecord = {}): PortRecord {
  const uri = domain ? `https://${domain}/users/${username}` : `http://old.example/users/${username}`;
  return {
    id, uri, username, domain, type, displayName: `${username} (${type})`, summary: `<p>${username}</p>`, url: uri.replace('/users/', '/@'),
    inbox: `${uri}/inbox`, sharedInbox: domain ? `https://${domain}/inbox` : 'http://old.example/inbox', outbox: `${uri}/outbox`,
    followersUri: `${uri}/followers`, followingUri: `${uri}/following`, featuredUri: null, publicKeyId: `${uri}#main-key`,
    publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMFww\n-----END PUBLIC KEY-----\n', privateKeyPem: domain ? null : '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
    manuallyApprovesFollowers: false, discoverable: true, indexable: domain === null, avatarUrl: null, headerUrl: null,
    fields: domain ? [{ name: 'Web', value: 'far.example' }] : [], raw: domain ? { id: uri, type } : null,
    createdAt: T(1), updatedAt: T(2), fetchedAt: domain ? T(3) : null, suspendedAt: null, deletedAt: null, ...extra,
  };
}

function object(id: string, actorId: string, actorUri: string, visibility: string, tag: unknown[], content: string, local: boolean): PortRecord {
  const uri = `${actorUri}/statuses/${id}`;
  return {
    id, uri, type: 'Note', actorId, local, url: uri, inReplyToUri: null, visibility, language: 'da', publishedAt: T(4), updatedAt: null, deletedAt: null,
    data: { id: uri, type: 'Note', attributedTo: actorUri, content, tag, to: visibility === 'public' ? ['https://www.w3.org/ns/activitystreams#Public'] : [ANNA] },
  };
}

const solutionFields = { title: 'Sms-påmindelse før første samtale', summary: 'Færre udeblivelser.', problem: 'Hver femte udeblev.', approach: 'En sms dagen før.', language: 'da', sectors: ['employment'], tags: ['sms'] };

/**
 * Rows by the migration that created their table, in an order that respects references (follows
 * before posts, so the triggers of today's schema see the follow when a post arrives).
 */
const FIXTURES: Array<{ migration: string; kind: RecordKind; table: string; records: PortRecord[] }> = [
  { migration: '001-foundation', kind: 'meta', table: 'meta', records: [{ key: 'agencyActorId', value: '1001' }, { key: 'federationMode', value: 'open' }] },
  {
    migration: '001-foundation', kind: 'actors', table: 'actors', records: [
      actor('1001', 'agency', null, 'Organization'), actor('1002', 'anna', null, 'Person', { manuallyApprovesFollowers: true }),
      actor('1003', 'bo', 'far.example', 'Person'), actor('1004', 'gone', 'far.example', 'Person', { deletedAt: T(9), suspendedAt: T(8) }),
    ],
  },
  {
    migration: '001-foundation', kind: 'users', table: 'users', records: [{
      id: '2001', actorId: '1002', role: 'admin', staffRole: 'publisher', email: 'anna@old.example', passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA', mustChangePassword: false,
      disabledAt: null, createdAt: T(1), lastActiveAt: T(5),
    }],
  },
  {
    migration: '001-foundation', kind: 'tokens', table: 'access_tokens', records: [{
      id: '3001', tokenHash: 'a'.repeat(64), userId: '2001', appId: null, scopes: ['read', 'write'], refreshTokenHash: null, createdAt: T(2), expiresAt: null, revokedAt: null, lastUsedAt: T(6),
    }],
  },
  { migration: '002-federation', kind: 'follows', table: 'follows', records: [{ id: '6001', uri: `${ANNA}#follows/6001`, followerId: '1002', followeeId: '1003', state: 'accepted', createdAt: T(3), updatedAt: T(3) }] },
  {
    migration: '001-foundation', kind: 'objects', table: 'objects', records: [
      object('4001', '1003', BO, 'public', [{ type: 'Hashtag', name: '#Samspil', href: 'https://far.example/tags/samspil' }, { type: 'Mention', href: ANNA, name: '@anna' }], '<p>#Samspil @anna</p>', false),
      object('4002', '1003', BO, 'direct', [{ type: 'Mention', href: ANNA, name: '@anna' }], '<p>@anna a direct word</p>', false),
      object('4003', '1002', ANNA, 'public', [{ type: 'Hashtag', name: 'lokal' }], '<p>#lokal</p>', true),
    ],
  },
  {
    migration: '002-federation', kind: 'activities', table: 'activities', records: [{
      id: '7001', uri: `${BO}/statuses/4003/activity`, type: 'Announce', actorId: '1003', objectUri: `${ANNA}/statuses/4003`, local: false, public: true, createdAt: T(5),
      data: { id: `${BO}/statuses/4003/activity`, type: 'Announce', actor: BO, object: `${ANNA}/statuses/4003` },
    }],
  },
  {
    migration: '002-federation', kind: 'jobs', table: 'jobs', records: [{
      id: '5001', type: 'deliver', key: 'deliver:x:far.example', payload: { activityId: 'x', inbox: 'https://far.example/inbox' }, state: 'pending', attempts: 2, runAt: T(7),
      leaseOwner: null, leaseUntil: null, lastError: 'HTTP 503', host: 'far.example', createdAt: T(6), updatedAt: T(6),
    }],
  },
  { migration: '002-federation', kind: 'deliveryHosts', table: 'delivery_hosts', records: [{ host: 'far.example', failingSince: T(6), failures: 2, lastFailureAt: T(6), unavailableSince: null, lastSuccessAt: T(5) }] },
  {
    migration: '003-oauth', kind: 'oauthApps', table: 'oauth_apps', records: [{
      id: '8001', name: 'Tusky', website: 'https://tusky.app', redirectUris: ['oauth2redirect://app/'], scopes: ['read', 'write', 'follow'], clientId: 'cid', clientSecretHash: 'b'.repeat(64), createdAt: T(2),
    }],
  },
  {
    migration: '003-oauth', kind: 'authorizationCodes', table: 'oauth_authorization_codes', records: [{
      id: '8101', codeHash: 'c'.repeat(64), appId: '8001', userId: '2001', redirectUri: 'oauth2redirect://app/', scopes: ['read'], codeChallenge: 'xyz', codeChallengeMethod: 'S256',
      createdAt: T(2), expiresAt: T(3), usedAt: T(2), tokenId: '3001',
    }],
  },
  { migration: '003-oauth', kind: 'markers', table: 'markers', records: [{ userId: '2001', timeline: 'home', lastReadId: '4001', version: 3, updatedAt: T(6) }] },
  { migration: '003-oauth', kind: 'userSettings', table: 'user_settings', records: [{ userId: '2001', defaultVisibility: 'unlisted', defaultSensitive: true, defaultLanguage: 'da', uiLanguage: 'nb', updatedAt: T(6) }] },
  { migration: '003-oauth', kind: 'lists', table: 'lists', records: [{ id: '9001', userId: '2001', title: 'Kommuner', repliesPolicy: 'list', exclusive: true, createdAt: T(4), updatedAt: T(5) }] },
  { migration: '005-trust', kind: 'domainPolicies', table: 'domain_policies', records: [{ domain: 'spam.example', action: 'block', reason: 'spam', createdAt: T(5), createdBy: 'cli' }] },
  { migration: '005-trust', kind: 'audit', table: 'audit_log', records: [{ id: '9101', at: T(5), actor: 'cli', action: 'domain.block', target: 'spam.example', details: { reason: 'spam', previous: null }, ip: '192.0.2.1' }] },
  {
    migration: '006-moderation', kind: 'reports', table: 'reports', records: [{
      id: '9201', reporterActorId: '1002', targetActorId: '1003', objectUris: [`${BO}/statuses/4001`], comment: 'spam', category: 'spam', remoteFlagUri: null,
      forwardedAt: null, createdAt: T(6), resolvedAt: T(7), resolvedBy: 'anna', resolution: 'talked to them',
    }],
  },
  {
    migration: '010-solutions', kind: 'solutions', table: 'solutions', records: [{
      id: '9301', uri: 'http://old.example/solutions/9301', actorId: '1001', authorId: '2001', local: true, url: 'http://old.example/solutions/9301', origin: 'old.example',
      revision: 2, publishedAt: T(4), updatedAt: T(5), deletedAt: null, repliesCount: 1, fields: solutionFields,
    }],
  },
  { migration: '010-solutions', kind: 'solutionRevisions', table: 'solution_revisions', records: [{ solutionId: '9301', revision: 1, at: T(4), fields: { ...solutionFields, title: 'Sms før samtalen' } }] },
  {
    migration: '010-solutions', kind: 'adoptions', table: 'adoptions', records: [{
      id: '9401', uri: 'http://old.example/adoptions/9401', solutionUri: 'https://far.example/solutions/1', adopterId: '1001', local: true, revision: 2, status: 'in-use',
      note: 'works', language: 'da', results: [{ metric: 'udeblivelser', value: 11, baseline: 18, unit: '%' }], startedAt: '2025-01-01', at: T(6), createdAt: T(5),
      history: [{ status: 'piloting', note: '', language: 'da', results: [], startedAt: null, revision: 1, at: T(5) }],
    }],
  },
  { migration: '011-statuses', kind: 'bookmarks', table: 'bookmarks', records: [{ id: '9501', actorId: '1002', objectId: '4001', createdAt: T(6) }] },
  { migration: '011-statuses', kind: 'statusVersions', table: 'status_versions', records: [{ id: '9601', objectId: '4003', text: '#lokal', spoilerText: '', sensitive: false, content: '<p>#lokal</p>', createdAt: T(4) }] },
  { migration: '011-statuses', kind: 'idempotencyKeys', table: 'status_idempotency', records: [{ actorId: '1002', key: 'idem-1', objectId: '4003', createdAt: T(4) }] },
  { migration: '011-statuses', kind: 'notifications', table: 'notifications', records: [{ id: '9701', accountId: '1002', type: 'mention', fromActorId: '1003', statusId: '4001', createdAt: T(4) }] },
  { migration: '011-statuses', kind: 'postSubscriptions', table: 'post_subscriptions', records: [{ followerId: '1002', followeeId: '1003' }] },
  {
    migration: '012-media', kind: 'media', table: 'media', records: [{
      id: '9801', ownerActorId: '1002', fileName: '9801-abc.png', contentType: 'image/png', kind: 'image', size: 120, width: 4, height: 3, description: 'a chart',
      focusX: 0.5, focusY: -0.25, objectId: '4003', createdAt: T(4),
    }],
  },
  {
    migration: '013-web-sessions', kind: 'webSessions', table: 'web_sessions', records: [{
      id: '9901', secretHash: 'd'.repeat(64), userId: '2001', createdAt: T(6), lastSeenAt: T(7), expiresAt: T(20), userAgent: 'Firefox', ip: '192.0.2.7',
    }],
  },
  {
    migration: '017-roles-drafts', kind: 'solutionDrafts', table: 'solution_drafts', records: [{
      id: '9951', solutionId: null, authorId: '1002', body: { title: 'Kladde', language: 'da' }, title: 'Kladde', state: 'returned', comment: 'Tilføj resultater',
      reviewerId: '1002', createdAt: T(6), submittedAt: T(6), decidedAt: T(7), publishedId: null,
    }],
  },
  {
    migration: '020-identity-links', kind: 'identityLinks', table: 'identity_links', records: [{
      id: '9961', issuer: 'https://login.example/realms/staff', subject: 'a1b2-æø', userId: '2001', createdAt: T(6), lastSignInAt: T(8),
    }],
  },
  {
    migration: '021-account-links', kind: 'accountLinks', table: 'account_links', records: [{
      id: '9961', tokenHash: 'e'.repeat(43), purpose: 'invite', userId: '2001', createdBy: 'anna', createdAt: T(6), expiresAt: T(20), usedAt: null,
    }],
  },
];

/**
 * Columns added later with a default other than null: what an older row reads as. Staff who
 * could publish before roles existed stay publishers (017).
 */
const LATER_DEFAULTS: Partial<Record<RecordKind, PortRecord>> = { users: { staffRole: 'publisher' } };

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** The columns a release wrote: booleans as 0/1, lists and objects as JSON text. */
const encode = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

/** A file as an installation at the first `k` migrations has it, filled by raw SQL; returns what was written, per kind. */
function buildAt(path: string, k: number): Map<RecordKind, PortRecord[]> {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const m of MIGRATIONS.slice(0, k)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(m.name, T(1));
  }
  const applied = new Set(MIGRATIONS.slice(0, k).map((m) => m.name));
  const written = new Map<RecordKind, PortRecord[]>(RECORD_KINDS.map((kind) => [kind, []]));
  for (const f of FIXTURES) {
    if (!applied.has(f.migration)) continue;
    const columns = new Set((db.prepare(`PRAGMA table_info(${f.table})`).all() as Array<{ name: string }>).map((c) => c.name));
    for (const record of f.records) {
      const fields = Object.keys(record).filter((field) => columns.has(snake(field)));
      db.prepare(`INSERT INTO ${f.table} (${fields.map(snake).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`).run(...fields.map((x) => encode(record[x])));
      // A column added by a later migration reads back as its default (mostly null).
      written.get(f.kind)!.push(Object.fromEntries(Object.entries(record).map(([field, v]) => [field, columns.has(snake(field)) ? v : (LATER_DEFAULTS[f.kind]?.[field] ?? null)])));
    }
    if (f.kind === 'solutions') {
      // What SqliteSolutions.reindex writes beside a solution: facets and the full-text row.
      for (const record of f.records) {
        const rowid = (db.prepare('SELECT rowid AS r FROM solutions WHERE id = ?').get(record.id) as { r: number }).r;
        const fields = record.fields as typeof solutionFields;
        const facets: Array<[FacetName, string]> = [['sector', 'employment'], ['language', 'da'], ['origin', String(record.origin)], ['tag', 'sms']];
        for (const [facet, value] of facets) {
          db.prepare('INSERT INTO solution_facets (solution_id, facet, value) VALUES (?, ?, ?)').run(record.id, facet, value);
        }
        const body = `${fields.problem}\n${fields.approach}\nsms`;
        // Since 027 the full-text row carries the facet tokens too.
        if (applied.has('027-catalogue-search-bounds')) {
          db.prepare('INSERT INTO solutions_fts (rowid, title, summary, body, facets) VALUES (?, ?, ?, ?, ?)').run(rowid, fields.title, fields.summary, body, facets.map(([f, v]) => facetToken(f, v)).join(' '));
        } else {
          db.prepare('INSERT INTO solutions_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)').run(rowid, fields.title, fields.summary, body);
        }
      }
    }
  }
  db.close();
  return written;
}

const byKey = (kind: RecordKind) => (a: PortRecord, b: PortRecord) => {
  const ka = JSON.stringify(RECORD_KEYS[kind].map((f) => a[f]));
  const kb = JSON.stringify(RECORD_KEYS[kind].map((f) => b[f]));
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

for (let k = 1; k <= MIGRATIONS.length; k++) {
  const at = MIGRATIONS[k - 1]!.name;
  t.test(`a store made at ${at}${k === MIGRATIONS.length ? ' (today)' : ''}: every record survives the upgrade, and what is derived from them is there`, async (t) => {
    const path = join(tempDir(t, 'samspil-upgrade-'), 's.sqlite');
    const written = buildAt(path, k);
    const store = await openSqliteStore({ path });
    t.teardown(() => store.close());

    for (const kind of RECORD_KINDS) {
      const read: PortRecord[] = [];
      for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
        const page = await store.transfer.page(kind, cursor, 2);
        read.push(...page.records);
        cursor = page.next;
      }
      t.same(read.sort(byKey(kind)), [...written.get(kind)!].sort(byKey(kind)), `${kind}: as written, nothing lost, nothing added`);
    }

    const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();
    const page = { limit: 40 };
    t.same(ids(await store.statuses.tagTimeline('samspil', { origin: 'all' }, page)), ['4001'], 'a remote post stored before is in its tag timeline');
    t.same(ids(await store.statuses.tagTimeline('#LOKAL', { origin: 'local' }, page)), ['4003'], 'and a local one');
    t.same(await store.statuses.searchTags('sam', 10), ['samspil'], 'its tag is found by tag search');
    t.same(ids(await store.statuses.directFor({ id: '1002', uri: ANNA }, page)), ['4002'], 'a direct post stored before is in the conversation of the person it mentions');
    const anna = { id: '1002', uri: ANNA };
    t.same(ids(await store.statuses.searchPosts({ words: ['direct', 'wor'], viewer: anna, limit: 10, offset: 0 })), ['4002'], 'the post search finds a post stored before (indexed once at open)');
    t.same(ids(await store.statuses.searchPosts({ words: ['lokal'], viewer: anna, limit: 10, offset: 0 })), ['4003']);
    // Follows and boosts came with 002: before it, a home holds the account's own posts only.
    const followed = written.get('follows')!.length > 0;
    t.same(ids(await store.statuses.home('1002', page)), followed ? ['4001', '4002', '4003', '7001'] : ['4003'], 'home: own post, followed posts (the direct one that mentions her too) and the boost');
    t.same(ids(await store.statuses.home('1001', page)), [], 'home of an account that follows no one and posted nothing');
    // Status counts are kept by triggers since 029; an upgraded store counts what it held before.
    const statusCounts = await store.actors.countsOf(['1002', '1003']);
    t.same(statusCounts.map((c) => [c.actorId, c.statuses, c.lastStatusAt]), written.get('activities')!.length ? [['1002', 0, null], ['1003', 1, T(5)]] : [['1002', 0, null], ['1003', 0, null]],
      'statuses counted as they were stored: the boost counts for its actor');
    t.equal((await store.actors.getByUsername('anna', null))?.id, '1002');
    t.equal((await store.users.getByActorId('1002'))?.id, '2001');
    t.equal((await store.objects.getByUri(`${BO}/statuses/4001`))?.id, '4001');
    if (written.get('solutions')!.length) {
      const found = await store.solutions.search({ text: 'påmindelse', limit: 10, offset: 0 });
      t.same(found.items.map((s) => s.id), ['9301'], 'the catalogue search finds a solution stored before');
      t.same((await store.solutions.search({ sector: ['employment'], limit: 10, offset: 0 })).items.map((s) => s.id), ['9301'], 'and its facets');
      t.same((await store.solutions.search({ text: 'påmindelse', tag: ['sms'], limit: 10, offset: 0 })).items.map((s) => s.id), ['9301'], 'by text and facet');
      const browse = await store.solutions.search({ limit: 10, offset: 0 });
      t.equal(browse.total, 1, 'the browse total counts it');
      t.same(browse.facets.sector, [{ value: 'employment', count: 1 }], 'and the browse counters');
      t.same((await store.solutions.listRevisions('9301')).map((r) => r.revision), [1]);
    }
    t.same(await store.migrate(), [], 'opening again applies nothing');
  });
}
