import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';

/** A fresh data dir under the OS temp dir, removed at teardown. */
export function tempDir(t: { teardown(fn: () => void): void }, prefix = 'samspil-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Test config: loopback, http, private addresses allowed (tests federate over 127.0.0.1), quiet logs. */
export function testConfig(dataDir: string, overrides: DeepPartial<Config> = {}): Config {
  return loadConfig({
    env: {},
    overrides: {
      domain: 'test.localhost',
      port: 0,
      host: '127.0.0.1',
      dataDir,
      publicUrlScheme: 'http',
      allowPrivateAddresses: true,
      logLevel: (process.env.SAMSPIL_TEST_LOG_LEVEL as Config['logLevel']) ?? 'silent',
      ...overrides,
      // Most tests publish as a plain account; the approval tests turn it on.
      solutions: { requireApproval: false, ...(overrides.solutions ?? {}) },
      instance: { agencyUsername: 'jobcenter', agencyDisplayName: 'Jobcenter Test', ...(overrides.instance ?? {}) },
    },
  });
}
