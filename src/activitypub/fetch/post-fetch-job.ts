import type { Job, Store } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';
import type { FedDeps } from '../federation.js';
import { fetchRemotePost } from './remote-post.js';
import { RemoteDocumentError } from './fetch-document.js';
import { PermanentJobError, RetryableJobError } from '../../jobs/runner.js';

/** Queues a fetch of a post from its origin; once per URI. */
export async function queuePostFetch(deps: Pick<Deps, 'now'>, store: Store, uri: string): Promise<void> {
  await store.jobs.enqueue({ type: 'fetch-post', key: `fetch-post:${uri}`, payload: { uri } }, deps.now().toISOString());
}

export const PERMANENT_FETCH_CODES: ReadonlySet<string> = new Set(['BAD_OUTBOX', 'GONE', 'NOT_JSON', 'NOT_OBJECT', 'NO_ID', 'BAD_ID', 'ORIGIN_MISMATCH', 'AUTHOR_ORIGIN', 'BLOCKED_ADDRESS', 'BLOCKED_DOMAIN', 'BAD_URL', 'TOO_LARGE', 'NOT_ACTOR', 'BAD_INBOX', 'NO_KEY', 'BAD_KEY', 'KEY_OWNER', 'KEY_ORIGIN', 'NO_USERNAME', 'BAD_USERNAME', 'LOCAL']);

export async function runPostFetch(fed: FedDeps, job: Job): Promise<void> {
  const uri = String(job.payload.uri);
  try {
    await fetchRemotePost(fed, uri);
  } catch (e) {
    if (e instanceof RemoteDocumentError) {
      if (PERMANENT_FETCH_CODES.has(e.code) || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429)) {
        throw new PermanentJobError(`${e.code}: ${e.message}`);
      }
      throw new RetryableJobError(`${e.code}: ${e.message}`);
    }
    throw e;
  }
}
