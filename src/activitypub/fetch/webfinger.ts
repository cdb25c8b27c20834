import type { Actor } from '../../store/port.js';
import type { FedDeps } from '../federation.js';
import { FetchError } from './http-client.js';
import { RemoteDocumentError } from './fetch-document.js';
import { resolveActor } from './remote-actor.js';

const HANDLE = /^@?([^@\s/]+)@([a-z0-9.-]+(?::\d{1,5})?)$/i;

export function parseHandle(text: string): { username: string; host: string } | undefined {
  const m = HANDLE.exec(text.trim());
  return m ? { username: m[1]!, host: m[2]!.toLowerCase() } : undefined;
}

/**
 * `user@host` -> the actor URI its WebFinger document names (rel=self, an AS2 type). Remote hosts
 * are asked over https; an instance configured for http (development, tests) asks over http.
 */
export async function webfinger(fed: FedDeps, handle: string): Promise<string> {
  const parsed = parseHandle(handle);
  if (!parsed) throw new RemoteDocumentError('BAD_HANDLE', `"${handle}" is not a user@host handle`);
  const scheme = fed.config.publicUrlScheme === 'http' ? 'http' : 'https';
  const resource = `acct:${parsed.username}@${parsed.host}`;
  const url = `${scheme}://${parsed.host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`;
  let res;
  try {
    res = await fed.http.request(url, { method: 'GET', headers: { accept: 'application/jrd+json, application/json' }, maxBytes: 256 * 1024 });
  } catch (e) {
    if (e instanceof FetchError) throw new RemoteDocumentError(e.code, e.message);
    throw e;
  }
  if (res.status === 404) throw new RemoteDocumentError('NOT_FOUND', `${parsed.host} knows no ${resource}`, 404);
  if (res.status !== 200) throw new RemoteDocumentError('HTTP_STATUS', `WebFinger at ${parsed.host} answered ${res.status}`, res.status);
  let jrd: { links?: Array<{ rel?: string; type?: string; href?: string }> };
  try {
    jrd = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new RemoteDocumentError('NOT_JSON', `WebFinger at ${parsed.host} did not answer JSON`);
  }
  const self = (jrd.links ?? []).find((l) => l.rel === 'self' && typeof l.href === 'string' && /application\/(activity\+json|ld\+json)/.test(l.type ?? ''));
  if (!self?.href) throw new RemoteDocumentError('NO_ACTOR', `WebFinger for ${resource} names no ActivityPub actor`);
  return self.href;
}

/** A handle (`@user@host`) or an actor URL, resolved to a stored actor. */
export async function resolveActorByHandleOrUri(fed: FedDeps, target: string): Promise<Actor> {
  if (/^https?:\/\//i.test(target)) return resolveActor(fed, target);
  const parsed = parseHandle(target);
  if (parsed && parsed.host === fed.urls.host) {
    const local = await fed.store.actors.getByUsername(parsed.username, null);
    if (!local) throw new RemoteDocumentError('NOT_FOUND', `no local account ${parsed.username}`);
    return local;
  }
  if (parsed) {
    const cached = await fed.store.actors.getByUsername(parsed.username, parsed.host);
    if (cached) return resolveActor(fed, cached.uri);
  }
  return resolveActor(fed, await webfinger(fed, target));
}
