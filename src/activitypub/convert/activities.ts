import type { Actor, Follow, StoredObject } from '../../store/port.js';
import { AS_CONTEXT, PUBLIC } from '../vocab/context.js';

/** Activity documents we send. Ids are derived from stored ids so a resend carries the same id. */
export function followActivity(follow: Follow, follower: Actor, followee: Actor): Record<string, unknown> {
  return { '@context': AS_CONTEXT, id: follow.uri, type: 'Follow', actor: follower.uri, object: followee.uri };
}

/** Accept/Reject embed the Follow with its original id: Mastodon matches the follow by that id. */
export function followAnswer(kind: 'Accept' | 'Reject', follow: Follow, follower: Actor, followee: Actor): Record<string, unknown> {
  return {
    '@context': AS_CONTEXT,
    id: `${followee.uri}#${kind.toLowerCase()}s/follows/${follow.id}`,
    type: kind,
    actor: followee.uri,
    object: { id: follow.uri, type: 'Follow', actor: follower.uri, object: followee.uri },
  };
}

export function undoFollowActivity(follow: Follow, follower: Actor, followee: Actor): Record<string, unknown> {
  return {
    '@context': AS_CONTEXT,
    id: `${follow.uri}/undo`,
    type: 'Undo',
    actor: follower.uri,
    object: { id: follow.uri, type: 'Follow', actor: follower.uri, object: followee.uri },
  };
}

export function createActivity(object: StoredObject, actor: Actor): Record<string, unknown> {
  const { '@context': _ctx, ...data } = object.data as Record<string, unknown>;
  return {
    '@context': AS_CONTEXT,
    id: `${object.uri}/activity`,
    type: 'Create',
    actor: actor.uri,
    published: object.publishedAt,
    to: data.to,
    cc: data.cc,
    object: data,
  };
}

export function deleteActivity(object: StoredObject, actor: Actor, formerType: string): Record<string, unknown> {
  return {
    '@context': AS_CONTEXT,
    id: `${object.uri}#delete`,
    type: 'Delete',
    actor: actor.uri,
    to: [PUBLIC],
    cc: actor.followersUri ? [actor.followersUri] : [],
    object: { id: object.uri, type: 'Tombstone', formerType },
  };
}
