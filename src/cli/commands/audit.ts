import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

export async function auditCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError('usage: samspil audit list [--limit N] [--action NAME] [--json]');
  const { flags } = parseArgs(rest, ['json']);
  const limit = flags.limit === undefined ? 50 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  const entries = await (await ctx.deps()).store.audit.list({ limit, action: typeof flags.action === 'string' ? flags.action : undefined });
  if (flags.json) ctx.io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else for (const e of entries) ctx.io.stdout.write(`${[e.at, e.actor, e.action, e.target ?? '-', JSON.stringify(e.details)].join('\t')}\n`);
  return 0;
}
