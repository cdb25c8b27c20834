import { listReports, resolveReport } from '../../domain/moderation/reports.js';
import { suspendActor, unsuspendActor } from '../../domain/moderation/suspend.js';
import { findKnownActor } from '../../domain/moderation/find-actor.js';
import { forwardReport } from '../../domain/moderation/forward.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

export async function reportsCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals, flags } = parseArgs(rest, ['all', 'json']);
  const deps = await ctx.deps();
  if (sub === 'list') {
    const reports = await listReports(deps, flags.all ? {} : { resolved: false });
    if (flags.json) {
      ctx.io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      return 0;
    }
    for (const r of reports) {
      const target = await deps.store.actors.getById(r.targetActorId);
      const reporter = await deps.store.actors.getById(r.reporterActorId);
      ctx.io.stdout.write(`${[r.id, r.createdAt, r.category, r.resolvedAt ? `resolved (${r.resolution})` : 'open', `${reporter?.username}@${reporter?.domain ?? deps.urls.host}`, `-> ${target?.uri}`, r.comment.replace(/\s+/g, ' ')].join('\t')}\n`);
    }
    return 0;
  }
  if (sub === 'resolve') {
    if (positionals.length !== 1) throw new UsageError('usage: samspil reports resolve <id> [--resolution TEXT]');
    const r = await resolveReport(deps, { id: positionals[0]!, by: 'cli', resolution: typeof flags.resolution === 'string' ? flags.resolution : undefined });
    ctx.io.stdout.write(`resolved report ${r.id}: ${r.resolution}\n`);
    return 0;
  }
  if (sub === 'forward') {
    if (positionals.length !== 1) throw new UsageError('usage: samspil reports forward <id>');
    const r = await forwardReport(deps, { id: positionals[0]!, by: 'cli' });
    ctx.io.stdout.write(`report ${r.id} queued to be forwarded as a Flag to the reported account's server\n`);
    return 0;
  }
  throw new UsageError('usage: samspil reports list [--all] [--json] | resolve <id> [--resolution TEXT] | forward <id>');
}

export async function suspendCommand(args: string[], ctx: CommandContext, lift = false): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length !== 1) throw new UsageError(`usage: samspil ${lift ? 'unsuspend' : 'suspend'} <username|user@host|actor-uri>${lift ? '' : ' [--reason TEXT]'}`);
  const deps = await ctx.deps();
  const target = await findKnownActor(deps, positionals[0]!);
  const updated = lift
    ? await unsuspendActor(deps, { target, by: 'cli' })
    : await suspendActor(deps, { target, by: 'cli', reason: typeof flags.reason === 'string' ? flags.reason : undefined });
  ctx.io.stdout.write(`${lift ? 'unsuspended' : 'suspended'} ${updated.uri}\n`);
  return 0;
}
