import type { Actor, Store } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';

export interface Audience {
  /** Deliver to the actor's accepted followers (one POST per distinct inbox). */
  followers?: boolean;
  /** And to these inboxes (a Follow to its target, an Accept to the follower). */
  inboxes?: string[];
}

/**
 * Queues an activity for delivery: one fan-out job, keyed by the activity id, written through
 * `store` (pass the transaction that stores the activity, so both commit or neither does).
 * The body is serialized once here; every delivery sends these exact bytes.
 */
export async function queueDelivery(deps: Pick<Deps, 'now'>, store: Store, actor: Actor, activity: Record<string, unknown>, audience: Audience): Promise<void> {
  const id = String(activity.id);
  await store.jobs.enqueue({
    type: 'fanout',
    key: `fanout:${id}`,
    payload: { activityId: id, actorId: actor.id, body: JSON.stringify(activity), followers: !!audience.followers, inboxes: audience.inboxes ?? [] },
  }, deps.now().toISOString());
}
