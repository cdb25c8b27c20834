import { createPublicKey } from 'node:crypto';
import type { Actor, ActorType, NewActor, Store } from '../../store/port.js';
import { StoreConflict } from '../../store/port.js';
import { newId } from '../../ids.js';
import { sanitizeRemoteHtml } from '../../html/sanitize.js';
import type { FedDeps } from '../federation.js';
import { fetchAsDocument, RemoteDocumentError } from './fetch-document.js';
import { httpUrlOf } from '../convert/urls.js';

const ACTOR_TYPES = new Set<ActorType>(['Person', 'Organization', 'Application', 'Service', 'Group']);
/** A cached remote actor younger than this is used without refetching. */
const FRESH_MS = 24 * 60 * 60 * 1000;
/** Two forced refetches of one actor closer than this are collapsed (refetch-once, not refetch-always). */
const REFETCH_FLOOR_MS = 60 * 1000;

/**
 * Fetches of an actor in flight, per store (one per instance; a transaction's store is another key,
 * so a lookup inside a transaction never waits on a write outside it). Concurrent lookups of one
 * actor share a single fetch: without this, a burst of requests signed in an actor's name (20
 * bad signatures at once) cost its server one fetch each, since the refetch floor below only
 * counts fetches that have finished.
 */
const inflight = new WeakMap<Store, Map<string, Promise<Actor>>>();

/** [A-Za-z0-9_] with inner dots and hyphens, as Mastodon's Account::USERNAME_RE for remote accounts. */
const REMOTE_USERNAME = /^[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*$/;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

/**
 * Validates an actor document and maps it to our Actor fields. Throws RemoteDocumentError on
 * anything we would not federate with: wrong type, missing inbox or key, a key owned by someone
 * else, endpoints on another host.
 */
export function actorFromDocument(doc: Record<string, unknown>, now: string): Omit<NewActor, 'id'> {
  const id = str(doc.id);
  const type = doc.type as ActorType;
  if (!id) throw new RemoteDocumentError('NO_ID', 'the actor has no id');
  if (!ACTOR_TYPES.has(type)) throw new RemoteDocumentError('NOT_ACTOR', `${id} is a ${String(doc.type)}, not an actor`);
  const username = str(doc.preferredUsername);
  if (!username || username.length > 200) throw new RemoteDocumentError('NO_USERNAME', `${id} has no preferredUsername`);
  // Mastodon's rule for remote usernames: a name with "@", a host or spaces could pass for another handle on our pages.
  if (!REMOTE_USERNAME.test(username)) throw new RemoteDocumentError('BAD_USERNAME', `${id} has a preferredUsername that is not a valid handle`);
  const inbox = str(doc.inbox);
  if (!inbox || !sameHost(inbox, id)) throw new RemoteDocumentError('BAD_INBOX', `${id} has no inbox on its own host`);
  const key = (Array.isArray(doc.publicKey) ? doc.publicKey[0] : doc.publicKey) as Record<string, unknown> | undefined;
  const keyId = str(key?.id);
  const pem = str(key?.publicKeyPem);
  if (!keyId || !pem) throw new RemoteDocumentError('NO_KEY', `${id} publishes no public key`);
  try {
    createPublicKey(pem);
  } catch {
    throw new RemoteDocumentError('BAD_KEY', `the public key of ${id} is not a valid PEM`);
  }
  if (key?.owner !== undefined && key.owner !== id) throw new RemoteDocumentError('KEY_OWNER', `the key of ${id} is owned by someone else`);
  if (!sameHost(keyId, id)) throw new RemoteDocumentError('KEY_ORIGIN', `the key of ${id} is on another host`);
  const endpoints = (doc.endpoints ?? {}) as Record<string, unknown>;
  const shared = str(endpoints.sharedInbox);
  const field = (v: unknown) => (typeof v === 'string' && sameHost(v, id) ? v : null);
  const attachments = Array.isArray(doc.attachment) ? doc.attachment : [];
  return {
    uri: id,
    username,
    domain: new URL(id).host.toLowerCase(),
    type,
    displayName: (str(doc.name) ?? username).slice(0, 500),
    summary: sanitizeRemoteHtml(doc.summary),
    url: httpUrlOf(doc.url),
    inbox,
    sharedInbox: shared && sameHost(shared, id) ? shared : null,
    outbox: field(doc.outbox),
    followersUri: field(doc.followers),
    followingUri: field(doc.following),
    featuredUri: field(doc.featured),
    publicKeyId: keyId,
    publicKeyPem: pem,
    privateKeyPem: null,
    manuallyApprovesFollowers: doc.manuallyApprovesFollowers === true,
    discoverable: doc.discoverable === true,
    indexable: doc.indexable === true,
    avatarUrl: httpUrlOf(doc.icon),
    headerUrl: httpUrlOf(doc.image),
    fields: attachments
      .filter((a): a is Record<string, unknown> => !!a && typeof a === 'object' && (a as { type?: unknown }).type === 'PropertyValue')
      .slice(0, 20)
      .map((a) => ({ name: String(a.name ?? '').slice(0, 255), value: sanitizeRemoteHtml(a.value) })),
    raw: doc,
    fetchedAt: now,
    suspendedAt: null,
  };
}

/** Inserts or refreshes the cached copy of a remote actor from a validated document. */
export async function storeRemoteActor(fed: FedDeps, doc: Record<string, unknown>): Promise<Actor> {
  const now = fed.now().toISOString();
  const fields = actorFromDocument(doc, now);
  if (fields.domain === fed.urls.host) throw new RemoteDocumentError('LOCAL', `${fields.uri} is one of ours`);
  const existing = await fed.store.actors.getByUri(fields.uri);
  if (existing) {
    const updated = (await fed.store.actors.update(existing.id, { ...fields, suspendedAt: existing.suspendedAt, updatedAt: now }))!;
    if (existing.publicKeyId !== updated.publicKeyId || existing.publicKeyPem !== updated.publicKeyPem) fed.keys.delete(existing.publicKeyId);
    return updated;
  }
  try {
    return await fed.store.actors.put({ ...fields, id: newId(fed.now().getTime()) });
  } catch (e) {
    if (!(e instanceof StoreConflict)) throw e;
    // A concurrent fetch stored it first, or the (username, domain) belonged to an account that
    // was recreated under a new id: the newer document wins.
    const raced = await fed.store.actors.getByUri(fields.uri);
    if (raced) return raced;
    const stale = await fed.store.actors.getByUsername(fields.username, fields.domain);
    if (stale) await fed.store.actors.update(stale.id, { username: `${stale.username}~${stale.id}` });
    return fed.store.actors.put({ ...fields, id: newId(fed.now().getTime()) });
  }
}

/**
 * The actor for a URI: ours from the store, a remote one from the cache when fresh, otherwise
 * fetched (signed), validated and stored. `refresh` forces the fetch (key rotation, Update).
 */
export async function resolveActor(fed: FedDeps, uri: string, options: { refresh?: boolean } = {}): Promise<Actor> {
  const known = await fed.store.actors.getByUri(uri);
  if (known && known.domain === null) return known;
  let host: string;
  try {
    host = new URL(uri).host.toLowerCase();
  } catch {
    throw new RemoteDocumentError('BAD_URL', `not an actor URL: ${uri.slice(0, 200)}`);
  }
  if (host === fed.urls.host) throw new RemoteDocumentError('NOT_FOUND', `no local actor ${uri}`);
  const age = known?.fetchedAt ? fed.now().getTime() - Date.parse(known.fetchedAt) : Infinity;
  if (known && !options.refresh && age < FRESH_MS) return known;
  if (known && options.refresh && age < REFETCH_FLOOR_MS) return known;
  const running = inflight.get(fed.store) ?? new Map<string, Promise<Actor>>();
  inflight.set(fed.store, running);
  const pending = running.get(uri);
  if (pending) return pending;
  const fetching = fetchActor(fed, uri).finally(() => running.delete(uri));
  running.set(uri, fetching);
  return fetching;
}

async function fetchActor(fed: FedDeps, uri: string): Promise<Actor> {
  let doc = await fetchAsDocument(fed, uri);
  // A keyId URL may answer a key document or an actor stub without inbox (GoToSocial's
  // /main-key, some Fedify servers): follow its owner, on the same host only.
  if (!doc.inbox) {
    const key = doc.publicKey as { owner?: unknown } | undefined;
    const owner = str(doc.owner) ?? str(key?.owner) ?? (doc.id !== uri ? str(doc.id) : null);
    if (!owner || owner === uri) throw new RemoteDocumentError('NOT_ACTOR', `${uri} is neither an actor nor a key with an owner`);
    if (!sameHost(owner, uri)) throw new RemoteDocumentError('KEY_OWNER', `the key ${uri} names an owner on another host`);
    doc = await fetchAsDocument(fed, owner);
  }
  if (doc.id !== uri && !(typeof doc.id === 'string' && sameHost(doc.id, uri))) throw new RemoteDocumentError('ORIGIN_MISMATCH', `${uri} answered another host's document`);
  return storeRemoteActor(fed, doc);
}
