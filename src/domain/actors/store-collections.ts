import type { Store } from '../../store/port.js';
import type { CollectionSource } from './collections.js';

/**
 * The real collections: followers/following (accepted follows, newest first, as actor URIs) and
 * the outbox (the actor's public Create and Announce activities, as Mastodon lists posts and boosts). Cursors are store ids.
 */
export function storeCollections(store: Store): CollectionSource {
  return {
    async page(actor, collection, cursor, limit) {
      if (collection === 'followers' || collection === 'following') {
        const total = collection === 'followers' ? await store.follows.countFollowers(actor.id, 'accepted') : await store.follows.countFollowing(actor.id, 'accepted');
        if (limit === 0) return { totalItems: total, items: [] };
        const follows = collection === 'followers'
          ? await store.follows.listFollowers(actor.id, { state: 'accepted', limit, beforeId: cursor })
          : await store.follows.listFollowing(actor.id, { state: 'accepted', limit, beforeId: cursor });
        const items: string[] = [];
        for (const f of follows) {
          const other = await store.actors.getById(collection === 'followers' ? f.followerId : f.followeeId);
          if (other) items.push(other.uri);
        }
        return { totalItems: total, items, nextCursor: follows.length === limit ? follows[follows.length - 1]!.id : undefined };
      }
      if (collection === 'outbox') {
        const filter = { types: ['Create', 'Announce'], publicOnly: true };
        const total = await store.activities.countByActor(actor.id, filter);
        if (limit === 0) return { totalItems: total, items: [] };
        const rows = await store.activities.listByActor(actor.id, { ...filter, limit, beforeId: cursor });
        const items = rows.map((r) => {
          const { '@context': _ctx, ...activity } = r.data ?? {};
          return activity;
        });
        return { totalItems: total, items, nextCursor: rows.length === limit ? rows[rows.length - 1]!.id : undefined };
      }
      if (collection === 'featured') {
        // Mastodon's featured collection: the pinned posts, newest pin first; here only the public
        // and unlisted ones (a private pin stays on the profile for followers through the API).
        const items: unknown[] = [];
        for (const pin of await store.relations.listPins(actor.id, 20)) {
          const o = await store.objects.getById(pin.statusId);
          if (!o || o.deletedAt || o.actorId !== actor.id || (o.visibility !== 'public' && o.visibility !== 'unlisted')) continue;
          const { '@context': _ctx, ...object } = o.data;
          items.push(object);
        }
        return { totalItems: items.length, items: cursor ? [] : items.slice(0, Math.max(0, limit)) };
      }
      return { totalItems: 0, items: [] };
    },
  };
}
