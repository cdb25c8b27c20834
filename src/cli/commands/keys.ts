import { rotateKeys } from '../../domain/accounts/accounts.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

export async function keysCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rotate') throw new UsageError(`unknown subcommand "keys ${sub ?? ''}"; expected rotate`);
  const [username, extra] = parseArgs(rest).positionals;
  if (!username || extra) throw new UsageError('usage: samspil keys rotate <username>');
  const actor = await rotateKeys(await ctx.deps(), username, 'cli');
  ctx.io.stdout.write(`rotated the key of ${actor.uri}; servers refetch it when a signature fails against their cached key\n`);
  return 0;
}
