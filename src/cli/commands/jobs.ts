import type { JobState } from '../../store/port.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

const STATES = new Set(['pending', 'running', 'done', 'dead']);

/** `samspil jobs list [--state dead] [--type deliver] [--limit N] [--json]` and `samspil jobs retry <id>`. */
export async function jobsCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals, flags } = parseArgs(rest, ['json']);
  const out = ctx.io.stdout;
  switch (sub) {
    case 'list': {
      if (positionals.length) throw new UsageError('usage: samspil jobs list [--state pending|running|done|dead] [--type TYPE] [--limit N] [--json]');
      const state = typeof flags.state === 'string' ? flags.state : undefined;
      if (state && !STATES.has(state)) throw new UsageError(`--state must be one of ${[...STATES].join(', ')}`);
      const limit = typeof flags.limit === 'string' ? Number(flags.limit) : 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
      const deps = await ctx.deps();
      const jobs = await deps.store.jobs.list({ state: state as JobState | undefined, type: typeof flags.type === 'string' ? flags.type : undefined, limit });
      if (flags.json) {
        out.write(`${JSON.stringify(jobs.map(({ payload, ...j }) => ({ ...j, target: payload.inbox ?? payload.activityId ?? null })), null, 2)}\n`);
        return 0;
      }
      out.write(`${['ID', 'TYPE', 'STATE', 'ATTEMPTS', 'RUN_AT', 'TARGET', 'LAST_ERROR'].join('\t')}\n`);
      for (const j of jobs) {
        const target = String(j.payload.inbox ?? (j.payload.activity as { id?: string } | undefined)?.id ?? j.payload.activityId ?? '-');
        out.write(`${[j.id, j.type, j.state, j.attempts, j.runAt, target, (j.lastError ?? '-').replace(/\s+/g, ' ').slice(0, 120)].join('\t')}\n`);
      }
      return 0;
    }
    case 'retry': {
      const [id, extra] = positionals;
      if (!id || extra) throw new UsageError('usage: samspil jobs retry <id>');
      const deps = await ctx.deps();
      const job = await deps.store.jobs.get(id);
      if (!job) throw new UsageError(`no job with id ${id}`);
      if (!(await deps.store.jobs.retry(id, deps.now().toISOString()))) throw new UsageError(`job ${id} is ${job.state}; only dead or pending jobs can be retried`);
      out.write(`job ${id} (${job.type}) will run again now\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand "jobs ${sub ?? ''}"; expected list or retry`);
  }
}
