import { leaseNodeId, type NodeIdLease } from '../domain/instance/node-id.js';
import { EventBus } from '../domain/streaming/events.js';
import { loadConfig, ConfigError } from '../config/load.js';
import type { Config } from '../config/types.js';
import type { Deps } from '../domain/deps.js';
import { DomainError } from '../errors.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open.js';
import { Urls } from '../urls.js';
import { type CliIo, UsageError } from './io.js';
import { accountCommand } from './commands/account.js';
import { tokenCommand } from './commands/token.js';
import { keysCommand } from './commands/keys.js';
import { serveCommand } from './commands/serve.js';
import { migrateCommand } from './commands/migrate.js';
import { domainCommand } from './commands/domain.js';
import { auditCommand } from './commands/audit.js';
import { reportsCommand, suspendCommand } from './commands/moderation.js';
import { jobsCommand } from './commands/jobs.js';
import { followCommand, unfollowCommand, followRequestsCommand } from './commands/follows.js';
import { relayCommand } from './commands/relay.js';

export const USAGE = `usage: samspil <command>
  serve                                   start the instance (HTTP + workers)
  migrate                                 apply pending store migrations and exit
  migrate --from sqlite|sqlite:PATH|mongodb --to sqlite|sqlite:PATH|mongodb   copy an instance to an empty store, verified
  account create <username> [--admin] [--publisher] [--password-stdin] [--display-name NAME] [--email EMAIL]
  account list
  account role <username> [--role user|moderator|admin] [--staff-role author|publisher]
  account invite <username> [--display-name NAME] [--email EMAIL] [--role user|moderator|admin] [--staff-role author|publisher]
  account link <username>          one-time link to set a password (an invitation again if none was set)
  account enable <username>
  account disable <username>
  account export <username> [--out FILE]
  account erase <username> --yes
  token create <username> [--scopes "read write follow"]
  keys rotate <username>
  domain block <domain> [--silence] [--reason TEXT] | allow <domain> | remove <domain> | list [--json]
  domain mode [open|allowlist]
  audit list [--limit N] [--action NAME] [--json]
  reports list [--all] [--json] | reports resolve <id> [--resolution TEXT]
  suspend <username|user@host|actor-uri> [--reason TEXT] | unsuspend <...>
  jobs list [--state pending|running|done|dead] [--type TYPE] [--limit N] [--json]
  jobs retry <id>                         run a dead-lettered job again
  follow <localUsername> <@user@host|actor-url>
  unfollow <localUsername> <@user@host|actor-url>
  follow-requests list <localUsername>
  follow-requests approve|reject <localUsername> <@user@host|actor-url>
  relay add <actor-url> | list [--json] | remove <actor-url|id>   subscribe to relays (FEP-ae0c)
Configuration: config/default.json, config/local.json (or SAMSPIL_CONFIG_FILE) and SAMSPIL_* variables.`;

export interface CommandContext {
  io: CliIo;
  config: Config;
  /** Opens the store and builds deps; closed by main after the command. */
  deps(): Promise<Deps>;
}

type Command = (args: string[], ctx: CommandContext) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  account: accountCommand,
  token: tokenCommand,
  keys: keysCommand,
  domain: domainCommand,
  audit: auditCommand,
  reports: reportsCommand,
  suspend: (args, ctx) => suspendCommand(args, ctx),
  unsuspend: (args, ctx) => suspendCommand(args, ctx, true),
  jobs: jobsCommand,
  follow: followCommand,
  unfollow: unfollowCommand,
  'follow-requests': followRequestsCommand,
  relay: relayCommand,
};

/** Runs one command; returns the exit code. Every failure is one line on stderr. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`samspil: unknown command "${name}"; run "samspil help"\n`);
    return 2;
  }
  let opened: Deps | undefined;
  let nodeLease: NodeIdLease | undefined;
  try {
    const config = loadConfig({ env: io.env });
    const ctx: CommandContext = {
      io,
      config,
      deps: async () => {
        if (!opened) {
          const store = await openStore(config);
          // CLI logs go to stderr so stdout stays the command's output (tokens, lists).
          const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { cli: name }, 2);
          // Events go to the store's outbox: a running server's websockets see what a CLI run changed.
          opened = { config, store, urls: new Urls(config), log, now: () => new Date(), events: new EventBus(store) };
          // A CLI run writes to the same store as running servers: it makes ids with a node number of its own.
          nodeLease = await leaseNodeId(store, log);
        }
        return opened;
      },
    };
    return await command(args, ctx);
  } catch (e) {
    io.stderr.write(`samspil: ${describeError(e)}\n`);
    return e instanceof UsageError || e instanceof ConfigError ? 2 : 1;
  } finally {
    if (opened && name !== 'serve') {
      await nodeLease?.release();
      await opened.store.close();
    }
  }
}

function describeError(e: unknown): string {
  if (e instanceof ConfigError) return e.message;
  if (e instanceof DomainError) return e.detail;
  if (e instanceof UsageError) return e.message;
  const err = e as NodeJS.ErrnoException;
  return (err?.message ?? String(e)).split('\n')[0]!;
}
