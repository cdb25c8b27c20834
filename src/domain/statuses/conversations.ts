import type { Actor, StoredObject } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { mentionedUris } from './access.js';

/** How many of the newest direct posts are grouped into conversations. */
const WINDOW = 200;
const MAX_DEPTH = 40;

export interface Conversation {
  /** The thread's first direct post known here. */
  id: string;
  last: StoredObject;
  /** Everyone in it but the viewer (author and mentioned), as actors. */
  participants: Actor[];
}

/**
 * Direct conversations as Mastodon's /api/v1/conversations lists them: the viewer's direct posts and
 * those mentioning them, grouped by thread (the topmost direct post above each), newest activity
 * first. Read from the newest WINDOW direct posts; there is no read state yet (unread is false).
 */
export async function conversationsOf(deps: Pick<Deps, 'store'>, viewer: Actor, limit: number): Promise<Conversation[]> {
  const posts = await deps.store.statuses.directFor(viewer, { limit: WINDOW });
  const rootOf = new Map<string, StoredObject>();
  const root = async (post: StoredObject): Promise<StoredObject> => {
    let top = post;
    for (let i = 0; i < MAX_DEPTH && top.inReplyToUri; i++) {
      const cached = rootOf.get(top.uri);
      if (cached) return cached;
      const parent = await deps.store.objects.getByUri(top.inReplyToUri);
      if (!parent || parent.visibility !== 'direct' || parent.deletedAt) break;
      top = parent;
    }
    rootOf.set(post.uri, top);
    return top;
  };
  const groups = new Map<string, { root: StoredObject; posts: StoredObject[] }>();
  for (const post of posts) {
    const top = await root(post);
    const g = groups.get(top.id) ?? { root: top, posts: [] };
    g.posts.push(post);
    groups.set(top.id, g);
  }
  const out: Conversation[] = [];
  for (const g of [...groups.values()].slice(0, limit)) {
    const uris = new Set<string>();
    const ids = new Set<string>();
    for (const p of g.posts) {
      ids.add(p.actorId);
      for (const u of mentionedUris(p)) uris.add(u);
    }
    const participants: Actor[] = [];
    for (const id of ids) {
      const a = await deps.store.actors.getById(id);
      if (a && a.id !== viewer.id) participants.push(a);
    }
    for (const uri of uris) {
      const a = await deps.store.actors.getByUri(uri);
      if (a && a.id !== viewer.id && !participants.some((p) => p.id === a.id)) participants.push(a);
    }
    out.push({ id: g.root.id, last: g.posts[0]!, participants });
  }
  return out;
}
