import type { JobRunner } from './runner.js';

/**
 * Runners that share one process, each for its own job types with its own concurrency, so a large
 * fan-out's deliveries (which wait on the network) and the inbox's jobs (which wait on the store)
 * do not take each other's slots. Stopping stops them all.
 */
export class JobRunnerGroup {
  constructor(readonly runners: readonly JobRunner[]) {}

  start(): void {
    for (const r of this.runners) r.start();
  }

  wake(): void {
    for (const r of this.runners) r.wake();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  get activeCount(): number {
    return this.runners.reduce((n, r) => n + r.activeCount, 0);
  }
}
