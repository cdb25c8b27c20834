import { answeredFollow, relayAnswered } from './accept.js';
import type { ActivityHandler } from './context.js';

/** A refused (or later revoked) follow of ours disappears; a relay that refuses us is marked rejected. */
export const handleReject: ActivityHandler = async (ctx) => {
  const follow = await answeredFollow(ctx);
  if (follow) await ctx.tx.follows.delete(follow.id);
  else {
    const relay = await relayAnswered(ctx);
    if (relay) {
      await ctx.tx.relays.setState(relay.id, 'rejected', ctx.fed.now().toISOString());
      return { objectUri: relay.followUri };
    }
  }
  return { objectUri: follow?.uri ?? null };
};
