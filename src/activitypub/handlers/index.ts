import type { Actor, Job, Store } from '../../store/port.js';
import { newId } from '../../ids.js';
import type { FedDeps } from '../federation.js';
import { PermanentJobError } from '../../jobs/runner.js';
import { isPublic, idOf, IGNORED_TYPE, type ActivityHandler } from './context.js';
import { handleFollow } from './follow.js';
import { handleAccept } from './accept.js';
import { handleReject } from './reject.js';
import { handleUndo } from './undo.js';
import { handleCreate } from './create.js';
import { handleUpdate } from './update.js';
import { handleDelete } from './delete.js';
import { handleLike } from './like.js';
import { handleAnnounce } from './announce.js';
import { handleFlag } from './flag.js';
import { handleAdd, handleAdopt } from './adopt.js';
import { handleBlock } from './block.js';
import { handleFeaturedChange, isFeaturedChange } from './featured.js';
import { announce } from '../../domain/streaming/events.js';

export const HANDLERS: Record<string, ActivityHandler> = {
  Follow: handleFollow,
  Accept: handleAccept,
  Reject: handleReject,
  Undo: handleUndo,
  Create: handleCreate,
  Update: handleUpdate,
  Delete: handleDelete,
  Like: handleLike,
  Announce: handleAnnounce,
  Flag: handleFlag,
  Adopt: handleAdopt,
  // Add to the featured collection is a pin; other Adds are adoptions.
  Add: (ctx) => (isFeaturedChange(ctx) ? handleFeaturedChange(ctx) : handleAdd(ctx)),
  Remove: (ctx) => (isFeaturedChange(ctx) ? handleFeaturedChange(ctx) : Promise.resolve({ objectUri: null, ignored: true })),
  Block: handleBlock,
};

/** Types the inbox queues; anything else is answered 202 and dropped. */
export const KNOWN_ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.keys(HANDLERS));

interface InboxPayload {
  activity: Record<string, unknown>;
  actorUri: string;
  recipient: string | null;
}

/** What applying one activity inside a transaction changed, for the steps after the commit. */
interface Applied {
  applied: boolean;
  uri: string;
  type: string;
  domain: string | null;
}

/**
 * Applies one activity inside `tx` together with the record of its id, so a redelivery (or a rerun
 * after a crash) finds the id and changes nothing. `undefined`: nothing to apply (an unknown type,
 * a suspended signer).
 */
async function applyInboxActivity(fed: FedDeps, tx: Store, payload: InboxPayload, actor: Actor): Promise<Applied | undefined> {
  const { activity, recipient } = payload;
  const handler = HANDLERS[String(activity.type)];
  if (!handler || actor.suspendedAt) return undefined;
  const uri = String(activity.id);
  const base = { uri, type: String(activity.type), domain: actor.domain ?? null };
  if (await tx.activities.getByUri(uri)) return { ...base, applied: false };
  const result = await handler({ fed, tx, activity, actor, recipient });
  await tx.activities.put({
    id: newId(fed.now().getTime()),
    uri,
    type: result?.ignored ? IGNORED_TYPE : String(activity.type),
    actorId: actor.id,
    objectUri: result?.objectUri !== undefined ? result.objectUri : (idOf(activity.object) ?? null),
    local: false,
    public: isPublic(activity),
    createdAt: fed.now().toISOString(),
    data: null,
  });
  return { ...base, applied: true };
}

/** After the commit: wake the runner, stream boosts, lift hosts' unavailable marks (once per host). */
async function afterApplied(fed: FedDeps, results: (Applied | undefined)[]): Promise<void> {
  const done = results.filter((r): r is Applied => !!r);
  if (done.some((r) => r.applied)) fed.wake(); // a handler may have queued a reply (Accept)
  for (const r of done) {
    // A boost's status id is its stored activity's: streamed once that exists.
    if (!r.applied || r.type !== 'Announce') continue;
    const stored = await fed.store.activities.getByUri(r.uri);
    if (stored) announce(fed, { kind: 'status', entryId: stored.id });
  }
  // Hearing from a host proves it is up again: lift its unavailable mark (Mastodon does the same).
  for (const domain of new Set(done.map((r) => r.domain).filter((d): d is string => !!d))) {
    const health = await fed.store.deliveryHosts.get(domain);
    if (health?.unavailableSince || health?.failures) await fed.store.deliveryHosts.recordSuccess(domain, fed.now().toISOString());
  }
}

/** The 'inbox' job, alone: one activity in one transaction. */
export async function runInboxJob(fed: FedDeps, job: Job): Promise<void> {
  const payload = job.payload as unknown as InboxPayload;
  if (!HANDLERS[String(payload.activity.type)]) return;
  const actor = await fed.store.actors.getByUri(payload.actorUri);
  if (!actor) throw new PermanentJobError(`the signer ${payload.actorUri} is no longer stored`);
  const result = await fed.store.transaction((tx) => applyInboxActivity(fed, tx, payload, actor));
  await afterApplied(fed, [result]);
}

/**
 * 'inbox' jobs in a batch: every activity applied, and its job marked done, in ONE transaction.
 * Under load that is one commit per batch instead of one per activity plus one per completion,
 * which was most of the worker's time. A job whose signer is gone, and a job whose lease was lost,
 * are handed back to run alone (its own failure, or a no-op once the other runner applied it).
 */
export async function runInboxBatch(fed: FedDeps, jobs: Job[], owner: string): Promise<Job[]> {
  const actors = new Map<string, Actor | undefined>();
  const rest: Job[] = [];
  const mine: { job: Job; payload: InboxPayload; actor: Actor }[] = [];
  for (const job of jobs) {
    const payload = job.payload as unknown as InboxPayload;
    if (!actors.has(payload.actorUri)) actors.set(payload.actorUri, await fed.store.actors.getByUri(payload.actorUri));
    const actor = actors.get(payload.actorUri);
    if (actor) mine.push({ job, payload, actor });
    else rest.push(job);
  }
  if (!mine.length) return rest;
  const outcome = await fed.store.transaction(async (tx) => {
    const now = fed.now().toISOString();
    const results: (Applied | undefined)[] = [];
    const lost: Job[] = [];
    for (const { job, payload, actor } of mine) {
      results.push(await applyInboxActivity(fed, tx, payload, actor));
      if (!(await tx.jobs.complete(job.id, owner, now))) lost.push(job);
    }
    // A lease lost mid-batch means another runner holds the job: roll back, let each run alone.
    if (lost.length) throw new LeaseLost(lost.length);
    return results;
  }).catch((e: unknown) => (e instanceof LeaseLost ? undefined : Promise.reject(e)));
  if (!outcome) return [...rest, ...mine.map((m) => m.job)];
  await afterApplied(fed, outcome);
  return rest;
}

class LeaseLost extends Error {
  constructor(n: number) {
    super(`${n} job leases lost during the batch`);
  }
}
