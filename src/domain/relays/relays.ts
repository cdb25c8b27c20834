import type { Relay } from '../../store/port.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { AS_CONTEXT, PUBLIC } from '../../activitypub/vocab/context.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { newId } from '../../ids.js';
import { DomainError, invalid, notFound } from '../../errors.js';
import { findActor } from '../follows/follows.js';
import { audit } from '../audit.js';

/**
 * Relays (FEP-ae0c, the Mastodon relay protocol): the instance actor follows the relay with
 * `object: as:Public`; once the relay answers Accept, our public solutions are delivered to its
 * inbox too, and what it relays to us (an Announce of a post) is fetched from the post's origin
 * by the ordinary Announce handling. Relay records live apart from follows: a relay is not an
 * account anyone follows.
 */

async function instanceActor(fed: FedDeps) {
  const actor = await fed.store.actors.getByUri(fed.urls.instanceActor);
  if (!actor) throw new DomainError('unavailable', 'NOT_READY', 'the instance actor does not exist yet');
  return actor;
}

const followOf = (relay: Pick<Relay, 'followUri'>, instanceUri: string) => ({ id: relay.followUri, type: 'Follow', actor: instanceUri, object: PUBLIC });

/** Subscribes to a relay by its actor URL; a relay already held is returned (a rejected one is asked again). */
export async function addRelay(fed: FedDeps, actorUrl: string, by = 'cli'): Promise<{ relay: Relay; created: boolean }> {
  if (!/^https?:\/\//.test(actorUrl)) throw invalid('RELAY_URL_INVALID', 'a relay is named by its actor URL (https://relay.example/actor)');
  const relayActor = await findActor(fed, actorUrl);
  if (relayActor.domain === null) throw invalid('RELAY_LOCAL', 'a relay is a remote actor');
  const me = await instanceActor(fed);
  const now = fed.now().toISOString();
  const out = await fed.store.transaction(async (tx) => {
    const existing = await tx.relays.getByActorUri(relayActor.uri);
    if (existing && existing.state !== 'rejected') return { relay: existing, created: false };
    let relay: Relay;
    if (existing) {
      await tx.relays.setState(existing.id, 'pending', now);
      relay = { ...existing, state: 'pending', updatedAt: now };
    } else {
      const id = newId(fed.now().getTime());
      relay = await tx.relays.put({ id, actorUri: relayActor.uri, inbox: relayActor.inbox, followUri: `${me.uri}#relays/${id}`, state: 'pending', createdAt: now, updatedAt: now });
    }
    // A rejected relay asked again gets a Follow with a new activity id (same follow id, as Mastodon resends).
    await queueDelivery(fed, tx, me, { '@context': AS_CONTEXT, ...followOf(relay, me.uri), ...(existing ? { id: relay.followUri } : {}) }, { inboxes: [relay.inbox] });
    await audit(fed, { actor: by, action: 'relay.add', target: relay.actorUri, details: { relayId: relay.id, again: !!existing } }, tx);
    return { relay, created: !existing };
  });
  fed.wake();
  return out;
}

export function listRelays(fed: Pick<FedDeps, 'store'>): Promise<Relay[]> {
  return fed.store.relays.list();
}

/** Unsubscribes (Undo of our Follow) and forgets the relay; named by actor URL or id. */
export async function removeRelay(fed: FedDeps, which: string, by = 'cli'): Promise<Relay> {
  const relay = (await fed.store.relays.getByActorUri(which)) ?? (await fed.store.relays.getById(which));
  if (!relay) throw notFound('RELAY_NOT_FOUND', `no relay ${which}`);
  const me = await instanceActor(fed);
  await fed.store.transaction(async (tx) => {
    await tx.relays.delete(relay.id);
    await audit(fed, { actor: by, action: 'relay.remove', target: relay.actorUri, details: { relayId: relay.id } }, tx);
    await queueDelivery(fed, tx, me, { '@context': AS_CONTEXT, id: `${relay.followUri}/undo/${newId(fed.now().getTime())}`, type: 'Undo', actor: me.uri, object: followOf(relay, me.uri) }, { inboxes: [relay.inbox] });
  });
  fed.wake();
  return relay;
}

/** The inboxes of accepted relays, for fan-out of public solutions. */
export async function relayInboxes(fed: Pick<FedDeps, 'store'>): Promise<string[]> {
  return (await fed.store.relays.list()).filter((r) => r.state === 'accepted').map((r) => r.inbox);
}
