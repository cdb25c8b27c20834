import { DomainError, notFound } from '../../errors.js';
import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';

export type ActorCollection = 'outbox' | 'followers' | 'following' | 'featured';

export interface CollectionPage {
  totalItems: number;
  items: unknown[];
  /** Cursor for the next (older) page, if any. */
  nextCursor?: string;
}

/**
 * Contents of an actor's public collections. Before follows and publishing exist these are truly
 * empty; the federation and solution issues plug their repositories in here.
 */
export interface CollectionSource {
  page(actor: Actor, collection: ActorCollection, cursor: string | undefined, limit: number): Promise<CollectionPage>;
}

export const emptyCollections: CollectionSource = {
  async page() {
    return { totalItems: 0, items: [] };
  },
};

export async function getLocalActorByUsername(deps: Deps, username: string): Promise<Actor> {
  const actor = await deps.store.actors.getByUsername(username, null);
  if (!actor || actor.type === 'Application') throw notFound('ACCOUNT_NOT_FOUND', `no account named "${username}" on ${deps.urls.host}`);
  if (actor.deletedAt) throw new DomainError('gone', 'ACCOUNT_GONE', `@${username} was deleted`);
  return actor;
}
