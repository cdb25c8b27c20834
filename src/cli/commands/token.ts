import { createPersonalToken, parseScopes } from '../../domain/accounts/accounts.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

export async function tokenCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new UsageError(`unknown subcommand "token ${sub ?? ''}"; expected create`);
  const { positionals, flags } = parseArgs(rest);
  const [username, extra] = positionals;
  if (!username || extra) throw new UsageError('usage: samspil token create <username> [--scopes "read write follow"]');
  const scopes = parseScopes(typeof flags.scopes === 'string' ? flags.scopes : 'read write follow');
  const { token } = await createPersonalToken(await ctx.deps(), username, scopes, 'cli');
  // The token alone on stdout, so scripts can capture it: TOKEN=$(samspil token create alice)
  ctx.io.stdout.write(`${token}\n`);
  ctx.io.stderr.write(`token for @${username} with scopes: ${scopes.join(' ')} (shown once)\n`);
  return 0;
}
