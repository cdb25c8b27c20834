import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

export async function migrateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length || Object.keys(flags).length) throw new UsageError('usage: samspil migrate');
  const deps = await ctx.deps();
  // Opening the store applied anything pending; migrate() reports and is a no-op when current.
  const applied = await deps.store.migrate();
  ctx.io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : `the ${deps.store.kind} store is up to date\n`);
  return 0;
}
