import type { Job } from '../../store/port.js';
import type { FedDeps } from '../federation.js';
import { actorSigner } from '../federation.js';
import { signRequest } from '../signatures/sign.js';
import { FetchError } from '../fetch/http-client.js';
import { PermanentJobError, RetryableJobError } from '../../jobs/runner.js';
import type { DeliveryOutcome } from '../../metrics/observer.js';

const RETRY_STATUS = new Set([408, 429]);

function retryAfterMs(header: unknown, now: Date): number {
  if (typeof header !== 'string') return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds), 24 * 3600) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.min(Math.max(0, at - now.getTime()), 24 * 3600 * 1000);
}

/**
 * POSTs one activity to one inbox, signed at send time (a retry days later carries a fresh Date).
 * 2xx done; network errors, 5xx, 408 and 429 (Retry-After honoured) retry with backoff; other 4xx
 * give up; 410 on a followers delivery ends the follows reached through that inbox.
 */
export async function runDelivery(fed: FedDeps, job: Job): Promise<void> {
  const p = job.payload as { activityId: string; actorId: string; inbox: string; body: string; toFollowers: boolean };
  const host = job.host ?? new URL(p.inbox).host;
  const health = await fed.store.deliveryHosts.get(host);
  let started = 0;
  const observe = (outcome: DeliveryOutcome, seconds: number | null = (performance.now() - started) / 1000) => fed.metrics?.delivery(host, outcome, seconds);
  if (health?.unavailableSince) {
    observe('skipped', null);
    throw new PermanentJobError(`${host} is marked unavailable since ${health.unavailableSince}`);
  }
  const actor = await fed.store.actors.getById(p.actorId);
  if (!actor?.privateKeyPem) {
    observe('failed', null);
    throw new PermanentJobError(`the sending actor ${p.actorId} is gone`);
  }
  const signer = actorSigner(actor);
  const body = Buffer.from(p.body);
  const now = fed.now();
  const failed = async (message: string, afterMs = 0) => {
    const cutoff = new Date(now.getTime() - fed.config.federation.hostUnavailableAfterMs).toISOString();
    const h = await fed.store.deliveryHosts.recordFailure(host, now.toISOString(), cutoff);
    if (h.unavailableSince) fed.log.warn({ host, since: h.failingSince }, 'host marked unavailable');
    return new RetryableJobError(message, afterMs);
  };
  let res;
  started = performance.now();
  try {
    res = await fed.http.request(p.inbox, {
      method: 'POST',
      body,
      headers: { accept: 'application/activity+json' },
      maxBytes: 64 * 1024,
      maxRedirects: 0,
      sign: (url) => signRequest(signer, { method: 'POST', url, body, contentType: 'application/activity+json' }),
    });
  } catch (e) {
    observe(e instanceof FetchError && e.retryable ? 'retry' : 'failed');
    if (e instanceof FetchError && e.retryable) throw await failed(`${e.code}: ${e.message}`);
    if (e instanceof FetchError) throw new PermanentJobError(`${e.code}: ${e.message}`);
    throw e;
  }
  observe(res.status >= 200 && res.status < 300 ? 'ok' : res.status === 410 ? 'gone' : res.status >= 500 || RETRY_STATUS.has(res.status) ? 'retry' : 'failed');
  if (res.status >= 200 && res.status < 300) {
    if (health && (health.failures > 0 || health.unavailableSince)) await fed.store.deliveryHosts.recordSuccess(host, now.toISOString());
    return;
  }
  if (res.status === 410) {
    if (p.toFollowers) {
      const removed = await fed.store.follows.deleteFollowersReachedAt(p.actorId, p.inbox);
      fed.log.info({ inbox: p.inbox, removed }, 'inbox is gone (410); its followers were removed');
    }
    return;
  }
  if (res.status >= 500 || RETRY_STATUS.has(res.status)) throw await failed(`HTTP ${res.status} from ${p.inbox}`, retryAfterMs(res.headers['retry-after'], now));
  throw new PermanentJobError(`HTTP ${res.status} from ${p.inbox}: ${res.body.toString('utf8').slice(0, 200)}`);
}
