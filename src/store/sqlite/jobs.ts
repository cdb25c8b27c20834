import type { Database } from 'better-sqlite3';
import type { DeliveryHost, DeliveryHostRepository, Job, JobQueueStats, JobRepository, JobState, NewJob, OpenJobState } from '../port.js';
import { newId } from '../../ids.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

/**
 * The claim statement. One statement: SQLite serializes writers, so two processes can never take
 * the same row. Due jobs are read through the partial indexes (INDEXED BY, because without ANALYZE
 * the planner picks jobs_state, then reads and sorts the whole backlog on every claim, which made a
 * large fan-out quadratic). With types, each type is its own range over the (type, run_at) and
 * (type, lease_until) indexes, so a claim reads at most LIMIT rows per type and never walks other
 * types' backlog. Ties on run_at go in rowid (enqueue) order. Exported for the plan test.
 *
 * Parameters: owner, lease_until, updated_at; then per branch (one without types, else one per
 * type) now, [type], limit for due work and now, [type], limit for expired leases; then the limit.
 */
export function claimSql(typeCount: number): string {
  const branch = (typed: boolean) => typed
    ? `SELECT * FROM (SELECT rowid AS r, run_at FROM jobs INDEXED BY jobs_due_type WHERE state = 'pending' AND type = ? AND run_at <= ? ORDER BY run_at LIMIT ?)
        UNION ALL
        SELECT * FROM (SELECT rowid AS r, run_at FROM jobs INDEXED BY jobs_leased_type WHERE state = 'running' AND type = ? AND lease_until <= ? ORDER BY lease_until LIMIT ?)`
    : `SELECT * FROM (SELECT rowid AS r, run_at FROM jobs INDEXED BY jobs_due WHERE state = 'pending' AND run_at <= ? ORDER BY run_at LIMIT ?)
        UNION ALL
        SELECT * FROM (SELECT rowid AS r, run_at FROM jobs INDEXED BY jobs_leased WHERE state = 'running' AND lease_until <= ? ORDER BY lease_until LIMIT ?)`;
  const branches = typeCount ? Array.from({ length: typeCount }, () => branch(true)) : [branch(false)];
  // A takeover (state was running: its runner died or stalled) counts as an attempt, so a job that
  // crashes every process that runs it ends dead instead of being taken over forever.
  return `UPDATE jobs SET attempts = attempts + (state = 'running'), state = 'running', lease_owner = ?, lease_until = ?, updated_at = ?
    WHERE rowid IN (
      SELECT r FROM (
        ${branches.join(' UNION ALL ')}
      ) ORDER BY run_at, r LIMIT ?
    ) RETURNING *`;
}

/** The claim statement's parameters, in claimSql's order. */
export function claimParams(o: { owner: string; until: string; now: string; limit: number; types?: string[] }): unknown[] {
  const head = [o.owner, o.until, o.now];
  const body = o.types?.length
    ? o.types.flatMap((type) => [type, o.now, o.limit, type, o.now, o.limit])
    : [o.now, o.limit, o.now, o.limit];
  return [...head, ...body, o.limit];
}

export class SqliteJobs implements JobRepository {
  readonly t: Table<Job>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<Job>(db, 'jobs', {
      id: 'text', type: 'text', key: 'text', payload: 'json', state: 'text', attempts: 'int', runAt: 'text',
      leaseOwner: 'text', leaseUntil: 'text', lastError: 'text', host: 'text', createdAt: 'text', updatedAt: 'text',
    });
  }

  enqueue(job: NewJob, now: string) {
    return this.run(() => {
      const full: Job = {
        id: newId(Date.parse(now)), type: job.type, key: job.key ?? null, payload: job.payload, state: 'pending', attempts: 0,
        runAt: job.runAt ?? now, leaseOwner: null, leaseUntil: null, lastError: null, host: job.host ?? null, createdAt: now, updatedAt: now,
      };
      const row = this.t.toRow(full);
      const cols = Object.keys(row);
      // ON CONFLICT DO NOTHING: the key makes enqueue idempotent without a read-then-write race.
      const changes = this.t.stmt(`INSERT INTO jobs (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')}) ON CONFLICT (key) DO NOTHING`).run(row).changes;
      if (changes === 1) return { job: full, created: true };
      return { job: this.t.get('key = ?', job.key)!, created: false };
    });
  }

  claim(o: { owner: string; now: string; leaseMs: number; limit: number; types?: string[] }) {
    return this.run(() => {
      const until = new Date(Date.parse(o.now) + o.leaseMs).toISOString();
      const rows = this.t.stmt(claimSql(o.types?.length ?? 0)).all(...claimParams({ owner: o.owner, until, now: o.now, limit: o.limit, types: o.types })) as Record<string, unknown>[];
      return rows.map((r) => this.t.fromRow(r)!).sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0));
    });
  }

  extend(ids: string[], owner: string, leaseUntil: string, now: string) {
    return this.run(() => {
      let n = 0;
      const stmt = this.t.stmt(`UPDATE jobs SET lease_until = ?, updated_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?`);
      for (const id of ids) n += stmt.run(leaseUntil, now, id, owner).changes;
      return n;
    });
  }

  complete(id: string, owner: string, now: string) {
    return this.run(() => this.t.stmt(`UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?`).run(now, id, owner).changes === 1);
  }

  fail(id: string, owner: string, error: string, retryAt: string | null, now: string) {
    return this.run(() => this.t.stmt(`UPDATE jobs SET state = ?, run_at = coalesce(?, run_at), attempts = attempts + 1, last_error = ?,
        lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?`)
      .run(retryAt ? 'pending' : 'dead', retryAt, error.slice(0, 2000), now, id, owner).changes === 1);
  }

  release(id: string, owner: string, now: string) {
    return this.run(() => this.t.stmt(`UPDATE jobs SET state = 'pending', run_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?`)
      .run(now, now, id, owner).changes === 1);
  }

  get(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  getByKey(key: string) { return this.run(() => this.t.get('key = ?', key)); }

  list(filter: { state?: JobState; type?: string; limit?: number } = {}) {
    return this.run(() => this.t.all(`ifnull(?, state) = state AND ifnull(?, type) = type ORDER BY id DESC LIMIT ?`, filter.state ?? null, filter.type ?? null, filter.limit ?? 100));
  }

  retry(id: string, now: string) {
    return this.run(() => this.t.stmt(`UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, updated_at = ? WHERE id = ? AND state IN ('dead', 'pending')`).run(now, now, id).changes === 1);
  }

  pruneDone(before: string, limit: number) {
    return this.run(() => this.t.stmt(`DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state = 'done' AND updated_at < ? ORDER BY id LIMIT ?)`).run(before, limit).changes);
  }

  count(filter: { state?: JobState; type?: string } = {}) {
    return this.run(() => this.t.count(`ifnull(?, state) = state AND ifnull(?, type) = type`, filter.state ?? null, filter.type ?? null));
  }

  /**
   * Each count is a LIMITed walk of one index, without reading a row: jobs_state (state, id) for
   * the state totals, jobs_due for the due count and (its first entry) the oldest due job, and the
   * per-type partial indexes of the claim (jobs_due_type, jobs_leased_type: type first) for the
   * pending and running jobs of each type, whose types are found by a skip-scan (one seek each).
   * Dead jobs have no type index (they are few, and one more index on the hottest written table
   * costs every write), so their split reads at most typeCap rows. Each statement runs on its own
   * turn of the event loop: better-sqlite3 blocks while it runs, and at the caps one statement is a
   * few milliseconds where all of them together would be tens.
   */
  async stats(o: { now: string; countCap: number; typeCap: number }): Promise<JobQueueStats> {
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const one = async <R>(fn: () => R): Promise<R> => {
      const r = await this.run(fn);
      await turn();
      return r;
    };
    const countState = this.t.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM jobs INDEXED BY jobs_state WHERE state = ? LIMIT ?)`);
    const typeIndex = { pending: 'jobs_due_type', running: 'jobs_leased_type' } as const;
    const states = {} as JobQueueStats['states'];
    const dueByType: JobQueueStats['dueByType'] = {};
    for (const state of ['pending', 'running', 'dead'] as OpenJobState[]) {
      const count = await one(() => (countState.get(state, o.countCap) as { n: number }).n);
      const byType: Record<string, number> = {};
      let complete = true;
      if (state === 'dead') {
        const rows = await one(() => this.t.stmt(`SELECT type, count(*) AS n FROM (SELECT type FROM jobs INDEXED BY jobs_state WHERE state = 'dead' ORDER BY id LIMIT ?) GROUP BY type`).all(o.typeCap) as Array<{ type: string; n: number }>);
        let seen = 0;
        for (const r of rows) {
          byType[r.type] = r.n;
          seen += r.n;
        }
        complete = seen < o.typeCap || count === seen;
      } else {
        const index = typeIndex[state];
        const next = this.t.stmt(`SELECT type FROM jobs INDEXED BY ${index} WHERE state = '${state}' AND type > ? ORDER BY type LIMIT 1`);
        const countType = this.t.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM jobs INDEXED BY ${index} WHERE state = '${state}' AND type = ? LIMIT ?)`);
        let type = '';
        for (let i = 0; i < 64; i++) {
          const row = await one(() => next.get(type) as { type: string } | undefined);
          if (!row) break;
          type = row.type;
          const n = await one(() => (countType.get(type, o.countCap) as { n: number }).n);
          byType[type] = n;
          if (n >= o.countCap) complete = false;
          if (state === 'pending') {
            const due = await one(() => (this.t.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM jobs INDEXED BY jobs_due_type WHERE state = 'pending' AND type = ? AND run_at <= ? LIMIT ?)`).get(type, o.now, o.countCap) as { n: number }).n);
            const first = await one(() => this.t.stmt(`SELECT run_at FROM jobs INDEXED BY jobs_due_type WHERE state = 'pending' AND type = ? ORDER BY run_at LIMIT 1`).get(type) as { run_at: string } | undefined);
            dueByType[type] = { due, oldestDueAt: first && first.run_at <= o.now ? first.run_at : null };
          }
          if (i === 63) complete = false;
        }
      }
      states[state] = { count, byType, byTypeComplete: complete };
    }
    const due = await one(() => (this.t.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM jobs INDEXED BY jobs_due WHERE state = 'pending' AND run_at <= ? LIMIT ?)`).get(o.now, o.countCap) as { n: number }).n);
    const first = await this.run(() => this.t.stmt(`SELECT run_at FROM jobs INDEXED BY jobs_due WHERE state = 'pending' ORDER BY run_at LIMIT 1`).get() as { run_at: string } | undefined);
    return { states, due, oldestDueAt: first && first.run_at <= o.now ? first.run_at : null, dueByType };
  }
}

export class SqliteDeliveryHosts implements DeliveryHostRepository {
  readonly t: Table<DeliveryHost>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<DeliveryHost>(db, 'delivery_hosts', {
      host: 'text', failingSince: 'text', failures: 'int', lastFailureAt: 'text', unavailableSince: 'text', lastSuccessAt: 'text',
    });
  }
  get(host: string) { return this.run(() => this.t.get('host = ?', host)); }
  recordFailure(host: string, now: string, unavailableIfFailingSince: string) {
    return this.run(() => {
      this.t.stmt(`INSERT INTO delivery_hosts (host, failing_since, failures, last_failure_at) VALUES (?, ?, 1, ?)
        ON CONFLICT (host) DO UPDATE SET failing_since = coalesce(failing_since, excluded.failing_since), failures = failures + 1, last_failure_at = excluded.last_failure_at`).run(host, now, now);
      this.t.stmt(`UPDATE delivery_hosts SET unavailable_since = coalesce(unavailable_since, ?) WHERE host = ? AND failing_since <= ?`).run(now, host, unavailableIfFailingSince);
      return this.t.get('host = ?', host)!;
    });
  }
  recordSuccess(host: string, now: string) {
    return this.run(() => {
      this.t.stmt(`INSERT INTO delivery_hosts (host, failures, last_success_at) VALUES (?, 0, ?)
        ON CONFLICT (host) DO UPDATE SET failing_since = NULL, failures = 0, unavailable_since = NULL, last_success_at = excluded.last_success_at`).run(host, now);
    });
  }
  listUnavailable() { return this.run(() => this.t.all('unavailable_since IS NOT NULL ORDER BY host')); }
}
