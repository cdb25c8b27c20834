import { join } from 'node:path';
import type { Config } from '../config/types.js';
import type { Store } from './port.js';

/** The one place that picks an adapter from config. */
export async function openStore(config: Pick<Config, 'store' | 'dataDir' | 'mongodbUri'>): Promise<Store> {
  if (config.store === 'mongodb') {
    const adapter = './mongodb/index.js'; // a variable: the adapter is optional at build time
    const mod = (await import(adapter).catch(() => undefined)) as
      | { openMongoStore: (o: { uri: string }) => Promise<Store> }
      | undefined;
    if (!mod) throw new Error('the mongodb store adapter is not available in this build');
    return mod.openMongoStore({ uri: config.mongodbUri! });
  }
  const { openSqliteStore } = await import('./sqlite/index.js');
  return openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
}
