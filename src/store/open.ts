import { join } from 'node:path';
import type { Config } from '../config/types.js';
import type { Store } from './port.js';

/** Which store to open: the embedded SQLite file at a path, or MongoDB at a URI. */
export type StoreEndpoint = { kind: 'sqlite'; path: string } | { kind: 'mongodb'; uri: string };

/**
 * `apply` brings the schema up to date on open (`samspil migrate`); `check` refuses an outdated
 * MongoDB schema instead of building indexes in every node's start. SQLite always applies: one
 * file, one process opening it first, and its migrations are quick. `defer` opens without either,
 * for a caller that runs `store.migrate()` itself and reports what it applied.
 */
export type SchemaMode = 'check' | 'apply' | 'defer';

/** The one place that picks an adapter. */
export async function openEndpoint(endpoint: StoreEndpoint, schema: SchemaMode = 'check'): Promise<Store> {
  if (endpoint.kind === 'mongodb') {
    const adapter = './mongodb/index.js'; // a variable: the adapter is optional at build time
    const mod = (await import(adapter).catch(() => undefined)) as
      | { openMongoStore: (o: { uri: string; schema?: SchemaMode }) => Promise<Store> }
      | undefined;
    if (!mod) throw new Error('the mongodb store adapter is not available in this build');
    return mod.openMongoStore({ uri: endpoint.uri, schema });
  }
  const { openSqliteStore } = await import('./sqlite/index.js');
  return openSqliteStore({ path: endpoint.path });
}

/** The SQLite file of an instance's data directory. */
export const sqlitePath = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'samspil.sqlite');

/** The store the configuration names. */
export function openStore(config: Pick<Config, 'store' | 'dataDir' | 'mongodbUri'>, schema: SchemaMode = 'check'): Promise<Store> {
  return openEndpoint(config.store === 'mongodb' ? { kind: 'mongodb', uri: config.mongodbUri! } : { kind: 'sqlite', path: sqlitePath(config) }, schema);
}
