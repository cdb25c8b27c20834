import { answeredFollow } from './accept.js';
import type { ActivityHandler } from './context.js';

/** A refused (or later revoked) follow of ours disappears. */
export const handleReject: ActivityHandler = async (ctx) => {
  const follow = await answeredFollow(ctx);
  if (follow) await ctx.tx.follows.delete(follow.id);
  return { objectUri: follow?.uri ?? null };
};
