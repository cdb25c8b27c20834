import { DomainError, notFound } from '../../errors.js';
import type { Actor, StoredObject } from '../../store/port.js';
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

/** What a post's HTML page (its `url`) shows, with the same rule as its AS2 document: public and unlisted only. */
export interface PostPageData {
  object: StoredObject;
  author: Actor;
  /** Where the thread it answers is: a solution's page, a post's page, or its id when we do not hold it. */
  parent: { href: string; kind: 'solution' | 'post'; title?: string } | null;
}

/** 404 for an unknown, followers-only or direct post (whoever asks: the page is public), 410 for a deleted one. */
export async function getPublicLocalPostPage(deps: Deps, username: string, id: string): Promise<PostPageData> {
  if (!/^\d{1,20}$/.test(id)) throw notFound('POST_NOT_FOUND', 'not a post id');
  const author = await getLocalActorByUsername(deps, username);
  const uri = `${author.uri}/statuses/${id}`;
  const object = await deps.store.objects.getByUri(uri);
  if (!object || !object.local || object.actorId !== author.id) throw notFound('POST_NOT_FOUND', `no post ${uri}`);
  if (object.deletedAt) throw new DomainError('gone', 'POST_DELETED', `${uri} was deleted at ${object.deletedAt}`);
  if (object.visibility !== 'public' && object.visibility !== 'unlisted') throw notFound('POST_NOT_FOUND', `no post ${uri}`);
  let parent: PostPageData['parent'] = null;
  if (object.inReplyToUri) {
    const solution = await deps.store.solutions.getByUri(object.inReplyToUri);
    const parentObject = solution ? undefined : await deps.store.objects.getByUri(object.inReplyToUri);
    if (solution && !solution.deletedAt) parent = { href: `${deps.urls.base}/solutions/${solution.id}`, kind: 'solution', title: solution.fields.title };
    else parent = { href: parentObject?.url ?? object.inReplyToUri, kind: 'post' };
  }
  return { object, author, parent };
}
