import { listDomainPolicies, removeDomainPolicy, setDomainPolicy, setFederationMode, getFederationMode } from '../../domain/policy/domains.js';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';

const USAGE = 'usage: samspil domain block <domain> [--silence] [--reason TEXT] | allow <domain> | remove <domain> | list [--json] | mode [open|allowlist]';

export async function domainCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals, flags } = parseArgs(rest, ['silence', 'json']);
  const out = ctx.io.stdout;
  const reason = typeof flags.reason === 'string' ? flags.reason : null;
  const one = () => {
    if (positionals.length !== 1) throw new UsageError(USAGE);
    return positionals[0]!;
  };
  switch (sub) {
    case 'block': {
      const p = await setDomainPolicy(await ctx.deps(), { domain: one(), action: flags.silence ? 'silence' : 'block', reason, by: 'cli' });
      out.write(p.action === 'silence'
        ? `silenced ${p.domain}: its content is stored but kept out of public timelines\n`
        : `blocked ${p.domain} and its subdomains: nothing is accepted from or sent to them\n`);
      return 0;
    }
    case 'allow': {
      const deps = await ctx.deps();
      const p = await setDomainPolicy(deps, { domain: one(), action: 'allow', reason, by: 'cli' });
      const mode = await getFederationMode(deps);
      out.write(`allowed ${p.domain}${mode === 'open' ? ' (federation is open; the allow-list applies after "samspil domain mode allowlist")' : ''}\n`);
      return 0;
    }
    case 'remove': {
      const domain = one();
      const removed = await removeDomainPolicy(await ctx.deps(), { domain, by: 'cli' });
      if (!removed) {
        ctx.io.stderr.write(`samspil: no policy for "${domain}"\n`);
        return 1;
      }
      out.write(`removed the policy for ${domain}\n`);
      return 0;
    }
    case 'list': {
      if (positionals.length) throw new UsageError(USAGE);
      const { mode, policies } = await listDomainPolicies(await ctx.deps());
      if (flags.json) {
        out.write(`${JSON.stringify({ mode, policies }, null, 2)}\n`);
        return 0;
      }
      out.write(`federation mode: ${mode}\n`);
      for (const p of policies) out.write(`${[p.domain, p.action, p.createdAt, p.createdBy, p.reason ?? ''].join('\t')}\n`);
      return 0;
    }
    case 'mode': {
      const deps = await ctx.deps();
      if (positionals.length === 0) {
        out.write(`${await getFederationMode(deps)}\n`);
        return 0;
      }
      const mode = await setFederationMode(deps, { mode: one(), by: 'cli' });
      out.write(mode === 'allowlist' ? 'federation mode: allowlist (only allowed domains federate)\n' : 'federation mode: open (everyone not blocked federates)\n');
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}
