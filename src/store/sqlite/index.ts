import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SolutionRecord, Store, StoredObject } from '../port.js';
import { BackgroundCheckpointer, type CheckpointerOptions } from './checkpointer.js';
import { Gate, type Runner } from './gate.js';
import { MIGRATIONS } from './migrations/index.js';
import { SqliteActors } from './actors.js';
import { SqliteUsers } from './users.js';
import { SqliteTokens } from './tokens.js';
import { SqliteWebSessions } from './web-sessions.js';
import { SqliteIdentityLinks } from './identity-links.js';
import { SqliteSolutionDrafts } from './solution-drafts.js';
import { SqlitePushSubscriptions } from './push-subscriptions.js';
import { SqliteNodeLeases } from './node-leases.js';
import { SqliteCounters } from './counters.js';
import { SqliteStreamEvents } from './stream-events.js';
import { SqliteMediaFiles } from './media-files.js';
import { SqliteAccountLinks } from './account-links.js';
import { SqliteRelations } from './relations.js';
import { SqliteObjects } from './objects.js';
import { SqliteMeta } from './meta.js';
import { SqliteDomainPolicies } from './domain-policies.js';
import { SqliteAudit } from './audit.js';
import { SqliteReports } from './reports.js';
import { SqliteJobs, SqliteDeliveryHosts } from './jobs.js';
import { SqliteFollows } from './follows.js';
import { SqliteActivities } from './activities.js';
import { SqliteOAuthApps, SqliteAuthorizationCodes } from './oauth.js';
import { SqliteMarkers } from './markers.js';
import { SqliteMedia } from './media.js';
import { SqliteUserSettings } from './user-settings.js';
import { SqliteLists } from './lists.js';
import { SqliteFilters } from './filters.js';
import { SqliteSolutions } from './solutions.js';
import { metaTable, SqliteTransfer } from './transfer.js';
import { SqliteStatuses } from './statuses.js';
import { SqliteNotifications } from './notifications.js';
import { SqliteAgencyFeed, SqliteRelays } from './network.js';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for tests that need no file. */
  path: string;
  /** Background WAL checkpoints (checkpointer.ts); tests lower the size at which they start. */
  checkpoints?: CheckpointerOptions;
}

/** The repositories over one connection, bound to a runner (gated outside a transaction, direct inside). */
class SqliteRepositories {
  readonly actors; readonly users; readonly tokens; readonly webSessions; readonly identityLinks; readonly objects; readonly meta; readonly domainPolicies; readonly audit; readonly reports;
  readonly jobs; readonly deliveryHosts; readonly follows; readonly activities;
  readonly oauthApps; readonly authorizationCodes; readonly markers; readonly userSettings; readonly lists; readonly filters; readonly media;
  readonly solutions; readonly solutionDrafts; readonly pushSubscriptions; readonly nodeLeases; readonly counters; readonly streamEvents; readonly mediaFiles; readonly relations; readonly statuses; readonly notifications; readonly transfer;
  readonly relays; readonly agencyFeed; readonly accountLinks;
  constructor(db: Database, run: Runner, outerRun: Runner = run, mediaDir = '') {
    this.actors = new SqliteActors(db, run);
    this.mediaFiles = new SqliteMediaFiles(mediaDir);
    this.streamEvents = new SqliteStreamEvents(db, run, () => outerRun);
    this.users = new SqliteUsers(db, run);
    this.tokens = new SqliteTokens(db, run);
    this.webSessions = new SqliteWebSessions(db, run);
    this.identityLinks = new SqliteIdentityLinks(db, run);
    this.objects = new SqliteObjects(db, run);
    this.meta = new SqliteMeta(db, run);
    this.domainPolicies = new SqliteDomainPolicies(db, run);
    this.audit = new SqliteAudit(db, run);
    this.reports = new SqliteReports(db, run);
    this.jobs = new SqliteJobs(db, run);
    this.deliveryHosts = new SqliteDeliveryHosts(db, run);
    this.follows = new SqliteFollows(db, run);
    this.activities = new SqliteActivities(db, run);
    this.oauthApps = new SqliteOAuthApps(db, run);
    this.authorizationCodes = new SqliteAuthorizationCodes(db, run);
    this.markers = new SqliteMarkers(db, run);
    this.userSettings = new SqliteUserSettings(db, run);
    this.lists = new SqliteLists(db, run);
    this.filters = new SqliteFilters(db, run);
    this.media = new SqliteMedia(db, run);
    this.solutions = new SqliteSolutions(db, run);
    this.solutionDrafts = new SqliteSolutionDrafts(db, run);
    this.relations = new SqliteRelations(db, run);
    this.pushSubscriptions = new SqlitePushSubscriptions(db, run);
    this.nodeLeases = new SqliteNodeLeases(db, run);
    this.counters = new SqliteCounters(db, run);
    this.statuses = new SqliteStatuses(db, run);
    this.notifications = new SqliteNotifications(db, run);
    this.relays = new SqliteRelays(db, run);
    this.agencyFeed = new SqliteAgencyFeed(db, run);
    this.accountLinks = new SqliteAccountLinks(db, run);
    // One line per record kind of the port (port/transfer.ts), in any order.
    this.transfer = new SqliteTransfer(db, run, {
      meta: metaTable(db), actors: this.actors.t, users: this.users.t, tokens: this.tokens.t, webSessions: this.webSessions.t, oauthApps: this.oauthApps.t,
      authorizationCodes: this.authorizationCodes.t, markers: this.markers.t, userSettings: this.userSettings.t, lists: this.lists.t,
      objects: this.objects.t, activities: this.activities.t, follows: this.follows.t, reports: this.reports.t,
      domainPolicies: this.domainPolicies.t, audit: this.audit.t, jobs: this.jobs.t, deliveryHosts: this.deliveryHosts.t,
      media: this.media.t, solutions: this.solutions.t, solutionRevisions: this.solutions.revisions, adoptions: this.solutions.adoptions,
      bookmarks: this.statuses.bookmarks, statusVersions: this.statuses.versions, idempotencyKeys: this.statuses.idempotency,
      notifications: this.notifications.t, postSubscriptions: this.notifications.subscriptions, solutionDrafts: this.solutionDrafts.t, pushSubscriptions: this.pushSubscriptions.t, identityLinks: this.identityLinks.t,
      blocks: this.relations.blocks, mutes: this.relations.mutes, domainBlocks: this.relations.domainBlocks, accountNotes: this.relations.notes, statusPins: this.relations.pins,
      relays: this.relays.t, agencyFeedHidden: this.agencyFeed.t, accountLinks: this.accountLinks.t,
      listMembers: this.lists.memberTable, notificationPolicies: this.notifications.policies,
      filters: this.filters.t, filterKeywords: this.filters.keywords, filterStatuses: this.filters.statuses,
    }, { solutions: (r) => this.solutions.reindex(r as unknown as SolutionRecord), objects: (r) => this.objects.reindex(r as unknown as StoredObject) });
  }
}

class SqliteStore extends SqliteRepositories implements Store {
  readonly kind = 'sqlite' as const;
  private readonly gate: Gate;
  private txStore: Store | undefined;

  constructor(private readonly db: Database, gate: Gate, private readonly mediaDir: string, readonly checkpointer?: BackgroundCheckpointer) {
    super(db, gate.run, gate.run, mediaDir);
    this.gate = gate;
  }

  private txView(): Store {
    if (!this.txStore) {
      const repos = new SqliteRepositories(this.db, Gate.direct, this.gate.run, this.mediaDir);
      const view: Store = Object.assign(repos, {
        kind: 'sqlite' as const,
        transaction: <T>(fn: (tx: Store) => Promise<T>) => fn(view), // nested: joins the open transaction
        migrate: () => this.migrate(),
        ping: () => this.ping(),
        close: () => Promise.reject(new Error('cannot close the store inside a transaction')),
      });
      this.txStore = view;
    }
    return this.txStore;
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.gate.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.txView());
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async migrate(): Promise<string[]> {
    return applyMigrations(this.db);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    await this.gate.exclusive(async () => {
      if (this.db.open) this.db.close();
    });
  }
}

function applyMigrations(db: Database): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(m.name, new Date().toISOString());
    })();
    applied.push(m.name);
  }
  return applied;
}

/** Opens (creating if needed) the SQLite file, WAL mode, foreign keys on, and applies migrations. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new BetterSqlite3(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // WAL + NORMAL: durable across process crashes, fast commits
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db);
  // Uploads live beside the database file (the data directory's media/), as they always have.
  const mediaDir = options.path === ':memory:' ? mkdtempSync(join(tmpdir(), 'samspil-media-')) : join(dirname(options.path), 'media');
  const checkpointer = options.path === ':memory:' ? undefined : new BackgroundCheckpointer(db, options.path, options.checkpoints);
  checkpointer?.start();
  const store = new SqliteStore(db, new Gate(), mediaDir, checkpointer);
  // Posts stored before the post search existed (migration 018b) are indexed once.
  store.objects.backfillSearch();
  return store;
}
