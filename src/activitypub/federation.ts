import type { Deps } from '../domain/deps.js';
import type { Actor, NewJob, Store } from '../store/port.js';
import { userAgent } from '../version.js';
import { HttpClient } from './fetch/http-client.js';
import { KeyCache } from './signatures/key-cache.js';
import { signerFor, type Signer } from './signatures/sign.js';
import { BatchedEnqueuer } from '../jobs/enqueue-batch.js';
import { evaluateDomain } from '../domain/policy/domains.js';

/** Deps plus the protocol machinery every federation use case shares (one per process). */
export interface FedDeps extends Deps {
  http: HttpClient;
  keys: KeyCache;
  /** Groups inbox enqueues from concurrent requests into one short transaction. */
  inboxQueue: BatchedEnqueuer;
  /** Tells the local job runner that work is waiting (it polls anyway; this only shortens the wait). */
  wake(): void;
  /** Set by the runner once it runs. */
  onWake?: () => void;
}

export function createFederation(deps: Deps): FedDeps {
  const fed: FedDeps = {
    ...deps,
    http: new HttpClient({
      allowPrivateAddresses: deps.config.allowPrivateAddresses,
      userAgent: userAgent(deps.urls.host),
      hostAllowed: async (host) => (await evaluateDomain(deps, host)).allowed,
    }),
    keys: new KeyCache(),
    inboxQueue: new BatchedEnqueuer(deps.store, deps.now),
    wake: () => fed.onWake?.(),
  };
  return fed;
}

/** The signer of a local actor; the private key never leaves the process. */
export function actorSigner(actor: Actor): Signer {
  if (!actor.privateKeyPem) throw new Error(`actor ${actor.uri} has no private key: it is not local`);
  return signerFor(actor.publicKeyId, actor.privateKeyPem);
}

/** Signs fetches as the instance actor, so servers in authorized-fetch mode answer us. */
export async function instanceSigner(deps: Pick<Deps, 'store' | 'urls'>): Promise<Signer> {
  const actor = await deps.store.actors.getByUri(deps.urls.instanceActor);
  if (!actor) throw new Error('the instance actor does not exist yet');
  return actorSigner(actor);
}

export async function enqueueJob(store: Store, deps: Pick<Deps, 'now'>, job: NewJob) {
  return store.jobs.enqueue(job, deps.now().toISOString());
}
