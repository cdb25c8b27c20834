import { MongoClient, type ClientSession, type Db, type TransactionOptions } from 'mongodb';
import type { SolutionRecord, Store } from '../port.js';
import type { MongoCtx } from './context.js';
import { isTransientTransactionError, isUnknownCommitResult } from './errors.js';
import { applyMigrations, pendingSchema } from './migrations.js';
import { databaseNameOf, redactUri } from './uri.js';
import { MongoActors } from './actors.js';
import { MongoUsers } from './users.js';
import { MongoTokens } from './tokens.js';
import { MongoWebSessions } from './web-sessions.js';
import { MongoIdentityLinks } from './identity-links.js';
import { MongoSolutionDrafts } from './solution-drafts.js';
import { MongoPushSubscriptions } from './push-subscriptions.js';
import { MongoNodeLeases } from './node-leases.js';
import { MongoCounters } from './counters.js';
import { MongoStreamEvents } from './stream-events.js';
import { MongoMediaFiles } from './media-files.js';
import { MongoAccountLinks } from './account-links.js';
import { MongoRelations } from './relations.js';
import { MongoObjects } from './objects.js';
import { MongoMeta } from './meta.js';
import { MongoDomainPolicies } from './domain-policies.js';
import { MongoAudit } from './audit.js';
import { MongoReports } from './reports.js';
import { MongoJobs, MongoDeliveryHosts } from './jobs.js';
import { MongoFollows } from './follows.js';
import { MongoActivities } from './activities.js';
import { MongoOAuthApps, MongoAuthorizationCodes } from './oauth.js';
import { MongoMarkers } from './markers.js';
import { MongoUserSettings } from './user-settings.js';
import { MongoLists } from './lists.js';
import { MongoFilters } from './filters.js';
import { MongoTransfer } from './transfer.js';
import { MongoMedia } from './media.js';
import { MongoSolutions } from './solutions.js';
import { MongoStatuses } from './statuses.js';
import { MongoNotifications } from './notifications.js';
import { MongoAgencyFeed, MongoRelays } from './network.js';

export interface MongoStoreOptions {
  /** A replica set (or sharded cluster) connection string: transactions need one. */
  uri: string;
  /** Defaults to the database named in the URI, else `samspil`. */
  dbName?: string;
  /**
   * `check` (the default, every app node's start): refuse to run on a schema that `samspil
   * migrate` has not brought up to date. `apply`: migrate and build indexes (`samspil migrate`).
   */
  schema?: 'check' | 'apply' | 'defer';
}

/** The repositories bound to one context (the client's, or one transaction's session). */
class MongoRepositories {
  readonly actors; readonly users; readonly tokens; readonly webSessions; readonly identityLinks; readonly objects; readonly meta; readonly domainPolicies; readonly audit; readonly reports;
  readonly jobs; readonly deliveryHosts; readonly follows; readonly activities;
  readonly oauthApps; readonly authorizationCodes; readonly markers; readonly userSettings; readonly lists; readonly filters;
  readonly media; readonly solutions; readonly solutionDrafts; readonly pushSubscriptions; readonly nodeLeases; readonly counters; readonly streamEvents; readonly mediaFiles; readonly relations; readonly statuses; readonly notifications; readonly transfer;
  readonly relays; readonly agencyFeed; readonly accountLinks;
  constructor(ctx: MongoCtx) {
    this.actors = new MongoActors(ctx);
    this.users = new MongoUsers(ctx);
    this.tokens = new MongoTokens(ctx);
    this.webSessions = new MongoWebSessions(ctx);
    this.identityLinks = new MongoIdentityLinks(ctx);
    this.objects = new MongoObjects(ctx);
    this.meta = new MongoMeta(ctx);
    this.domainPolicies = new MongoDomainPolicies(ctx);
    this.audit = new MongoAudit(ctx);
    this.reports = new MongoReports(ctx);
    this.jobs = new MongoJobs(ctx);
    this.deliveryHosts = new MongoDeliveryHosts(ctx);
    this.follows = new MongoFollows(ctx);
    this.activities = new MongoActivities(ctx);
    this.oauthApps = new MongoOAuthApps(ctx);
    this.authorizationCodes = new MongoAuthorizationCodes(ctx);
    this.markers = new MongoMarkers(ctx);
    this.userSettings = new MongoUserSettings(ctx);
    this.lists = new MongoLists(ctx);
    this.filters = new MongoFilters(ctx);
    this.media = new MongoMedia(ctx);
    this.solutions = new MongoSolutions(ctx);
    this.solutionDrafts = new MongoSolutionDrafts(ctx);
    this.relations = new MongoRelations(ctx);
    this.pushSubscriptions = new MongoPushSubscriptions(ctx);
    this.nodeLeases = new MongoNodeLeases(ctx);
    this.counters = new MongoCounters(ctx);
    this.streamEvents = new MongoStreamEvents(ctx);
    this.mediaFiles = new MongoMediaFiles(ctx);
    this.statuses = new MongoStatuses(ctx);
    this.notifications = new MongoNotifications(ctx);
    this.relays = new MongoRelays(ctx);
    this.agencyFeed = new MongoAgencyFeed(ctx);
    this.accountLinks = new MongoAccountLinks(ctx);
    // One line per record kind of the port (port/transfer.ts), in any order.
    this.transfer = new MongoTransfer({
      meta: this.meta.t, actors: this.actors.t, users: this.users.t, tokens: this.tokens.t, webSessions: this.webSessions.t, oauthApps: this.oauthApps.t,
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
    }, { solutions: (records) => this.solutions.countInserted(records as unknown as SolutionRecord[]) });
  }
}

/**
 * Snapshot reads and majority writes: a transaction sees one consistent state and, once
 * committed, survives a failover.
 */
const TX_OPTIONS: TransactionOptions = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } };
/** A write conflict with another transaction aborts one of them; it is run again from the start. */
const MAX_TX_ATTEMPTS = 5;

/**
 * Runs `fn` in a transaction on a fresh session. On a transient error (write conflict, election)
 * the whole function runs again, so `fn` must only act through the store it is given (true of
 * every caller: state outside the store is touched after the transaction returns). Operations on
 * the session go one at a time: `fn` awaits each before the next (no Promise.all on `tx`).
 */
export async function runTransaction<R>(client: MongoClient, fn: (session: ClientSession) => Promise<R>): Promise<R> {
  const session = client.startSession();
  try {
    for (let attempt = 1; ; attempt++) {
      session.startTransaction(TX_OPTIONS);
      try {
        const result = await fn(session);
        await commit(session);
        return result;
      } catch (e) {
        if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
        if (attempt < MAX_TX_ATTEMPTS && isTransientTransactionError(e)) continue;
        throw e;
      }
    }
  } finally {
    await session.endSession();
  }
}

/** A commit whose outcome is unknown (network, failover) is safe to repeat: the server deduplicates it. */
async function commit(session: ClientSession): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await session.commitTransaction();
      return;
    } catch (e) {
      if (attempt < 3 && isUnknownCommitResult(e)) continue;
      throw e;
    }
  }
}

class MongoStore extends MongoRepositories implements Store {
  readonly kind = 'mongodb' as const;

  constructor(private readonly client: MongoClient, private readonly db: Db) {
    super(MongoStore.rootCtx(client, db));
  }

  private static rootCtx(client: MongoClient, db: Db): MongoCtx {
    return {
      db,
      session: undefined,
      atomically: (fn) => runTransaction(client, (session) => fn(MongoStore.sessionCtx(db, session))),
    };
  }

  private static sessionCtx(db: Db, session: ClientSession): MongoCtx {
    const ctx: MongoCtx = { db, session, atomically: (fn) => fn(ctx) }; // nested: joins the open transaction
    return ctx;
  }

  private txView(session: ClientSession): Store {
    const repos = new MongoRepositories(MongoStore.sessionCtx(this.db, session));
    const view: Store = Object.assign(repos, {
      kind: 'mongodb' as const,
      transaction: <T>(fn: (tx: Store) => Promise<T>) => fn(view),
      migrate: () => this.migrate(),
      ping: () => this.ping(),
      close: () => Promise.reject(new Error('cannot close the store inside a transaction')),
    });
    return view;
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return runTransaction(this.client, (session) => fn(this.txView(session)));
  }

  migrate(): Promise<string[]> {
    return applyMigrations(this.db);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Connects, refuses a standalone server (no transactions there), applies migrations and indexes.
 * Errors name the server without its password.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  // Fail start-up within 15 s when no member answers, unless the URI says otherwise (an option
  // given here would override the URI's).
  const selection = /[?&]serverSelectionTimeoutMS=/i.test(options.uri) ? {} : { serverSelectionTimeoutMS: 15_000 };
  // Every read and write outside transactions is majority-acknowledged, whatever the URI says:
  // a write a failover rolls back must never have been answered as done, and a read must not see
  // one (MongoDB manual, "Write Concern" and "Read Concern \"majority\""). Transactions pin
  // their own (TX_OPTIONS).
  const client = new MongoClient(options.uri, { appName: 'samspil', ...selection, writeConcern: { w: 'majority' }, readConcern: { level: 'majority' } });
  try {
    await client.connect();
    const hello = await client.db('admin').command({ hello: 1 });
    if (!hello.setName && hello.msg !== 'isdbgrid') {
      throw new Error(`the mongodb store needs a replica set or a sharded cluster (it uses transactions); ${redactUri(options.uri)} is a standalone server (see docs/scaling.md)`);
    }
    const db = client.db(options.dbName ?? databaseNameOf(options.uri) ?? 'samspil');
    if (options.schema === 'apply') await applyMigrations(db);
    else if (options.schema !== 'defer') {
      const pending = await pendingSchema(db);
      if (pending.migrations.length || pending.indexes.length) {
        const what = [...pending.migrations.map((m) => `migration ${m}`), ...pending.indexes.slice(0, 5).map((i) => `index ${i}`)];
        throw new Error(`the database schema is not current (${what.join(', ')}${pending.indexes.length > 5 ? ', …' : ''}); run \`samspil migrate\` once, from one node, before starting`);
      }
    }
    return new MongoStore(client, db);
  } catch (e) {
    await client.close().catch(() => undefined);
    const message = (e as Error).message.split(options.uri).join(redactUri(options.uri));
    throw new Error(`mongodb: ${message}`, { cause: e });
  }
}
