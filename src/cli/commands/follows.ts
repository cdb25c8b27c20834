import { createFederation, type FedDeps } from '../../activitypub/federation.js';
import { approveFollowRequest, followActor, listFollowRequests, rejectFollowRequest, unfollowActor } from '../../domain/follows/follows.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

/**
 * Runs with the federation machinery of a short-lived process: the remote lookups happen here,
 * the deliveries are queued in the store and sent by the running server's job runner.
 */
async function withFed<T>(ctx: CommandContext, fn: (fed: FedDeps) => Promise<T>): Promise<T> {
  const fed = createFederation(await ctx.deps());
  try {
    return await fn(fed);
  } finally {
    await fed.http.close();
  }
}

export async function followCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseArgs(args);
  const [username, target, extra] = positionals;
  if (!username || !target || extra) throw new UsageError('usage: samspil follow <localUsername> <@user@host|actor-url>');
  const outcome = await withFed(ctx, (fed) => followActor(fed, username, target));
  const who = `${outcome.target.username}@${outcome.target.domain ?? ctx.config.domain}`;
  ctx.io.stdout.write(outcome.created ? `@${username} follows @${who}: ${outcome.follow.state}${outcome.follow.state === 'pending' ? ' (waiting for Accept)' : ''}\n` : `@${username} already follows @${who} (${outcome.follow.state})\n`);
  return 0;
}

export async function unfollowCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseArgs(args);
  const [username, target, extra] = positionals;
  if (!username || !target || extra) throw new UsageError('usage: samspil unfollow <localUsername> <@user@host|actor-url>');
  const { target: actor, removed } = await withFed(ctx, (fed) => unfollowActor(fed, username, target));
  const who = `${actor.username}@${actor.domain ?? ctx.config.domain}`;
  ctx.io.stdout.write(removed ? `@${username} no longer follows @${who}\n` : `@${username} did not follow @${who}\n`);
  return 0;
}

export async function followRequestsCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals } = parseArgs(rest);
  const out = ctx.io.stdout;
  switch (sub) {
    case 'list': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil follow-requests list <localUsername>');
      const requests = await withFed(ctx, (fed) => listFollowRequests(fed, username));
      out.write('FOLLOWER\tURI\tREQUESTED_AT\n');
      for (const r of requests) out.write(`@${r.follower.username}@${r.follower.domain ?? ctx.config.domain}\t${r.follower.uri}\t${r.follow.createdAt}\n`);
      return 0;
    }
    case 'approve':
    case 'reject': {
      const [username, from, extra] = positionals;
      if (!username || !from || extra) throw new UsageError(`usage: samspil follow-requests ${sub} <localUsername> <@user@host|actor-url>`);
      const r = await withFed(ctx, (fed) => (sub === 'approve' ? approveFollowRequest : rejectFollowRequest)(fed, username, from));
      out.write(`${sub === 'approve' ? 'approved' : 'rejected'} @${r.follower.username}@${r.follower.domain ?? ctx.config.domain} for @${username}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand "follow-requests ${sub ?? ''}"; expected list, approve or reject`);
  }
}
