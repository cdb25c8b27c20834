import type { Actor } from '../../../store/port.js';
import type { RelationshipState } from '../../../domain/accounts/relationships.js';

/** Mastodon's Relationship entity. */
export interface MastodonRelationship {
  id: string;
  following: boolean;
  showing_reblogs: boolean;
  notifying: boolean;
  languages: string[] | null;
  followed_by: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
  muting_notifications: boolean;
  requested: boolean;
  requested_by: boolean;
  domain_blocking: boolean;
  endorsed: boolean;
  note: string;
}

/** What is known between the viewer and `actor`; follow state is passed in by whoever stores follows. */
export function serializeRelationship(actor: Actor, state: Partial<RelationshipState> = {}): MastodonRelationship {
  return {
    id: actor.id,
    following: state.following ?? false,
    showing_reblogs: state.following ?? false,
    notifying: state.notifying ?? false,
    languages: null,
    followed_by: state.followedBy ?? false,
    blocking: state.blocking ?? false,
    blocked_by: state.blockedBy ?? false,
    muting: state.muting ?? false,
    muting_notifications: state.mutingNotifications ?? false,
    requested: state.requested ?? false,
    requested_by: state.requestedBy ?? false,
    domain_blocking: state.domainBlocking ?? false,
    endorsed: false,
    note: state.note ?? '',
  };
}
