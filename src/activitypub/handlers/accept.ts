import type { Follow, Relay, Store } from '../../store/port.js';
import { queueBackfill } from '../fetch/backfill.js';
import { idOf, localActorByUri, typeOf, type ActivityHandler, type HandlerContext } from './context.js';

/** The follow of ours an Accept/Reject answers: by the Follow id we sent, else by the embedded pair. */
export async function answeredFollow({ tx, activity, actor }: Pick<HandlerContext, 'tx' | 'activity' | 'actor'>): Promise<Follow | undefined> {
  const object = activity.object;
  const followUri = idOf(object);
  let follow = followUri ? await tx.follows.getByUri(followUri) : undefined;
  if (!follow && typeOf(object) === 'Follow') {
    const follower = await localActorByUri(tx as Store, idOf((object as Record<string, unknown>).actor));
    if (follower) follow = await tx.follows.getByPair(follower.id, actor.id);
  }
  // Only the followee may answer a follow.
  return follow && follow.followeeId === actor.id ? follow : undefined;
}

export const handleAccept: ActivityHandler = async (ctx) => {
  const follow = await answeredFollow(ctx);
  if (follow && follow.state !== 'accepted') {
    await ctx.tx.follows.setState(follow.id, 'accepted', ctx.fed.now().toISOString());
    // Our agency now follows it: its earlier public posts and solutions come too (a bounded backfill job).
    const follower = await ctx.tx.actors.getById(follow.followerId);
    if (follower?.domain === null && follower.username === ctx.fed.config.instance.agencyUsername) await queueBackfill(ctx.fed, ctx.tx, ctx.actor, 'follow', follow.uri);
  }
  if (!follow) {
    // A relay answering our subscription (FEP-ae0c): matched by our Follow's id, from the relay itself.
    const relay = await relayAnswered(ctx);
    if (relay && relay.state !== 'accepted') await ctx.tx.relays.setState(relay.id, 'accepted', ctx.fed.now().toISOString());
    if (relay) return { objectUri: relay.followUri };
  }
  return { objectUri: follow?.uri ?? null };
};

/** Our relay subscription an Accept/Reject answers, when its signer is that relay. */
export async function relayAnswered({ tx, activity, actor }: Pick<HandlerContext, 'tx' | 'activity' | 'actor'>): Promise<Relay | undefined> {
  const followUri = idOf(activity.object);
  const relay = followUri ? await tx.relays.getByFollowUri(followUri) : undefined;
  return relay && relay.actorUri === actor.uri ? relay : undefined;
}
