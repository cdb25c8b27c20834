import { notFound } from '../../errors.js';
import type { Actor, StoredActivity, StoredObject, TimelineEntry } from '../../store/port.js';
import type { Deps } from '../deps.js';

export const STATUS_TYPES = new Set(['Note', 'Article']);

const recordNotFound = () => notFound('STATUS_NOT_FOUND', 'Record not found');

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Actor URIs a post names in Mention tags. */
export function mentionedUris(object: StoredObject): string[] {
  return list(object.data.tag)
    .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object' && (t as { type?: unknown }).type === 'Mention')
    .map((t) => t.href)
    .filter((h): h is string => typeof h === 'string');
}

/**
 * Mastodon's StatusPolicy#show?: public and unlisted for everyone; private for the author and
 * accepted followers; direct for the author and the mentioned.
 */
export async function canSee(deps: Pick<Deps, 'store'>, viewer: Actor | null, object: StoredObject): Promise<boolean> {
  if (object.deletedAt || !STATUS_TYPES.has(object.type)) return false;
  // Mastodon's StatusPolicy#show?: an author who blocks the viewer is not seen by them.
  if (viewer && viewer.id !== object.actorId && (await deps.store.relations.getBlock(object.actorId, viewer.id))) return false;
  if (object.visibility === 'public' || object.visibility === 'unlisted') return true;
  if (!viewer) return false;
  if (viewer.id === object.actorId) return true;
  if (mentionedUris(object).includes(viewer.uri)) return true;
  if (object.visibility === 'private') {
    const follow = await deps.store.follows.getByPair(viewer.id, object.actorId);
    return follow?.state === 'accepted';
  }
  return false;
}

/**
 * canSee for many posts and one viewer (a thread): who blocks the viewer is known already (read
 * once per request, ViewerRelations), and whether the viewer follows an author is read once per
 * author, not once per post.
 */
export function canSeeMany(deps: Pick<Deps, 'store'>, viewer: Actor | null, blockedBy: ReadonlySet<string>): (object: StoredObject) => Promise<boolean> {
  const follows = new Map<string, Promise<boolean>>();
  return async (object) => {
    if (object.deletedAt || !STATUS_TYPES.has(object.type)) return false;
    if (viewer && viewer.id !== object.actorId && blockedBy.has(object.actorId)) return false;
    if (object.visibility === 'public' || object.visibility === 'unlisted') return true;
    if (!viewer) return false;
    if (viewer.id === object.actorId) return true;
    if (mentionedUris(object).includes(viewer.uri)) return true;
    if (object.visibility === 'private') {
      let f = follows.get(object.actorId);
      if (!f) {
        f = deps.store.follows.getByPair(viewer.id, object.actorId).then((x) => x?.state === 'accepted');
        follows.set(object.actorId, f);
      }
      return f;
    }
    return false;
  };
}

/** A post the viewer may see, by object id; 404 otherwise (Mastodon hides what you may not see). */
export async function visibleObject(deps: Pick<Deps, 'store'>, viewer: Actor | null, id: string): Promise<StoredObject> {
  const object = /^\d{1,20}$/.test(id) ? await deps.store.objects.getById(id) : undefined;
  if (!object || !(await canSee(deps, viewer, object))) throw recordNotFound();
  return object;
}

/** A status id names a post or a boost (its Announce); either as a timeline entry. */
export async function visibleEntry(deps: Pick<Deps, 'store'>, viewer: Actor | null, id: string): Promise<TimelineEntry> {
  if (!/^\d{1,20}$/.test(id)) throw recordNotFound();
  const object = await deps.store.objects.getById(id);
  if (object) {
    if (!(await canSee(deps, viewer, object))) throw recordNotFound();
    return { id, object, reblog: null };
  }
  const reblog: StoredActivity | undefined = await deps.store.statuses.getReblog(id);
  const boosted = reblog?.objectUri ? await deps.store.objects.getByUri(reblog.objectUri) : undefined;
  if (!reblog || !boosted || !(await canSee(deps, viewer, boosted))) throw recordNotFound();
  return { id, object: boosted, reblog };
}
