import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { Deps } from '../../src/domain/deps.js';
import { ensureFirstStart, type FirstStartResult } from '../../src/domain/accounts/first-start.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { Urls } from '../../src/urls.js';
import { tempDir, testConfig } from './config.js';

export interface TestContext {
  deps: Deps;
  app: FastifyInstance;
  firstStart: FirstStartResult;
}

type Tap = { teardown(fn: () => unknown): void };

/** Real SQLite file in a temp dir; same wiring as server.ts but without listening. */
export async function makeDeps(t: Tap, overrides: DeepPartial<Config> = {}): Promise<Deps> {
  const config = testConfig(tempDir(t), overrides);
  const store = await openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
  t.teardown(() => store.close());
  return { config, store, urls: new Urls(config), log: createLogger(config.logLevel), now: () => new Date() };
}

/** An app over a first-started store, for inject() tests. */
export async function makeApp(t: Tap, overrides: DeepPartial<Config> = {}, options: AppOptions = {}): Promise<TestContext> {
  const deps = await makeDeps(t, overrides);
  const firstStart = await ensureFirstStart(deps);
  const app = await buildApp(deps, options);
  t.teardown(() => app.close());
  return { deps, app, firstStart };
}
