import type { FedDeps } from '../federation.js';
import { instanceSigner } from '../federation.js';
import { signRequest } from '../signatures/sign.js';
import { FetchError } from './http-client.js';

export const AS_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const MAX_DOCUMENT_BYTES = 1024 * 1024;

export class RemoteDocumentError extends Error {
  override name = 'RemoteDocumentError';
  constructor(readonly code: string, message: string, readonly status?: number) {
    super(message);
  }
}

/**
 * GETs an ActivityStreams document, signed by the instance actor (authorized-fetch servers insist).
 * The document's id must share the origin of the URL that finally answered: a redirect or a
 * document cannot make another host's id ours to trust.
 */
export async function fetchAsDocument(fed: FedDeps, url: string): Promise<Record<string, unknown>> {
  const signer = await instanceSigner(fed);
  let res;
  try {
    res = await fed.http.request(url, {
      method: 'GET',
      headers: { accept: AS_ACCEPT },
      maxBytes: MAX_DOCUMENT_BYTES,
      sign: (u) => signRequest(signer, { method: 'GET', url: u }),
    });
  } catch (e) {
    if (e instanceof FetchError) throw new RemoteDocumentError(e.code, e.message);
    throw e;
  }
  if (res.status === 410) throw new RemoteDocumentError('GONE', `${url} is gone (410)`, 410);
  if (res.status !== 200) throw new RemoteDocumentError('HTTP_STATUS', `${url} answered ${res.status}`, res.status);
  let doc: unknown;
  try {
    doc = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new RemoteDocumentError('NOT_JSON', `${url} did not answer JSON`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new RemoteDocumentError('NOT_OBJECT', `${url} did not answer a JSON object`);
  const id = (doc as { id?: unknown }).id;
  if (typeof id !== 'string') throw new RemoteDocumentError('NO_ID', `the document at ${url} has no id`);
  let idOrigin: string;
  try {
    idOrigin = new URL(id).origin;
  } catch {
    throw new RemoteDocumentError('BAD_ID', `the document at ${url} has an invalid id`);
  }
  if (idOrigin !== res.url.origin) throw new RemoteDocumentError('ORIGIN_MISMATCH', `the document at ${res.url.href} claims the id ${id} of another origin`);
  return doc as Record<string, unknown>;
}
