import type { Actor, StoredObject } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { canSeeMany } from './access.js';
import { viewerRelations } from '../relations/filter.js';

/** Mastodon caps a thread's ancestors at 40 and descendants at a few thousand; so do we (smaller). */
const MAX_ANCESTORS = 40;
const MAX_DESCENDANTS = 400;

/** GET /api/v1/statuses/:id/context: the visible posts above (oldest first) and below (depth first). */
export async function statusContext(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor | null, object: StoredObject): Promise<{ ancestors: StoredObject[]; descendants: StoredObject[] }> {
  // The viewer's relations first: who blocks them decides visibility here, and the rest filters below.
  const rel = await viewerRelations(deps, viewer);
  const canSee = canSeeMany(deps, viewer, rel?.blockedBy ?? new Set());
  const ancestors: StoredObject[] = [];
  const seen = new Set([object.uri]);
  let up = object.inReplyToUri;
  while (up && ancestors.length < MAX_ANCESTORS && !seen.has(up)) {
    seen.add(up);
    const parent = await deps.store.objects.getByUri(up);
    if (!parent) break;
    if (await canSee(parent)) ancestors.unshift(parent);
    up = parent.inReplyToUri;
  }
  // Breadth-first over the reply index, then ordered depth-first as Mastodon shows a thread.
  const children = new Map<string, StoredObject[]>();
  let level = [object.uri];
  let total = 0;
  while (level.length && total < MAX_DESCENDANTS) {
    const replies = await deps.store.statuses.repliesTo(level, MAX_DESCENDANTS - total);
    const next: string[] = [];
    for (const r of replies) {
      if (seen.has(r.uri)) continue;
      seen.add(r.uri);
      total++;
      (children.get(r.inReplyToUri!) ?? children.set(r.inReplyToUri!, []).get(r.inReplyToUri!)!).push(r);
      next.push(r.uri);
    }
    level = next;
  }
  const descendants: StoredObject[] = [];
  const walk = async (uri: string) => {
    for (const child of children.get(uri) ?? []) {
      if (await canSee(child)) {
        descendants.push(child);
        await walk(child.uri);
      }
    }
  };
  await walk(object.uri);
  // Mastodon's StatusFilter: posts of blocked, muted, domain-blocked accounts (and of those who block the viewer) leave the thread.
  if (!rel || rel.empty) return { ancestors, descendants };
  return { ancestors: await rel.visibleObjects(ancestors, 'thread'), descendants: await rel.visibleObjects(descendants, 'thread') };
}
