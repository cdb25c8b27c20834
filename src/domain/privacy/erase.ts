import { DomainError } from '../../errors.js';
import { PUBLIC, AS_CONTEXT } from '../../activitypub/vocab/context.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import type { Actor, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { getLocalLogin } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import { releaseSolutionsOf, type AuthoredSolutions } from '../solutions/publish.js';

export interface ErasureResult {
  username: string;
  objectsDeleted: number;
  activitiesDeleted: number;
  followsDeleted: number;
  reportsDeleted: number;
  mediaDeleted: number;
  draftsDeleted: number;
  /** Bookmarks, home feed entries, notifications to and from them, subscriptions, list memberships. */
  clientRecordsDeleted: number;
  /** Blocks, mutes, domain blocks, notes (theirs and about them) and pins. */
  relationsDeleted: number;
  /** Solutions they wrote that stay the agency's, without their name / that were deleted. */
  solutionsKept: number;
  solutionsDeleted: number;
  /** Inboxes the Delete(actor) goes to. */
  inboxes: number;
  /** True when this call finished an erasure an earlier one (or a crash) left unfinished. */
  resumed: boolean;
}

type Counts = Omit<ErasureResult, 'username' | 'inboxes' | 'resumed'>;
const ZERO: Counts = {
  objectsDeleted: 0, activitiesDeleted: 0, followsDeleted: 0, reportsDeleted: 0, mediaDeleted: 0, draftsDeleted: 0,
  clientRecordsDeleted: 0, relationsDeleted: 0, solutionsKept: 0, solutionsDeleted: 0,
};

/** Records erased per transaction: each chunk stays far inside MongoDB's 60 s and 16 MB limits. */
export const ERASURE_CHUNK = 500;
const MAX_FOLLOWS = 100_000;

/** What the durable `erase` job carries: enough to finish without the caller. */
export interface ErasureJob {
  actorId: string;
  userId: string;
  username: string;
  by: string;
  solutions: AuthoredSolutions;
  /** Where the Delete(actor) goes: computed before any follow is deleted. */
  inboxes: string[];
}

/**
 * Progress, written in the same transaction as each chunk (meta `erasure:<actorId>`): the stage
 * reached, the totals so far (so a resumed erasure reports and audits what all runs removed), and
 * the names of files whose rows the last chunk removed, deleted after it commits (and again on a
 * resume, when a crash came between the commit and the deletion: deleting a file is idempotent).
 */
interface Progress {
  stage: number;
  counts: Counts;
  files: string[];
  /** When it was last written: a runner at work writes it every chunk. */
  at?: string;
}

export interface ErasureOptions {
  /** Records per transaction (tests use a small one). */
  chunk?: number;
  /** Called after each chunk commits (tests throw from it to simulate a crash between chunks). */
  onChunk?: (stage: string, removed: number) => void | Promise<void>;
}

type Fed = Deps & { wake?: () => void };

interface Stage {
  name: string;
  /** Removes at most `limit` records; `removed` < `limit` means the stage found nothing more. */
  run(fed: Fed, tx: Store, job: ErasureJob, actor: Actor, limit: number): Promise<{ removed: number; add: Partial<Counts>; files?: string[] }>;
  /** A smaller chunk for stages whose records are large or cost several writes each. */
  divisor?: number;
}

/**
 * In order: solutions first, because the uploads of the ones the agency keeps pass to it and must
 * not be deleted with the person's own below.
 */
const STAGES: Stage[] = [
  {
    name: 'solutions', divisor: 10,
    async run(fed, tx, job, actor, limit) {
      const r = await releaseSolutionsOf(fed, tx, actor, job.solutions, limit);
      return { removed: r.handled, add: { solutionsKept: r.kept, solutionsDeleted: r.deleted } };
    },
  },
  // Drafts were never published: they go with the person (their uploads go next).
  { name: 'drafts', async run(_f, tx, job, _a, limit) { const n = await tx.solutionDrafts.deleteByAuthor(job.actorId, limit); return { removed: n, add: { draftsDeleted: n } }; } },
  {
    name: 'media',
    async run(_f, tx, job, _a, limit) {
      const rows = await tx.media.deleteByOwner(job.actorId, limit);
      return { removed: rows.length, add: { mediaDeleted: rows.length }, files: rows.map((m) => m.fileName) };
    },
  },
  { name: 'posts', async run(_f, tx, job, _a, limit) { const n = await tx.objects.deleteAllOf(job.actorId, limit); return { removed: n, add: { objectsDeleted: n } }; } },
  { name: 'activities', async run(_f, tx, job, _a, limit) { const n = await tx.activities.deleteAllOf(job.actorId, limit); return { removed: n, add: { activitiesDeleted: n } }; } },
  { name: 'follows', async run(_f, tx, job, _a, limit) { const n = await tx.follows.deleteAllOf(job.actorId, limit); return { removed: n, add: { followsDeleted: n } }; } },
  { name: 'reports', async run(_f, tx, job, _a, limit) { const n = await tx.reports.deleteByReporter(job.actorId, limit); return { removed: n, add: { reportsDeleted: n } }; } },
  // Client-API state: bookmarks, home feed, notifications to and from the account, subscriptions.
  { name: 'client state', async run(_f, tx, job, _a, limit) { const n = await tx.statuses.forgetAccount(job.actorId, limit); return { removed: n, add: { clientRecordsDeleted: n } }; } },
  // Blocks, mutes, domain blocks and notes they made or that name them; their pins.
  { name: 'relations', async run(_f, tx, job, _a, limit) { const n = await tx.relations.forgetAccount(job.actorId, limit); return { removed: n, add: { relationsDeleted: n } }; } },
];

const progressKey = (actorId: string) => `erasure:${actorId}`;
const jobKey = (actorId: string) => `erase:${actorId}`;

async function readProgress(store: Store, actorId: string): Promise<Progress> {
  const raw = await store.meta.get(progressKey(actorId));
  const p = raw ? (JSON.parse(raw) as Partial<Progress>) : {};
  return { stage: p.stage ?? 0, counts: { ...ZERO, ...p.counts }, files: p.files ?? [], ...(p.at ? { at: p.at } : {}) };
}

function add(counts: Counts, more: Partial<Counts>): void {
  for (const [k, v] of Object.entries(more) as Array<[keyof Counts, number]>) counts[k] += v;
}

async function deleteFiles(fed: Fed, files: string[]): Promise<void> {
  // One copy in the store (files beside SQLite, GridFS on MongoDB): deleted there, it is gone for every node.
  for (const name of files) await fed.store.mediaFiles.delete(name);
}

/** The files a committed chunk left to delete: deleted, then the record of them cleared. */
async function settleFiles(fed: Fed, actorId: string, files: string[]): Promise<void> {
  if (files.length === 0) return;
  await deleteFiles(fed, files);
  await fed.store.transaction(async (tx) => {
    const p = await readProgress(tx, actorId);
    await tx.meta.set(progressKey(actorId), JSON.stringify({ ...p, files: [], at: fed.now().toISOString() }));
  });
}

function describe(p: Progress): string {
  const done = STAGES.slice(0, p.stage).map((s) => s.name);
  const left = STAGES.slice(p.stage).map((s) => s.name);
  return `done: ${done.join(', ') || 'nothing yet'}; left: ${[...left, 'the tombstone'].join(', ')}`;
}

/**
 * Runs (or resumes) an erasure in bounded chunks: each stage removes at most `chunk` records per
 * transaction until a chunk finds fewer, recording its progress in the same transaction, so a crash
 * between two chunks loses nothing and a rerun goes on where it stopped (every chunk is "delete up
 * to n of what is left": running one twice is harmless). The tombstone comes last, in one small
 * transaction after every chunk has committed: the login is deleted, the actor emptied and marked
 * deleted (its URL answers 410 Gone), Delete(actor) queued, the erasure audited. So an account that
 * looks erased has nothing left, and one that does not is still being erased by its `erase` job.
 * Idempotent: on an actor already tombstoned it only finishes deleting files a crash left.
 */
export async function runErasure(fed: Fed, job: ErasureJob, options: ErasureOptions = {}): Promise<{ counts: Counts; tombstoned: boolean }> {
  const chunk = Math.max(1, options.chunk ?? ERASURE_CHUNK);
  const actor = await fed.store.actors.getById(job.actorId);
  if (!actor) throw new DomainError('not_found', 'ACCOUNT_NOT_FOUND', `no account with id ${job.actorId}`);
  const start = await readProgress(fed.store, job.actorId);
  await settleFiles(fed, job.actorId, start.files);
  if (actor.deletedAt) return { counts: start.counts, tombstoned: false };

  const limitOf = (s: Stage) => Math.max(1, Math.floor(chunk / (s.divisor ?? 1)));
  for (let i = start.stage; i < STAGES.length; i++) {
    const stage = STAGES[i]!;
    const limit = limitOf(stage);
    // Bounded: every chunk removes `limit` records of a finite set, or ends the stage.
    for (let round = 0; round < 10_000_000; round++) {
      const r = await fed.store.transaction(async (tx) => {
        const p = await readProgress(tx, job.actorId);
        const out = await stage.run(fed, tx, job, actor, limit);
        add(p.counts, out.add);
        const finished = out.removed < limit;
        await tx.meta.set(progressKey(job.actorId), JSON.stringify({ stage: finished ? i + 1 : i, counts: p.counts, files: out.files ?? [], at: fed.now().toISOString() } satisfies Progress));
        return { ...out, finished };
      });
      await settleFiles(fed, job.actorId, r.files ?? []);
      await options.onChunk?.(stage.name, r.removed);
      if (r.finished) break;
    }
  }

  // The tombstone, with one more bounded sweep of every stage in the same transaction: whatever
  // arrived after its stage ended (a remote reply's notification, a follow request) goes with it.
  // If the sweep fills a chunk, or finds files, it commits alone and the next round tombstones.
  for (let round = 0; round < 100; round++) {
    const r = await fed.store.transaction(async (tx) => {
      const current = await tx.actors.getById(job.actorId);
      const p = await readProgress(tx, job.actorId);
      if (!current || current.deletedAt) return { tombstoned: false, again: false, files: [] as string[], counts: p.counts };
      let full = false;
      const files: string[] = [];
      for (const stage of STAGES) {
        const out = await stage.run(fed, tx, job, actor, limitOf(stage));
        add(p.counts, out.add);
        if (out.removed >= limitOf(stage)) full = true;
        files.push(...(out.files ?? []));
      }
      const again = full || files.length > 0;
      await tx.meta.set(progressKey(job.actorId), JSON.stringify({ stage: STAGES.length, counts: p.counts, files, at: fed.now().toISOString() } satisfies Progress));
      if (again) return { tombstoned: false, again, files, counts: p.counts };
      await tx.users.delete(job.userId);
      const now = fed.now().toISOString();
      await tx.actors.update(job.actorId, {
        displayName: '', summary: '', fields: [], avatarUrl: null, headerUrl: null, raw: null,
        manuallyApprovesFollowers: true, discoverable: false, indexable: false, suspendedAt: current.suspendedAt ?? now, deletedAt: now,
      });
      if (job.inboxes.length) {
        const activity = { '@context': AS_CONTEXT, id: `${actor.uri}#delete`, type: 'Delete', actor: actor.uri, object: actor.uri, to: [PUBLIC] };
        await queueDelivery(fed, tx, actor, activity, { inboxes: job.inboxes });
      }
      await audit(fed, { actor: job.by, action: 'account.erase', target: job.username, details: { ...p.counts, inboxes: job.inboxes.length } }, tx);
      return { tombstoned: true, again: false, files, counts: p.counts };
    });
    await settleFiles(fed, job.actorId, r.files);
    if (!r.again) return { counts: r.counts, tombstoned: r.tombstoned };
  }
  throw new DomainError('unavailable', 'ERASURE_INCOMPLETE', `the erasure of @${job.username} keeps finding new records; it goes on in its job`);
}

/**
 * The `erase` job: the fallback for a caller that died midway. While a runner is visibly at work
 * (progress written within one job lease: the caller itself, on an erasure that outlives the
 * job's delay, or another node) it steps aside and is retried with back-off, rather than racing it
 * chunk for chunk (harmless, as chunks are idempotent, but on MongoDB every chunk of both would
 * conflict on the progress document and be retried).
 */
export async function runErasureJob(fed: Fed, job: ErasureJob): Promise<void> {
  const actor = await fed.store.actors.getById(job.actorId);
  const p = await readProgress(fed.store, job.actorId);
  const age = p.at ? fed.now().getTime() - Date.parse(p.at) : Infinity;
  if (actor && !actor.deletedAt && age < fed.config.federation.jobLeaseMs) {
    throw new Error(`the erasure of @${job.username} is in progress elsewhere (progress written ${Math.round(age / 1000)} s ago); retrying later`);
  }
  await runErasure(fed, job);
}

/**
 * Erases a person (the right to erasure): their login and everything hanging off it, their posts,
 * activities, follows, uploads (rows and bytes) and the reports they filed. Every server that
 * follows them or that they follow is sent Delete(actor), so their copies go too. What stays is a
 * tombstone actor row: its URI and username (already public, and never to be reused by someone
 * else) and the key that signs the Delete; the actor URL answers 410 Gone. The audit log keeps the
 * admin action.
 *
 * First, in one small transaction, the login is disabled (tokens revoked, sessions ended, so the
 * person adds nothing while it runs), the actor suspended (follow requests are ignored) and a
 * durable `erase` job queued, due one job lease later. Then this call runs the chunks itself
 * (`runErasure`). If it dies midway, the job finishes the erasure on whichever node claims it
 * (retried with back-off, `samspil jobs retry` once dead); calling this again resumes it at once.
 * Once done, the job finds the tombstone and ends without doing anything.
 */
export async function eraseAccount(fed: Fed, input: { username: string; by: string; solutions?: AuthoredSolutions }, options: ErasureOptions = {}): Promise<ErasureResult> {
  const { actor, user } = await getLocalLogin(fed, input.username);
  if (actor.deletedAt) throw new DomainError('gone', 'ACCOUNT_ERASED', `@${input.username} was already erased`);
  const pending = await fed.store.jobs.getByKey(jobKey(actor.id));
  let job: ErasureJob;
  if (pending) {
    // Resuming: what was decided when it started holds (solutions kept or deleted, the inboxes).
    job = pending.payload as unknown as ErasureJob;
  } else {
    if (user.role === 'admin' && !user.disabledAt && (await fed.store.users.count({ role: 'admin', enabledOnly: true })) <= 1) {
      throw new DomainError('conflict', 'LAST_ADMIN', `"${input.username}" is the only enabled admin; make another admin first`);
    }
    // Where the Delete must go, computed before the follows are deleted.
    const inboxes = new Set(await fed.store.follows.followerInboxes(actor.id));
    for (const f of await fed.store.follows.listFollowing(actor.id, { state: 'accepted', limit: MAX_FOLLOWS })) {
      const followee = await fed.store.actors.getById(f.followeeId);
      if (followee?.domain) inboxes.add(followee.sharedInbox ?? followee.inbox);
    }
    job = { actorId: actor.id, userId: user.id, username: input.username, by: input.by, solutions: input.solutions ?? 'keep', inboxes: [...inboxes] };
    const now = fed.now();
    const at = now.toISOString();
    await fed.store.transaction(async (tx) => {
      await tx.tokens.revokeAllForUser(user.id, at);
      await tx.webSessions.deleteAllForUser(user.id);
      await tx.users.update(user.id, { disabledAt: user.disabledAt ?? at });
      await tx.actors.update(actor.id, { suspendedAt: actor.suspendedAt ?? at });
      await tx.meta.set(progressKey(actor.id), JSON.stringify({ stage: 0, counts: ZERO, files: [], at } satisfies Progress));
      // Due a lease later, so a running server does not race this call; it is the fallback if this process dies.
      await tx.jobs.enqueue({ type: 'erase', key: jobKey(actor.id), payload: job as unknown as Record<string, unknown>, runAt: new Date(now.getTime() + fed.config.federation.jobLeaseMs).toISOString() }, at);
    });
  }
  let counts: Counts;
  try {
    ({ counts } = await runErasure(fed, job, options));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const p = await readProgress(fed.store, actor.id).catch(() => undefined);
    throw new DomainError('unavailable', 'ERASURE_INCOMPLETE',
      `the erasure of @${input.username} stopped (${p ? describe(p) : 'progress unknown'}); its erase job finishes it, or run the erasure again to resume now`,
      { cause: err, retryAfterSeconds: Math.ceil(fed.config.federation.jobLeaseMs / 1000) });
  }
  // In the server this starts delivery at once; from the CLI the server's job runner picks it up.
  fed.wake?.();
  return { username: input.username, ...counts, inboxes: job.inboxes.length, resumed: !!pending };
}
