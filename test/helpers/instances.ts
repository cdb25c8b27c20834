import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { startInstance, type RunningInstance } from '../../src/server.js';
import { testConfig } from './config.js';

type Tap = { teardown(fn: () => unknown): void };

/** A free TCP port on 127.0.0.1: the domain (127.0.0.1:<port>) must be known before listen. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Fast retries and polling for tests; production keeps config/default.json's minutes and days. */
export const FAST_FEDERATION: Config['federation'] = {
  retryBaseMs: 100, retryMaxDelayMs: 400, maxAttempts: 30, hostUnavailableAfterMs: 24 * 3600 * 1000, jobPollMs: 25, jobConcurrency: 8, deliveryConcurrency: 8, inboxBatchSize: 32, jobLeaseMs: 5000,
};

export interface TestInstance {
  name: string;
  port: number;
  domain: string;
  dataDir: string;
  config: Config;
  running: RunningInstance | undefined;
  /** The running instance (throws when stopped). */
  readonly it: RunningInstance;
  start(): Promise<RunningInstance>;
  stop(): Promise<void>;
}

/** A real instance on its own port and SQLite file; stop/start keep both (a server that goes down and comes back). */
export async function testInstance(t: Tap, name: string, overrides: DeepPartial<Config> = {}, options: NonNullable<Parameters<typeof startInstance>[1]> = {}): Promise<TestInstance> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `samspil-fed-${name}-`));
  const config = testConfig(dataDir, {
    domain: `127.0.0.1:${port}`, port, federation: FAST_FEDERATION, ...overrides,
    instance: { agencyUsername: 'agency', agencyDisplayName: `Agency ${name}`, ...(overrides.instance ?? {}) },
  });
  const inst: TestInstance = {
    name, port, domain: config.domain, dataDir, config, running: undefined,
    get it() {
      if (!inst.running) throw new Error(`instance ${name} is stopped`);
      return inst.running;
    },
    async start() {
      inst.running = await startInstance(config, options);
      return inst.running;
    },
    async stop() {
      const r = inst.running;
      inst.running = undefined;
      await r?.close();
    },
  };
  await inst.start();
  t.teardown(async () => {
    await inst.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return inst;
}
