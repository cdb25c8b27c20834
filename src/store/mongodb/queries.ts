import { SHAPES } from './query-shapes.js';
import type { Document, Filter, UpdateFilter } from 'mongodb';
import type { Doc } from './collection.js';
import type { Job, JobState } from '../port.js';

/**
 * Pure builders for the queries whose semantics matter most, kept apart so they are unit-tested
 * without a server (test/store/mongodb-builders.test.ts).
 */

/** SQLite's NOCASE and LIKE fold ASCII letters only; so do we, so both adapters match the same names. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a case-folded field that starts with `query` (every character literal, as LIKE ... ESCAPE). */
export function prefixPattern(query: string): RegExp {
  return new RegExp(`^${escapeRegex(asciiLower(query))}`);
}

/**
 * A domain, its subdomains, and either with a port: SQLite's
 * `domain = d OR domain LIKE '%.d' OR domain LIKE 'd:%' OR domain LIKE '%.d:%'`.
 * LIKE is ASCII case-insensitive, hence the `i` (domains are stored lowercase anyway).
 */
export function domainAndSubdomainsPattern(domain: string): RegExp {
  return new RegExp(`^(?:.*\\.)?${escapeRegex(domain)}(?::.*)?$`, 'i');
}

// ---- the job queue: claims are leases -------------------------------------------------------

export function leaseUntil(now: string, leaseMs: number): string {
  return new Date(Date.parse(now) + leaseMs).toISOString();
}

export type LeaseDecision = 'due' | 'lease-expired' | 'not-yet-due' | 'leased' | 'finished' | 'other-type';

/**
 * Whether a runner asking at `now` may take `job`, and why. This is the rule the claim filter
 * below encodes for the server; timestamps are ISO strings of one format, so text order is time order.
 */
export function leaseDecision(job: Pick<Job, 'state' | 'runAt' | 'leaseUntil' | 'type'>, now: string, types?: string[]): LeaseDecision {
  if (types?.length && !types.includes(job.type)) return 'other-type';
  switch (job.state) {
    case 'pending': return job.runAt <= now ? 'due' : 'not-yet-due';
    case 'running': return job.leaseUntil !== null && job.leaseUntil <= now ? 'lease-expired' : 'leased';
    default: return 'finished';
  }
}

export const claimable = (d: LeaseDecision) => d === 'due' || d === 'lease-expired';

/** Due pending jobs and running jobs whose lease ran out (their runner died or stalled). */
export function claimFilter(now: string, types?: string[]): Filter<Doc> {
  return {
    $or: [
      { state: 'pending', runAt: { $lte: now } },
      SHAPES.leasedJobs.filter(now),
    ],
    ...(types?.length ? { type: { $in: [...types] } } : {}),
  };
}

/** Oldest due first, as SQLite's ORDER BY run_at, id. */
export const CLAIM_SORT = { runAt: 1, _id: 1 } as const;

/**
 * A pipeline update: one $set stage reads the document as it was (`$state` is the old state), so
 * a takeover of a running job (its runner died or stalled) adds an attempt, as SQLite's claim does.
 * Values go in through $literal so a string starting with `$` is never read as a field path.
 */
export function claimUpdate(owner: string, now: string, leaseMs: number): Document[] {
  const lit = (v: unknown) => ({ $literal: v });
  return [{
    $set: {
      attempts: { $add: [{ $ifNull: ['$attempts', 0] }, { $cond: [{ $eq: ['$state', 'running'] }, 1, 0] }] },
      state: lit('running'), leaseOwner: lit(owner), leaseUntil: lit(leaseUntil(now, leaseMs)), updatedAt: lit(now),
    },
  }];
}

/** Extends the leases a runner still holds (its heartbeat while jobs run). */
export function extendUpdate(leaseUntilIso: string, now: string): UpdateFilter<Doc> {
  return { $set: { leaseUntil: leaseUntilIso, updatedAt: now } };
}

/** Only the runner holding the lease may finish a job: a runner whose lease was taken over loses. */
export function ownedBy(id: string, owner: string): Filter<Doc> {
  return { _id: id, state: 'running', leaseOwner: owner };
}

export function completeUpdate(now: string): UpdateFilter<Doc> {
  return { $set: { state: 'done', leaseOwner: null, leaseUntil: null, updatedAt: now } };
}

export function failUpdate(error: string, retryAt: string | null, now: string): UpdateFilter<Doc> {
  const state: JobState = retryAt ? 'pending' : 'dead';
  return {
    $set: { state, ...(retryAt ? { runAt: retryAt } : {}), lastError: error.slice(0, 2000), leaseOwner: null, leaseUntil: null, updatedAt: now },
    $inc: { attempts: 1 },
  };
}

export function releaseUpdate(now: string): UpdateFilter<Doc> {
  return { $set: { state: 'pending', runAt: now, leaseOwner: null, leaseUntil: null, updatedAt: now } };
}

/**
 * recordFailure as one pipeline update (upsert): the failure run keeps its start, and the host is
 * marked unavailable once that start is at or before `unavailableIfFailingSince`. Values go in
 * through $literal so a string starting with `$` is never read as a field path.
 */
export function recordFailurePipeline(now: string, unavailableIfFailingSince: string): Document[] {
  const lit = (v: unknown) => ({ $literal: v });
  return [
    {
      $set: {
        failingSince: { $ifNull: ['$failingSince', lit(now)] },
        failures: { $add: [{ $ifNull: ['$failures', 0] }, 1] },
        lastFailureAt: lit(now),
        unavailableSince: { $ifNull: ['$unavailableSince', null] },
        lastSuccessAt: { $ifNull: ['$lastSuccessAt', null] },
      },
    },
    {
      $set: {
        unavailableSince: {
          $cond: [{ $lte: ['$failingSince', lit(unavailableIfFailingSince)] }, { $ifNull: ['$unavailableSince', lit(now)] }, '$unavailableSince'],
        },
      },
    },
  ];
}
