import type { FastifyInstance } from 'fastify';
import type { Config } from './config/types.js';
import type { Deps } from './domain/deps.js';
import { createLogger, type Logger } from './log.js';
import { openStore } from './store/open.js';
import { leaseNodeId, type NodeIdLease } from './domain/instance/node-id.js';
import { Urls } from './urls.js';
import { EventBus } from './domain/streaming/events.js';
import { buildApp } from './http/app.js';
import { ensureFirstStart, type FirstStartResult } from './domain/accounts/first-start.js';
import { createFederation, type FedDeps } from './activitypub/federation.js';
import { verifySignedFetch } from './activitypub/authorized-fetch.js';
import { createJobRunner } from './activitypub/job-handlers.js';
import { inboxRoutes } from './http/federation/inbox.js';
import { objectRoutes } from './http/federation/objects.js';
import { storeCollections } from './domain/actors/store-collections.js';
import type { JobRunnerGroup } from './jobs/runner-group.js';
import { createPrometheusMetrics, type PrometheusMetrics } from './metrics/prometheus.js';
import { startMetricsListener } from './http/metrics.js';
import { ConfigError, parseListen } from './config/load.js';

export interface RunningInstance {
  app: FastifyInstance;
  deps: Deps;
  /** Deps plus the federation machinery (HTTP client, key cache, inbox queue). */
  fed: FedDeps;
  /** The job runner (deliveries, inbox processing); started after listen. */
  jobs: JobRunnerGroup;
  /** The address actually bound (port 0 picks a free one). */
  address: { host: string; port: number };
  /** The metrics (metrics.enabled) and, with metrics.listen, the address of their own listener. */
  metrics?: { registry: PrometheusMetrics['registry']; address?: { host: string; port: number } };
  firstStart: FirstStartResult;
  close(): Promise<void>;
}

/** loadConfig refuses this already; a Config built another way must not open /metrics to everyone. */
function publicMetricsToken(token: string | undefined): string {
  if (!token) throw new ConfigError('config: metrics.token is required when metrics are served on the main listener');
  return token;
}

/**
 * The composition root: config -> store -> first start -> app -> listen. Tests call it too, with
 * port 0 on 127.0.0.1, so "the real server" in a test is this very function.
 */
export async function startInstance(config: Config, options: { log?: Logger; /** Tests read the job gauges fresh on every scrape. */ metricsStatsTtlMs?: number } = {}): Promise<RunningInstance> {
  const log = options.log ?? createLogger(config.logLevel, { instance: config.domain });
  const store = await openStore(config);
  const deps: Deps = { config, store, urls: new Urls(config), log, now: () => new Date(), events: new EventBus(store) };
  const m = config.metrics;
  const metrics = m.enabled ? createPrometheusMetrics({ store, now: deps.now, log, config: m, statsTtlMs: options.metricsStatsTtlMs }) : undefined;
  deps.metrics = metrics;
  let node: NodeIdLease | undefined;
  let metricsListener: Awaited<ReturnType<typeof startMetricsListener>> | undefined;
  try {
    // Before anything makes an id: this process's node bits, unique among the store's processes.
    node = await leaseNodeId(store, log);
    const firstStart = await ensureFirstStart(deps);
    const fed = createFederation(deps);
    const app = await buildApp(deps, {
      collections: storeCollections(store),
      plugins: [async (scope) => inboxRoutes(scope, fed), objectRoutes],
      verifySignedFetch: async (request) => void (await verifySignedFetch(fed, request)),
      fed,
      metrics: metrics && m.listen === undefined ? { source: metrics, token: publicMetricsToken(m.token) } : undefined,
    });
    if (metrics && m.listen !== undefined) {
      metricsListener = await startMetricsListener({ ...parseListen(m.listen), source: metrics, token: m.token, log });
    }
    await app.listen({ port: config.port, host: config.host });
    const jobs = createJobRunner(fed);
    jobs.start();
    const addr = app.server.address();
    const address = typeof addr === 'object' && addr ? { host: addr.address, port: addr.port } : { host: config.host, port: config.port };
    let closing: Promise<void> | undefined;
    return {
      app, deps, fed, jobs, address, firstStart,
      metrics: metrics && { registry: metrics.registry, address: metricsListener?.address },
      // Stop taking jobs (running ones finish or give their leases back), stop HTTP, then the store.
      close: () => (closing ??= (async () => {
        await jobs.stop();
        await app.close();
        await metricsListener?.app.close();
        await fed.http.close();
        await node?.release();
        await store.close();
      })()),
    };
  } catch (e) {
    await metricsListener?.app.close();
    await node?.release();
    await store.close();
    throw e;
  }
}
