import { generateActorKeyPair } from '../../crypto/keys.js';
import { newId } from '../../ids.js';
import { conflict } from '../../errors.js';
import type { Actor, ActorType, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';

export interface NewLocalActor {
  username: string;
  type: Extract<ActorType, 'Person' | 'Organization' | 'Application'>;
  displayName: string;
  summary?: string;
}

/** Creates a local actor with a fresh RSA-2048 key pair. The key is made before the write, outside any transaction. */
export async function createLocalActor(deps: Pick<Deps, 'urls' | 'now'>, store: Store, input: NewLocalActor): Promise<Actor> {
  const existing = await store.actors.getByUsername(input.username, null);
  if (existing) throw conflict('USERNAME_TAKEN', `username "${input.username}" is already taken`);
  const keys = await generateActorKeyPair();
  const { urls } = deps;
  const isInstance = input.type === 'Application';
  const now = deps.now().toISOString();
  return store.actors.put({
    id: newId(deps.now().getTime()),
    uri: isInstance ? urls.instanceActor : urls.actor(input.username),
    username: input.username,
    domain: null,
    type: input.type,
    displayName: input.displayName,
    summary: input.summary ?? '',
    url: isInstance ? urls.about : urls.profile(input.username),
    inbox: isInstance ? urls.instanceActorInbox : urls.inbox(input.username),
    sharedInbox: urls.sharedInbox,
    outbox: isInstance ? urls.instanceActorOutbox : urls.outbox(input.username),
    followersUri: isInstance ? null : urls.followers(input.username),
    followingUri: isInstance ? null : urls.following(input.username),
    featuredUri: isInstance ? null : urls.featured(input.username),
    publicKeyId: isInstance ? urls.instanceActorKeyId : urls.keyId(input.username),
    publicKeyPem: keys.publicKeyPem,
    privateKeyPem: keys.privateKeyPem,
    // The instance actor exists only to sign fetches; nobody should follow it.
    manuallyApprovesFollowers: isInstance,
    discoverable: !isInstance,
    indexable: !isInstance,
    avatarUrl: null,
    headerUrl: null,
    fields: [],
    raw: null,
    createdAt: now,
    updatedAt: now,
    fetchedAt: null,
    suspendedAt: null,
  });
}
