import type { FedDeps } from './federation.js';
import type { Job } from '../store/port.js';
import type { JobOutcome } from '../metrics/observer.js';
import { JobRunner, type JobHandler, type RunnerOptions } from '../jobs/runner.js';
import { JobRunnerGroup } from '../jobs/runner-group.js';
import { runInboxBatch, runInboxJob } from './handlers/index.js';
import { runFanout } from './outbox/fanout.js';
import { runDelivery } from './outbox/deliver.js';
import { runPostFetch } from './fetch/post-fetch-job.js';
import { runAdoptionFetch } from './handlers/adopt.js';
import { runBackfill } from './fetch/backfill.js';
import { runPush } from '../domain/push/deliver.js';
import { runErasureJob, type ErasureJob } from '../domain/privacy/erase.js';

export function federationJobHandlers(fed: FedDeps): Record<string, JobHandler> {
  return {
    inbox: (job) => runInboxJob(fed, job),
    fanout: (job) => runFanout(fed, job),
    deliver: (job) => runDelivery(fed, job),
    'fetch-post': (job) => runPostFetch(fed, job),
    'fetch-adoption': (job) => runAdoptionFetch(fed, job),
    backfill: (job) => runBackfill(fed, job),
    push: (job) => runPush(fed, job),
    // The fallback of an erasure whose caller died midway: resumes it where its chunks stopped.
    erase: (job) => runErasureJob(fed, job.payload as unknown as ErasureJob),
  };
}

/**
 * The runners of this process, wired so local enqueues wake them: one per kind of work, each with
 * its own slots. Deliveries wait on remote servers, so many run at once without using the core;
 * inbox activities wait on the store, so they are applied in batches, one transaction each; the
 * rest (fetches, backfills, push) share a small pool. One runner for all let a large fan-out take
 * every slot from the inbox, and let inbox jobs starve deliveries.
 */
export function createJobRunner(fed: FedDeps): JobRunnerGroup {
  const f = fed.config.federation;
  const handlers = federationJobHandlers(fed);
  const base: Omit<RunnerOptions, 'concurrency'> = {
    pollMs: f.jobPollMs,
    leaseMs: f.jobLeaseMs,
    backoff: { baseMs: f.retryBaseMs, maxDelayMs: f.retryMaxDelayMs, maxAttempts: f.maxAttempts },
    ...(fed.metrics ? { onFinished: (job: Job, outcome: JobOutcome, ms: number) => fed.metrics!.jobFinished(job.type, outcome, ms / 1000) } : {}),
  };
  const lanes = { inbox: ['inbox'], delivery: ['deliver', 'fanout'] };
  const rest = Object.keys(handlers).filter((t) => !Object.values(lanes).flat().includes(t));
  const group = new JobRunnerGroup([
    // Two batches' worth of slots: the next batch is claimed while one is being applied.
    new JobRunner(fed, handlers, { ...base, types: lanes.inbox, concurrency: 2 * f.inboxBatchSize, batch: { size: f.inboxBatchSize, handlers: { inbox: (jobs, owner) => runInboxBatch(fed, jobs, owner) } } }),
    new JobRunner(fed, handlers, { ...base, types: lanes.delivery, concurrency: f.deliveryConcurrency, prune: false }),
    new JobRunner(fed, handlers, { ...base, types: rest, concurrency: f.jobConcurrency, prune: false }),
  ]);
  fed.onWake = () => group.wake();
  return group;
}
