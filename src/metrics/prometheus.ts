import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { JobQueueStats, OpenJobState, Store } from '../store/port.js';
import type { DeliveryOutcome, InboxOutcome, JobOutcome, MetricsObserver } from './observer.js';

/** Counts stop here: an index walk of 100,000 entries is a few milliseconds; more is a backlog anyway. */
export const COUNT_CAP = 100_000;
/** The per-type split of dead jobs reads rows (no index leads with their type), so it looks at fewer. */
export const TYPE_CAP = 10_000;
/** Several scrapers (or a fast one) share one store read this long. */
export const STATS_TTL_MS = 5_000;
/** Deliveries a host needs before it earns a label of its own (while labels are left). */
export const HOST_ADMIT_AFTER = 20;
/** Hosts whose deliveries are being counted towards admission; the tally restarts when full. */
const HOST_TALLY_MAX = 1_000;
/** Distinct refusal codes with their own label; codes are constants in the code, this is a guard. */
const REASON_LABELS_MAX = 64;

const OPEN_STATES: OpenJobState[] = ['pending', 'running', 'dead'];
const INBOX_OUTCOMES: InboxOutcome[] = ['queued', 'duplicate', 'unknown_type', 'unknown_actor_deleted'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
const UNMATCHED = '(unmatched)';
const OTHER = 'other';

/** Seconds; the inbox target is p99 < 50 ms, page targets < 20 ms, so the low end is fine-grained. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const DELIVERY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120];

export interface PrometheusMetrics extends MetricsObserver {
  readonly registry: Registry;
  /** The exposition (text format 0.0.4) and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * Which remote hosts get a label of their own. A fediverse has thousands of hosts; a label per
 * host would make series (a delivery histogram is 14 per host) without bound, in this process and
 * in Prometheus. A host is admitted once it has had HOST_ADMIT_AFTER deliveries, until `limit` are;
 * admission is for the life of the process so a host's counters never move between labels (which
 * a periodically recomputed top-N would do, making rate() see resets). The busiest peers get there
 * first, since a follower host gets every fan-out; deliveries before admission count as "other".
 */
export class HostLabels {
  private readonly admitted = new Set<string>();
  private tally = new Map<string, number>();
  constructor(private readonly limit: number, private readonly admitAfter = HOST_ADMIT_AFTER) {}

  label(host: string): string {
    if (this.admitted.has(host)) return host;
    if (this.admitted.size >= this.limit) return OTHER;
    const n = (this.tally.get(host) ?? 0) + 1;
    if (n >= this.admitAfter) {
      this.admitted.add(host);
      this.tally.delete(host);
      return host;
    }
    // A bounded tally: when full it starts over, which only delays admissions.
    if (this.tally.size >= HOST_TALLY_MAX && !this.tally.has(host)) this.tally = new Map();
    this.tally.set(host, n);
    return OTHER;
  }
}

/**
 * The registry of one instance (its own, not prom-client's global one, so several instances in one
 * process, as in the tests, do not share series). Hooks only increment prom-client children looked
 * up in small maps; the store is read only when scraped, at most once per STATS_TTL_MS.
 */
export function createPrometheusMetrics(deps: { store: Store; now: () => Date; log: Logger; config: MetricsConfig; statsTtlMs?: number }): PrometheusMetrics {
  const ttl = deps.statsTtlMs ?? STATS_TTL_MS;
  const registry = new Registry();
  const registers = [registry];
  // Process CPU, RSS, heap, GC, handles, and event-loop lag (min/mean/p50/p90/p99/max since the last scrape).
  collectDefaultMetrics({ register: registry });

  const inboxAccepted = new Counter({ name: 'samspil_inbox_accepted_total', help: 'Inbox POSTs answered 202, by result: queued, or dropped as a duplicate, an unknown type or a Delete of an unknown actor.', labelNames: ['result'], registers });
  const inboxRefused = new Counter({ name: 'samspil_inbox_refused_total', help: 'Inbox POSTs refused, by the problem code of the answer (SIGNATURE_INVALID, DOMAIN_BLOCKED, ...).', labelNames: ['reason'], registers });
  const acceptedChildren = new Map(INBOX_OUTCOMES.map((o) => [o, inboxAccepted.labels(o)]));
  // Series that exist from the start at 0, so rate() and alerts see the first increase.
  for (const child of acceptedChildren.values()) child.inc(0);
  const refusedChildren = new Map<string, ReturnType<typeof inboxRefused.labels>>();

  const httpDuration = new Histogram({ name: 'samspil_http_request_duration_seconds', help: 'HTTP requests by route pattern (never the raw URL), method and status class.', labelNames: ['route', 'method', 'status_class'], buckets: HTTP_BUCKETS, registers });
  // route -> method index * 5 + status class index -> child; no key strings are built per request.
  const httpChildren = new Map<string, Array<ReturnType<typeof httpDuration.labels> | undefined>>();

  const deliveries = new Counter({ name: 'samspil_deliveries_total', help: 'Delivery attempts by remote host (busiest hosts, the rest "other") and outcome: ok, gone, retry, failed, skipped.', labelNames: ['host', 'outcome'], registers });
  const deliveryDuration = new Histogram({ name: 'samspil_delivery_duration_seconds', help: 'Duration of the delivery POST to a remote inbox, by host (busiest hosts, the rest "other").', labelNames: ['host'], buckets: DELIVERY_BUCKETS, registers });
  const hosts = new HostLabels(deps.config.deliveryHostLabels);
  // Children per label value, made once: labels() builds a label object on every call. Bounded by the host labels.
  const deliveryChildren = new Map<string, { outcomes: Map<DeliveryOutcome, ReturnType<typeof deliveries.labels>>; duration: ReturnType<typeof deliveryDuration.labels> }>();

  const jobsFinished = new Counter({ name: 'samspil_jobs_finished_total', help: 'Job runs in this process by type and outcome: done, retry, dead, lost (finished after its lease went to another runner).', labelNames: ['type', 'outcome'], registers });
  const jobDuration = new Histogram({ name: 'samspil_job_duration_seconds', help: 'Duration of job runs in this process, by type.', labelNames: ['type'], buckets: JOB_BUCKETS, registers });
  // Job types are the runner's handler names, a handful.
  const jobChildren = new Map<string, { outcomes: Map<JobOutcome, ReturnType<typeof jobsFinished.labels>>; duration: ReturnType<typeof jobDuration.labels> }>();

  let cached: { at: number; value: Promise<JobQueueStats | undefined> } | undefined;
  const stats = (): Promise<JobQueueStats | undefined> => {
    const now = deps.now();
    if (cached && now.getTime() - cached.at < ttl) return cached.value;
    const value = deps.store.jobs.stats({ now: now.toISOString(), countCap: COUNT_CAP, typeCap: TYPE_CAP }).catch((e: unknown) => {
      // A scrape while the store is busy or closing: the job gauges are left out of this one.
      deps.log.warn({ err: e }, 'metrics: reading the job queue failed');
      cached = undefined;
      return undefined;
    });
    cached = { at: now.getTime(), value };
    return value;
  };
  const jobGauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: JobQueueStats) => void) =>
    new Gauge({
      name, help, labelNames, registers,
      async collect() {
        const s = await stats();
        this.reset();
        if (s) fill(this, s);
      },
    });
  jobGauge('samspil_jobs_open', `Jobs in the store by open state (pending, running, dead), across all processes; counted up to ${COUNT_CAP}.`, ['state'], (g, s) => {
    for (const state of OPEN_STATES) g.set({ state }, s.states[state].count);
  });
  jobGauge('samspil_jobs_open_by_type', `Jobs by open state and type, each counted up to ${COUNT_CAP} (dead jobs: among the ${TYPE_CAP} oldest; see samspil_jobs_open_by_type_complete).`, ['state', 'type'], (g, s) => {
    for (const state of OPEN_STATES) for (const [type, n] of Object.entries(s.states[state].byType)) g.set({ state, type }, n);
  });
  jobGauge('samspil_jobs_open_by_type_complete', `1 when samspil_jobs_open_by_type is every job of the state, 0 when a cap cut it short.`, ['state'], (g, s) => {
    for (const state of OPEN_STATES) g.set({ state }, s.states[state].byTypeComplete ? 1 : 0);
  });
  jobGauge('samspil_jobs_due', `Queue depth: pending jobs whose time has come, waiting for a runner; counted up to ${COUNT_CAP}.`, [], (g, s) => g.set(s.due));
  const age = (at: string | null) => (at ? Math.max(0, (deps.now().getTime() - Date.parse(at)) / 1000) : 0);
  jobGauge('samspil_jobs_oldest_due_age_seconds', 'How long the oldest due job has been waiting (0 when none is due).', [], (g, s) => g.set(age(s.oldestDueAt)));
  jobGauge('samspil_jobs_due_by_type', `Due pending jobs per type (types with pending jobs), each counted up to ${COUNT_CAP}.`, ['type'], (g, s) => {
    for (const [type, d] of Object.entries(s.dueByType)) g.set({ type }, d.due);
  });
  jobGauge('samspil_jobs_oldest_due_age_seconds_by_type', 'How long the oldest due job of each type has been waiting (0 when none of the type is due).', ['type'], (g, s) => {
    for (const [type, d] of Object.entries(s.dueByType)) g.set({ type }, age(d.oldestDueAt));
  });

  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    inboxAccepted(outcome) {
      acceptedChildren.get(outcome)?.inc();
    },
    inboxRefused(code) {
      let child = refusedChildren.get(code);
      if (!child) {
        const label = refusedChildren.size < REASON_LABELS_MAX && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'OTHER';
        child = inboxRefused.labels(label);
        if (label === code) refusedChildren.set(code, child);
      }
      child.inc();
    },
    delivery(host: string, outcome: DeliveryOutcome, seconds: number | null) {
      const label = hosts.label(host);
      let c = deliveryChildren.get(label);
      if (!c) deliveryChildren.set(label, (c = { outcomes: new Map(), duration: deliveryDuration.labels(label) }));
      let counter = c.outcomes.get(outcome);
      if (!counter) c.outcomes.set(outcome, (counter = deliveries.labels(label, outcome)));
      counter.inc();
      if (seconds !== null) c.duration.observe(seconds);
    },
    jobFinished(type: string, outcome: JobOutcome, seconds: number) {
      let c = jobChildren.get(type);
      if (!c) jobChildren.set(type, (c = { outcomes: new Map(), duration: jobDuration.labels(type) }));
      let counter = c.outcomes.get(outcome);
      if (!counter) c.outcomes.set(outcome, (counter = jobsFinished.labels(type, outcome)));
      counter.inc();
      c.duration.observe(seconds);
    },
    httpRequest(route, method, status, seconds) {
      const r = route ?? UNMATCHED;
      let row = httpChildren.get(r);
      if (!row) httpChildren.set(r, (row = new Array((METHODS.length + 1) * STATUS_CLASSES.length)));
      let m = METHODS.indexOf(method);
      if (m < 0) m = METHODS.length;
      const c = Math.min(4, Math.max(0, Math.floor(status / 100) - 1));
      const i = m * STATUS_CLASSES.length + c;
      let child = row[i];
      if (!child) row[i] = child = httpDuration.labels(r, METHODS[m] ?? OTHER, STATUS_CLASSES[c]!);
      child.observe(seconds);
    },
  };
}
