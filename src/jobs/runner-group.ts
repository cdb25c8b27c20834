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

  async prune(): Promise<number> {
    return (await this.runners[0]?.prune()) ?? 0;
  }

  async extendLeases(): Promise<number> {
    let n = 0;
    for (const r of this.runners) n += await r.extendLeases();
    return n;
  }

  get activeCount(): number {
    return this.runners.reduce((n, r) => n + r.activeCount, 0);
  }
}
