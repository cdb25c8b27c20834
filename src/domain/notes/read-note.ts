import { DomainError, notFound } from '../../errors.js';
import type { Deps } from '../deps.js';
import { getLocalActorByUsername } from '../actors/collections.js';

/**
 * A local post as remote servers dereference it (`id` of a Note, `id` of its Create). Only public
 * and unlisted posts are served unsigned; a deleted one answers 410 with its Tombstone.
 */
export async function getPublicLocalPost(deps: Deps, username: string, id: string, what: 'object' | 'activity'): Promise<Record<string, unknown>> {
  const actor = await getLocalActorByUsername(deps, username);
  const uri = `${actor.uri}/statuses/${id}`;
  const object = await deps.store.objects.getByUri(uri);
  if (!object || !object.local || object.actorId !== actor.id) throw notFound('POST_NOT_FOUND', `no post ${uri}`);
  if (object.deletedAt) throw new DomainError('gone', 'POST_DELETED', `${uri} was deleted at ${object.deletedAt}`);
  if (object.visibility !== 'public' && object.visibility !== 'unlisted') throw notFound('POST_NOT_FOUND', `no post ${uri}`);
  if (what === 'object') return object.data;
  const create = await deps.store.activities.getByUri(`${uri}/activity`);
  if (!create?.data) throw notFound('POST_NOT_FOUND', `no activity for ${uri}`);
  return create.data;
}
