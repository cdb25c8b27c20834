import { createAccount, disableAccount, enableAccount, listAccounts } from '../../domain/accounts/accounts.js';
import { inviteAccount, issueAccountLink } from '../../domain/admin/account-links.js';
import { ACCESS_ROLES, STAFF_ROLES, setAccountRoles } from '../../domain/accounts/roles.js';
import type { StaffRole, UserRole } from '../../store/port.js';
import { exportAccount } from '../../domain/privacy/export.js';
import { copyMediaFiles } from '../../domain/media/media.js';
import { eraseAccount } from '../../domain/privacy/erase.js';
import { writeFileSync } from 'node:fs';
import type { CommandContext } from '../main.js';
import { parseArgs, readAll, UsageError } from '../io.js';

export async function accountCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { positionals, flags } = parseArgs(rest, ['admin', 'publisher', 'password-stdin', 'json', 'yes', 'delete-solutions']);
  const out = ctx.io.stdout;
  switch (sub) {
    case 'create': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil account create <username> [--admin] [--publisher] [--password-stdin]');
      let password: string | undefined;
      if (flags['password-stdin']) {
        password = (await readAll(ctx.io.stdin)).replace(/\r?\n$/, '');
        if (!password) throw new UsageError('--password-stdin given but standard input was empty');
      }
      const deps = await ctx.deps();
      const created = await createAccount(deps, {
        username,
        password,
        role: flags.admin ? 'admin' : 'user',
        staffRole: flags.publisher ? 'publisher' : 'author',
        displayName: typeof flags['display-name'] === 'string' ? flags['display-name'] : undefined,
        email: typeof flags.email === 'string' ? flags.email : undefined,
        by: 'cli',
      });
      out.write(`created ${created.user.role} (${created.user.staffRole}) @${created.actor.username}@${deps.urls.host} (${created.actor.uri})\n`);
      if (created.generatedPassword) out.write(`password: ${created.generatedPassword}\n(shown once; change it after the first login)\n`);
      return 0;
    }
    case 'list': {
      const deps = await ctx.deps();
      const accounts = await listAccounts(deps);
      if (flags.json) {
        out.write(`${JSON.stringify(accounts.map(({ actor, user }) => ({ username: actor.username, type: actor.type, role: user?.role ?? null, staffRole: user?.staffRole ?? null, disabled: !!user?.disabledAt, uri: actor.uri })), null, 2)}\n`);
        return 0;
      }
      out.write(`${['USERNAME', 'TYPE', 'ROLE', 'STAFF ROLE', 'STATUS', 'URI'].join('\t')}\n`);
      for (const { actor, user } of accounts) {
        const status = user ? (user.disabledAt ? 'disabled' : user.passwordHash ? 'active' : 'invited') : 'no login';
        out.write(`${[actor.username, actor.type, user?.role ?? '-', user?.staffRole ?? '-', status, actor.uri].join('\t')}\n`);
      }
      return 0;
    }
    case 'role': {
      const [username, extra] = positionals;
      const usage = `usage: samspil account role <username> [--role ${ACCESS_ROLES.join('|')}] [--staff-role ${STAFF_ROLES.join('|')}]`;
      if (!username || extra) throw new UsageError(usage);
      const role = flags.role, staffRole = flags['staff-role'];
      if (role === undefined && staffRole === undefined) throw new UsageError(usage);
      if (role !== undefined && !ACCESS_ROLES.includes(role as UserRole)) throw new UsageError(`--role must be one of ${ACCESS_ROLES.join(', ')}`);
      if (staffRole !== undefined && !STAFF_ROLES.includes(staffRole as StaffRole)) throw new UsageError(`--staff-role must be one of ${STAFF_ROLES.join(', ')}`);
      const user = await setAccountRoles(await ctx.deps(), { username, role: role as UserRole | undefined, staffRole: staffRole as StaffRole | undefined, by: 'cli' });
      out.write(`@${username} is now ${user.role} (${user.staffRole})\n`);
      return 0;
    }
    case 'invite': {
      const [username, extra] = positionals;
      const usage = `usage: samspil account invite <username> [--display-name NAME] [--email EMAIL] [--role ${ACCESS_ROLES.join('|')}] [--staff-role ${STAFF_ROLES.join('|')}]`;
      if (!username || extra) throw new UsageError(usage);
      const role = flags.role ?? 'user', staffRole = flags['staff-role'] ?? 'author';
      if (!ACCESS_ROLES.includes(role as UserRole)) throw new UsageError(`--role must be one of ${ACCESS_ROLES.join(', ')}`);
      if (!STAFF_ROLES.includes(staffRole as StaffRole)) throw new UsageError(`--staff-role must be one of ${STAFF_ROLES.join(', ')}`);
      const { account, issued } = await inviteAccount(await ctx.deps(), {
        username, role: role as UserRole, staffRole: staffRole as StaffRole, by: 'cli',
        displayName: typeof flags['display-name'] === 'string' ? flags['display-name'] : undefined,
        email: typeof flags.email === 'string' ? flags.email : undefined,
      });
      out.write(`invited ${account.user.role} (${account.user.staffRole}) @${account.actor.username}\n${issued.url}\n(works once, until ${issued.link.expiresAt}${issued.mailedTo ? `; also sent to ${issued.mailedTo}` : ''})\n`);
      return 0;
    }
    case 'link': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil account link <username>');
      const issued = await issueAccountLink(await ctx.deps(), { username, by: 'cli' });
      out.write(`${issued.link.purpose === 'invite' ? 'invitation' : 'password'} link for @${username}:\n${issued.url}\n(works once, until ${issued.link.expiresAt}; earlier links no longer work${issued.mailedTo ? `; also sent to ${issued.mailedTo}` : ''})\n`);
      return 0;
    }
    case 'enable': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil account enable <username>');
      await enableAccount(await ctx.deps(), username, 'cli');
      out.write(`enabled @${username}\n`);
      return 0;
    }
    case 'disable': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil account disable <username>');
      await disableAccount(await ctx.deps(), username, 'cli');
      out.write(`disabled @${username}; its tokens are revoked\n`);
      return 0;
    }
    case 'export': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil account export <username> [--out FILE] [--media-dir DIR]');
      const deps = await ctx.deps();
      const doc = await exportAccount(deps, { username, by: 'cli' });
      if (typeof flags['media-dir'] === 'string') {
        await copyMediaFiles(deps, doc.attachments as Array<{ file: string }>, flags['media-dir']);
        ctx.io.stderr.write(`copied ${(doc.attachments as unknown[]).length} attachment(s) of @${username} to ${flags['media-dir']}\n`);
      }
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (typeof flags.out === 'string') {
        writeFileSync(flags.out, text, { mode: 0o600 });
        ctx.io.stderr.write(`wrote the data of @${username} to ${flags.out}\n`);
      } else out.write(text);
      return 0;
    }
    case 'erase': {
      const [username, extra] = positionals;
      if (!username || extra) throw new UsageError('usage: samspil account erase <username> --yes [--delete-solutions]');
      if (!flags.yes) throw new UsageError(`erasing @${username} cannot be undone; add --yes to confirm`);
      const r = await eraseAccount(await ctx.deps(), { username, by: 'cli', solutions: flags['delete-solutions'] ? 'delete' : 'keep' });
      out.write(`${r.resumed ? 'resumed and finished the erasure of' : 'erased'} @${r.username}: ${r.objectsDeleted} posts, ${r.activitiesDeleted} activities, ${r.followsDeleted} follows, ${r.reportsDeleted} reports, ${r.mediaDeleted} uploads; solutions: ${r.solutionsKept} kept by the agency without their name, ${r.solutionsDeleted} deleted; Delete sent to ${r.inboxes} inboxes by the running server\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand "account ${sub ?? ''}"; expected create, invite, link, list, role, enable, disable, export or erase`);
  }
}
