import type { FastifyInstance } from 'fastify';
import type { Config } from './config/types.js';
import type { Deps } from './domain/deps.js';
import { createLogger, type Logger } from './log.js';
import { openStore } from './store/open.js';
import { Urls } from './urls.js';
import { buildApp } from './http/app.js';
import { ensureFirstStart, type FirstStartResult } from './domain/accounts/first-start.js';

export interface RunningInstance {
  app: FastifyInstance;
  deps: Deps;
  /** The address actually bound (port 0 picks a free one). */
  address: { host: string; port: number };
  firstStart: FirstStartResult;
  close(): Promise<void>;
}

/**
 * The composition root: config -> store -> first start -> app -> listen. Tests call it too, with
 * port 0 on 127.0.0.1, so "the real server" in a test is this very function.
 */
export async function startInstance(config: Config, options: { log?: Logger } = {}): Promise<RunningInstance> {
  const log = options.log ?? createLogger(config.logLevel, { instance: config.domain });
  const store = await openStore(config);
  const deps: Deps = { config, store, urls: new Urls(config), log, now: () => new Date() };
  try {
    const firstStart = await ensureFirstStart(deps);
    const app = await buildApp(deps);
    await app.listen({ port: config.port, host: config.host });
    const addr = app.server.address();
    const address = typeof addr === 'object' && addr ? { host: addr.address, port: addr.port } : { host: config.host, port: config.port };
    let closing: Promise<void> | undefined;
    return {
      app, deps, address, firstStart,
      close: () => (closing ??= (async () => {
        await app.close();
        await store.close();
      })()),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
