import type { FedDeps } from '../federation.js';
import { resolveActor } from '../fetch/remote-actor.js';
import type { KeyResolver } from './verify.js';

/**
 * Key lookup for inbox verification: the in-memory KeyObject cache, then the store, then a signed
 * fetch of the key's actor. `refresh` (after a failed verification) refetches the actor once.
 * `mayFetch: false` answers from what we have only (a Delete from an actor we never met).
 */
export function keyResolver(fed: FedDeps, options: { mayFetch?: boolean } = {}): KeyResolver {
  return async (keyId, { refresh }) => {
    if (!refresh) {
      const hit = fed.keys.get(keyId);
      if (hit) return hit;
      const stored = await fed.store.actors.getByKeyId(keyId);
      if (stored && !stored.suspendedAt) return fed.keys.put(keyId, stored.publicKeyPem, stored.uri);
    }
    if (options.mayFetch === false) return undefined;
    const actorUri = keyId.split('#')[0]!;
    try {
      const actor = await resolveActor(fed, actorUri, { refresh: true });
      if (actor.publicKeyId !== keyId || actor.suspendedAt) return undefined;
      return fed.keys.put(keyId, actor.publicKeyPem, actor.uri);
    } catch (e) {
      fed.log.debug({ keyId, err: (e as Error).message }, 'key lookup failed');
      return undefined;
    }
  };
}
