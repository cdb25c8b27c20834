import { createFederation } from '../../activitypub/federation.js';
import { addRelay, listRelays, removeRelay } from '../../domain/relays/relays.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

const USAGE = 'usage: samspil relay add <actor-url> | list [--json] | remove <actor-url|id>';

/** `samspil relay ...`: subscribe to relays (FEP-ae0c); the Follow/Undo is queued and sent by the running server. */
export async function relayCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals, flags } = parseArgs(rest, ['json']);
  const fed = createFederation(await ctx.deps());
  try {
    if (sub === 'add' && positionals.length === 1) {
      const { relay, created } = await addRelay(fed, positionals[0]!);
      ctx.io.stdout.write(created ? `subscribing to ${relay.actorUri}: ${relay.state} (waiting for Accept)\n` : `already subscribed to ${relay.actorUri} (${relay.state})\n`);
      return 0;
    }
    if (sub === 'list' && positionals.length === 0) {
      const relays = await listRelays(fed);
      if (flags.json) ctx.io.stdout.write(`${JSON.stringify(relays.map((r) => ({ id: r.id, actor: r.actorUri, inbox: r.inbox, state: r.state, since: r.createdAt })))}\n`);
      else ctx.io.stdout.write(relays.length ? relays.map((r) => `${r.id}\t${r.state}\t${r.actorUri}\n`).join('') : 'no relays\n');
      return 0;
    }
    if (sub === 'remove' && positionals.length === 1) {
      const relay = await removeRelay(fed, positionals[0]!);
      ctx.io.stdout.write(`unsubscribed from ${relay.actorUri}\n`);
      return 0;
    }
    throw new UsageError(USAGE);
  } finally {
    await fed.http.close();
  }
}
