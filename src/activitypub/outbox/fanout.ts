import type { Job } from '../../store/port.js';
import type { FedDeps } from '../federation.js';
import { PermanentJobError } from '../../jobs/runner.js';
import { relayInboxes } from '../../domain/relays/relays.js';
import { isSolutionDocument } from '../convert/solution.js';
import { isPublic } from '../handlers/context.js';

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** A public Create/Update of a solution, or the Delete of an Article: what relays carry. */
function relayed(body: string): boolean {
  let activity: Record<string, unknown>;
  try {
    activity = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return false;
  }
  const object = activity.object && typeof activity.object === 'object' ? (activity.object as Record<string, unknown>) : undefined;
  if (!object) return false;
  if (activity.type === 'Delete') return object.formerType === 'Article';
  return (activity.type === 'Create' || activity.type === 'Update') && isSolutionDocument(object) && isPublic(object);
}

/** Deliveries enqueued per transaction: a fan-out to 100,000 inboxes is 200 small commits, not one huge one. */
export const FANOUT_CHUNK = 500;

/**
 * One delivery job per distinct inbox, keyed by (activity, inbox) and enqueued in transactions of
 * at most `chunk` jobs: each chunk is idempotent, so if the process dies halfway and the fan-out
 * runs again, what was enqueued stays once and the rest follows. Hosts marked unavailable are
 * skipped until they answer again. (The runner's lease heartbeat keeps a long fan-out from being
 * taken over while it runs.)
 */
export async function runFanout(fed: FedDeps, job: Job, chunk = FANOUT_CHUNK): Promise<void> {
  const p = job.payload as { activityId: string; actorId: string; body: string; followers: boolean; inboxes: string[] };
  const inboxes = new Set<string>(p.inboxes);
  if (p.followers) for (const inbox of await fed.store.follows.followerInboxes(p.actorId)) inboxes.add(inbox);
  // Public solutions also go to the relays we subscribe to (FEP-ae0c), accepted ones only.
  if (p.followers && relayed(p.body)) for (const inbox of await relayInboxes(fed)) inboxes.add(inbox);
  const targets: Array<{ inbox: string; host: string }> = [];
  const unavailable = new Set((await fed.store.deliveryHosts.listUnavailable()).map((h) => h.host));
  for (const inbox of inboxes) {
    const host = hostOf(inbox);
    if (!host) throw new PermanentJobError(`bad inbox URL ${inbox}`);
    if (host === fed.urls.host) continue; // local recipients read the store; nothing to POST
    if (unavailable.has(host)) {
      fed.log.info({ host, activity: p.activityId }, 'skipping delivery to an unavailable host');
      continue;
    }
    targets.push({ inbox, host });
  }
  const now = fed.now().toISOString();
  for (let i = 0; i < targets.length; i += chunk) {
    await fed.store.transaction(async (tx) => {
      for (const { inbox, host } of targets.slice(i, i + chunk)) {
        await tx.jobs.enqueue({
          type: 'deliver',
          key: `deliver:${p.activityId}:${inbox}`,
          host,
          payload: { activityId: p.activityId, actorId: p.actorId, inbox, body: p.body, toFollowers: p.followers && !p.inboxes.includes(inbox) },
        }, now);
      }
    });
    // Deliveries of the first chunks can start while the rest is enqueued.
    fed.wake();
  }
}
