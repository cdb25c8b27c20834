import type { Config } from '../config/types.js';
import type { Store } from '../store/port.js';
import type { Urls } from '../urls.js';
import type { Logger } from '../log.js';
import type { EventBus } from './streaming/events.js';
import type { MetricsObserver } from '../metrics/observer.js';

/** What every use case receives; built once at the composition root. */
export interface Deps {
  config: Config;
  store: Store;
  urls: Urls;
  log: Logger;
  /** Injected so tests control time. */
  now: () => Date;
  /** Live events for the streaming API; absent where nothing listens (CLI, some tests). */
  events?: EventBus;
  /** Counters and timings for GET /metrics; absent (every hook a no-op) unless metrics.enabled. */
  metrics?: MetricsObserver;
}
