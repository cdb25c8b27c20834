import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';
import type { Config } from '../../config/types.js';
import { openEndpoint, openStore, sqlitePath, type StoreEndpoint } from '../../store/open.js';
import { copyMediaFiles, copyStore, verifyCopy } from '../../store/copy.js';
import { redactUri } from '../../store/mongodb/uri.js';
import type { Store } from '../../store/port.js';

const USAGE = 'usage: samspil migrate [--from sqlite|sqlite:PATH|mongodb --to sqlite|sqlite:PATH|mongodb]';

/**
 * Without flags: applies pending migrations of the configured store. With --from and --to: copies
 * every record from one store to another (which must be empty) and verifies the copy.
 */
export async function migrateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  const unknown = Object.keys(flags).filter((f) => f !== 'from' && f !== 'to');
  if (positionals.length || unknown.length) throw new UsageError(USAGE);
  if (flags.from === undefined && flags.to === undefined) {
    // Opened in `apply` mode (app nodes only check): migrations and MongoDB's index builds run
    // here, once, not in every node's start.
    const store = await openStore(ctx.config, 'defer');
    try {
      const applied = await store.migrate();
      ctx.io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : `the ${store.kind} store is up to date\n`);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (typeof flags.from !== 'string' || typeof flags.to !== 'string') throw new UsageError(`--from and --to go together; ${USAGE}`);
  const from = parseEndpoint('--from', flags.from, ctx.config);
  const to = parseEndpoint('--to', flags.to, ctx.config);
  if (describe(from) === describe(to)) throw new UsageError('--from and --to name the same store');
  if (from.kind === 'sqlite' && !existsSync(from.path)) throw new UsageError(`--from: no SQLite file at ${from.path}`);
  return copy(from, to, ctx);
}

/** `sqlite` is the configured data directory's file, `sqlite:PATH` another file, `mongodb` is MONGODB_URI. */
export function parseEndpoint(flag: string, value: string, config: Pick<Config, 'dataDir' | 'mongodbUri'>): StoreEndpoint {
  if (value === 'sqlite') return { kind: 'sqlite', path: resolve(sqlitePath(config)) };
  if (value.startsWith('sqlite:') && value.length > 7) return { kind: 'sqlite', path: resolve(value.slice(7)) };
  if (value === 'mongodb') {
    // Only from the environment or config file: a URI on the command line would show its password in ps.
    if (!config.mongodbUri) throw new UsageError(`${flag} mongodb needs MONGODB_URI`);
    return { kind: 'mongodb', uri: config.mongodbUri };
  }
  throw new UsageError(`${flag} must be sqlite, sqlite:PATH or mongodb; got "${value}"`);
}

const describe = (e: StoreEndpoint) => (e.kind === 'sqlite' ? `sqlite (${e.path})` : `mongodb (${redactUri(e.uri)})`);

async function copy(fromEp: StoreEndpoint, toEp: StoreEndpoint, ctx: CommandContext): Promise<number> {
  const out = ctx.io.stdout;
  const opened: Store[] = [];
  try {
    const from = await openEndpoint(fromEp, 'apply');
    opened.push(from);
    const to = await openEndpoint(toEp, 'apply');
    opened.push(to);
    out.write(`copying ${describe(fromEp)} -> ${describe(toEp)}\n`);
    await copyStore(from, to, (kind, n) => out.write(`  ${kind}: ${n}\n`));
    const files = await copyMediaFiles(from, to);
    out.write(`  media files: ${files.copied}${files.missing.length ? ` (${files.missing.length} named by a row but missing in the source: ${files.missing.slice(0, 3).join(', ')})` : ''}\n`);
    const report = await verifyCopy(from, to);
    const total = report.kinds.reduce((n, k) => n + k.target, 0);
    if (report.ok) {
      out.write(`verified: ${total} records in ${report.kinds.length} kinds; counts and checksums match\n`);
      return 0;
    }
    const bad = report.kinds.filter((k) => k.source !== k.target || k.missing || k.extra || k.differing);
    throw new Error(`verification failed: ${bad.map((k) => `${k.kind} (source ${k.source}, target ${k.target}, ${k.missing} missing, ${k.extra} extra, ${k.differing} differing; e.g. ${k.examples.join(' ')})`).join('; ')}`);
  } finally {
    for (const s of opened) await s.close();
  }
}
