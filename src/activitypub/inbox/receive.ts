import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../errors.js';
import type { FedDeps } from '../federation.js';
import { SignatureError, verifyRequest } from '../signatures/verify.js';
import { keyResolver } from '../signatures/key-resolver.js';
import { KNOWN_ACTIVITY_TYPES } from '../handlers/index.js';
import { evaluateDomain } from '../../domain/policy/domains.js';

export interface InboxRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer | null;
  body: unknown;
  /** The local username for /users/:username/inbox; undefined for the shared inbox. */
  recipient?: string;
}

export interface InboxResult {
  /** false for an activity type we ignore, or a redelivery of one already queued. */
  queued: boolean;
  reason?: 'unknown_type' | 'duplicate' | 'unknown_actor_deleted';
}

/** Types whose embedded object the activity creates or changes: its id must be on the actor's host. */
const ORIGIN_BOUND = new Set(['Create', 'Update', 'Delete', 'Undo']);

const idOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined;

function hostOf(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

const malformed = (detail: string) => new DomainError('invalid', 'ACTIVITY_MALFORMED', detail);

/**
 * The inbox up to the durable enqueue: shape, signature, signer = actor, origin of the ids the
 * activity creates or changes. Nothing is written before every check passed; the activity itself
 * is handled later by a job (src/activitypub/handlers), so the answer is 202.
 */
export async function receiveActivity(fed: FedDeps, req: InboxRequest): Promise<InboxResult> {
  const activity = req.body;
  if (!activity || typeof activity !== 'object' || Array.isArray(activity)) throw malformed('the body must be a JSON object (an activity)');
  const a = activity as Record<string, unknown>;
  if (typeof a.type !== 'string') throw malformed('the activity has no type');
  const id = idOf(a);
  const actorUri = idOf(a.actor);
  if (!id || !hostOf(id)) throw malformed('the activity has no id URL');
  if (!actorUri || !hostOf(actorUri)) throw malformed('the activity has no actor URL');

  // Policy first: a blocked or (in allow-list mode) unlisted host gets no key fetch and no queue entry.
  const verdict = await evaluateDomain(fed, hostOf(actorUri)!);
  if (!verdict.allowed) throw new DomainError('forbidden', 'DOMAIN_BLOCKED', `${hostOf(actorUri)} does not federate with this instance`);

  // Delete of an actor we never met: its document is gone, so there is no key to fetch. Nothing to undo.
  const selfDelete = a.type === 'Delete' && idOf(a.object) === actorUri;
  if (selfDelete && !(await fed.store.actors.getByUri(actorUri))) return { queued: false, reason: 'unknown_actor_deleted' };

  let signer;
  try {
    signer = await verifyRequest(
      { method: req.method, url: req.url, headers: req.headers, rawBody: req.rawBody },
      keyResolver(fed, { mayFetch: !selfDelete }),
      fed.now(),
    );
  } catch (e) {
    if (e instanceof SignatureError) throw new DomainError(e.status === 400 ? 'invalid' : 'unauthorized', e.code, e.detail);
    throw e;
  }
  if (signer.owner !== actorUri) throw new DomainError('forbidden', 'SIGNER_NOT_ACTOR', `signed by ${signer.owner} but the activity's actor is ${actorUri}`);
  const actorHost = hostOf(actorUri)!;
  if (hostOf(signer.keyId) !== actorHost) throw new DomainError('forbidden', 'SIGNER_NOT_ACTOR', 'the signing key is on another host than the actor');
  if (hostOf(id) !== actorHost) throw new DomainError('forbidden', 'ACTIVITY_ORIGIN', `the activity id ${id} is not on the actor's host ${actorHost}`);

  if (!KNOWN_ACTIVITY_TYPES.has(a.type)) return { queued: false, reason: 'unknown_type' };

  if (ORIGIN_BOUND.has(a.type)) {
    const objectId = idOf(a.object);
    if (!objectId) throw malformed(`${a.type} needs an object with an id`);
    if (hostOf(objectId) !== actorHost) throw new DomainError('forbidden', 'OBJECT_ORIGIN', `${a.type} of ${objectId}: objects on another host than the actor (${actorHost}) are not accepted`);
  }

  const created = await fed.inboxQueue.enqueue({
    type: 'inbox',
    key: `inbox:${id}`,
    payload: { activity: a, actorUri, recipient: req.recipient ?? null },
  });
  if (created) fed.wake();
  return created ? { queued: true } : { queued: false, reason: 'duplicate' };
}
