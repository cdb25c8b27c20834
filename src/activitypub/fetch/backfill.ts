import type { Actor, Job, Store } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';
import type { FedDeps } from '../federation.js';
import { newId } from '../../ids.js';
import { evaluateDomain } from '../../domain/policy/domains.js';
import { afterRemotePostStored } from '../../domain/solutions/ingest.js';
import { PermanentJobError, RetryableJobError } from '../../jobs/runner.js';
import { attributedTo, POST_TYPES, postFields } from '../handlers/note.js';
import { idOf, isPublic } from '../handlers/context.js';
import { fetchAsDocument, RemoteDocumentError } from './fetch-document.js';
import { fetchRemotePost } from './remote-post.js';
import { PERMANENT_FETCH_CODES } from './post-fetch-job.js';

/**
 * Backfill: the public posts and solutions an actor published before we knew it, read from its
 * outbox (an OrderedCollection, newest first) by a durable job — when our agency's follow of it is
 * accepted, and when a staff member opens the profile of a remote agency we hold no posts of.
 * Bounded by `backfill.maxItems` posts looked at, `backfill.maxPages` pages and
 * `backfill.maxAgeDays`: the walk stops at the first post older than that. Every fetch goes through
 * the guarded client (addresses, redirects, size) and the domain policy; every post must be the
 * actor's own, on its host. A post we hold is skipped, so a second run stores nothing twice.
 */

export type BackfillReason = 'follow' | 'profile';

/** Queues one backfill of `actor`; `key` makes it once per follow (or once per profile opening). */
export async function queueBackfill(deps: Pick<Deps, 'now' | 'config'>, store: Store, actor: Pick<Actor, 'uri' | 'domain'>, reason: BackfillReason, key: string): Promise<boolean> {
  if (actor.domain === null || deps.config.backfill.maxItems === 0) return false;
  const { created } = await store.jobs.enqueue({ type: 'backfill', key: `backfill:${reason}:${key}`, payload: { actorUri: actor.uri, reason } }, deps.now().toISOString());
  return created;
}

const host = (uri: string) => new URL(uri).host.toLowerCase();
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

export interface BackfillOutcome {
  /** Posts looked at (within the bounds). */
  seen: number;
  /** Posts stored now. */
  stored: number;
  pages: number;
  /** Why the walk ended. */
  end: 'exhausted' | 'count' | 'pages' | 'age';
}

/** Walks the outbox within the bounds and stores what is missing. */
export async function backfillActor(fed: FedDeps, actor: Actor): Promise<BackfillOutcome> {
  const { maxItems, maxPages, maxAgeDays } = fed.config.backfill;
  const out: BackfillOutcome = { seen: 0, stored: 0, pages: 0, end: 'exhausted' };
  if (!actor.domain || !actor.outbox || actor.suspendedAt) return out;
  if (host(actor.outbox) !== host(actor.uri)) throw new RemoteDocumentError('BAD_OUTBOX', `the outbox of ${actor.uri} is on another host`);
  if (!(await evaluateDomain(fed, actor.domain)).allowed) throw new RemoteDocumentError('BLOCKED_DOMAIN', `${actor.domain} does not federate with this instance`);
  const cutoff = fed.now().getTime() - maxAgeDays * 24 * 3600 * 1000;
  const collection = await fetchAsDocument(fed, actor.outbox);
  // `first` may be embedded (the collection's own document, same origin) or a link to fetch.
  let page: Record<string, unknown> | undefined = obj(collection.first) && Array.isArray(obj(collection.first)!.orderedItems) ? obj(collection.first) : undefined;
  let next: string | undefined = page ? undefined : idOf(collection.first);
  if (!page && !next && Array.isArray(collection.orderedItems)) page = collection;
  const visited = new Set<string>();
  while (out.pages < maxPages) {
    if (!page) {
      if (!next || visited.has(next) || host(next) !== host(actor.uri)) return out;
      visited.add(next);
      page = await fetchAsDocument(fed, next);
    }
    out.pages++;
    const items = Array.isArray(page.orderedItems) ? page.orderedItems : Array.isArray(page.items) ? page.items : [];
    for (const item of items.slice(0, 200)) {
      if (out.seen >= maxItems) return { ...out, end: 'count' };
      const activity = obj(item);
      // Posts only: boosts would fetch other servers' posts, which a backfill does not do.
      if (!activity || activity.type !== 'Create') continue;
      const embedded = obj(activity.object);
      const uri = idOf(activity.object);
      if (!uri || !/^https?:\/\//.test(uri) || host(uri) !== host(actor.uri)) continue;
      const dated = embedded ?? activity;
      const published = typeof dated.published === 'string' ? Date.parse(dated.published) : NaN;
      // Newest first: the first post past the age bound ends the walk.
      if (Number.isFinite(published) && published < cutoff) return { ...out, end: 'age' };
      if (!isPublic(embedded ?? activity)) continue;
      out.seen++;
      if (await fed.store.objects.getByUri(uri)) continue;
      if (await storeBackfilled(fed, actor, uri, embedded)) out.stored++;
    }
    next = idOf(page.next);
    page = undefined;
  }
  return { ...out, end: 'pages' };
}

/**
 * One post of the outbox. The page came from the actor's own host (fetchAsDocument checked the
 * origin), so an embedded post with an id on that host, attributed to the actor, is what fetching
 * it would give; anything else is fetched from its id.
 */
async function storeBackfilled(fed: FedDeps, actor: Actor, uri: string, embedded: Record<string, unknown> | undefined): Promise<boolean> {
  if (!embedded || embedded.id !== uri || attributedTo(embedded) !== actor.uri) {
    return !!(await fetchRemotePost(fed, uri));
  }
  if (!POST_TYPES.has(String(embedded.type))) return false;
  const fields = postFields(embedded, actor, fed.now().toISOString());
  return fed.store.transaction(async (tx) => {
    if (await tx.objects.getByUri(fields.uri)) return false;
    const stored = await tx.objects.put({ id: newId(fed.now().getTime()), ...fields });
    await afterRemotePostStored({ ...fed, store: tx }, stored); // solutions, replies to solutions
    return true;
  });
}

/** The 'backfill' job. */
export async function runBackfill(fed: FedDeps, job: Job): Promise<void> {
  const actor = await fed.store.actors.getByUri(String(job.payload.actorUri));
  if (!actor) throw new PermanentJobError(`${String(job.payload.actorUri)} is not stored`);
  try {
    const outcome = await backfillActor(fed, actor);
    fed.log.info({ actor: actor.uri, reason: job.payload.reason, ...outcome }, 'backfill done');
  } catch (e) {
    if (e instanceof RemoteDocumentError) {
      if (PERMANENT_FETCH_CODES.has(e.code) || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429)) {
        throw new PermanentJobError(`${e.code}: ${e.message}`);
      }
      throw new RetryableJobError(`${e.code}: ${e.message}`);
    }
    throw e;
  }
}
