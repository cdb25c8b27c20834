import type { Actor, Store, Visibility } from '../../store/port.js';
import type { FedDeps } from '../federation.js';

/** What one activity handler gets. `tx` is the transaction the handler's writes go through. */
export interface HandlerContext {
  fed: FedDeps;
  tx: Store;
  activity: Record<string, unknown>;
  /** The verified signer, stored. */
  actor: Actor;
  recipient: string | null;
}

export interface HandlerResult {
  /** Recorded with the activity (what a Like likes, what an Announce boosts). */
  objectUri?: string | null;
  /**
   * The handler refused the activity and changed nothing (a Create of an object attributed to
   * someone else, of a type we do not store, of an object we already hold). It is still recorded,
   * so a redelivery stays a no-op, but under IGNORED_TYPE: a forged Create must not count as a
   * status of its signer (statuses_count, last_status_at), since those count Create records.
   */
  ignored?: boolean;
}

/** The type an ignored activity is recorded under; no count, timeline or collection reads it. */
export const IGNORED_TYPE = 'Ignored';

export type ActivityHandler = (ctx: HandlerContext) => Promise<HandlerResult | void>;

export const idOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined;

export const typeOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' ? (v as { type: string }).type : undefined;

const PUBLIC_SPELLINGS = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(idOf).filter((x): x is string => !!x);

export function isPublic(doc: Record<string, unknown>): boolean {
  return [...list(doc.to), ...list(doc.cc)].some((x) => PUBLIC_SPELLINGS.has(x));
}

/** Mastodon's reading of to/cc. */
export function visibilityOf(doc: Record<string, unknown>, actor: Actor): Visibility {
  const to = list(doc.to);
  const cc = list(doc.cc);
  if (to.some((x) => PUBLIC_SPELLINGS.has(x))) return 'public';
  if (cc.some((x) => PUBLIC_SPELLINGS.has(x))) return 'unlisted';
  if (actor.followersUri && [...to, ...cc].includes(actor.followersUri)) return 'private';
  return 'direct';
}

/** A local actor named by URI (the object of a Follow, the follower in an Accept). */
export async function localActorByUri(tx: Store, uri: string | undefined): Promise<Actor | undefined> {
  if (!uri) return undefined;
  const actor = await tx.actors.getByUri(uri);
  return actor && actor.domain === null ? actor : undefined;
}
