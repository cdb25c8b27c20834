import type { FedDeps } from './federation.js';
import { JobRunner, type JobHandler } from '../jobs/runner.js';
import { runInboxJob } from './handlers/index.js';
import { runFanout } from './outbox/fanout.js';
import { runDelivery } from './outbox/deliver.js';
import { runPostFetch } from './fetch/post-fetch-job.js';
import { runAdoptionFetch } from './handlers/adopt.js';
import { runBackfill } from './fetch/backfill.js';
import { runPush } from '../domain/push/deliver.js';

export function federationJobHandlers(fed: FedDeps): Record<string, JobHandler> {
  return {
    inbox: (job) => runInboxJob(fed, job),
    fanout: (job) => runFanout(fed, job),
    deliver: (job) => runDelivery(fed, job),
    'fetch-post': (job) => runPostFetch(fed, job),
    'fetch-adoption': (job) => runAdoptionFetch(fed, job),
    backfill: (job) => runBackfill(fed, job),
    push: (job) => runPush(fed, job),
  };
}

/** The runner for this process, wired so local enqueues wake it. */
export function createJobRunner(fed: FedDeps): JobRunner {
  const f = fed.config.federation;
  const runner = new JobRunner(fed, federationJobHandlers(fed), {
    concurrency: f.jobConcurrency,
    pollMs: f.jobPollMs,
    leaseMs: f.jobLeaseMs,
    backoff: { baseMs: f.retryBaseMs, maxDelayMs: f.retryMaxDelayMs, maxAttempts: f.maxAttempts },
  });
  fed.onWake = () => runner.wake();
  return runner;
}
