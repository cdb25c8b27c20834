import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../errors.js';
import { evaluateDomain } from '../domain/policy/domains.js';
import type { FedDeps } from './federation.js';
import { SignatureError, verifyRequest } from './signatures/verify.js';
import { keyResolver } from './signatures/key-resolver.js';

/**
 * Authorized-fetch ("secure mode"): a GET of a collection or object must carry a valid signature
 * from a server this instance federates with. Returns the signer's actor URI.
 */
export async function verifySignedFetch(fed: FedDeps, req: { method: string; url: string; headers: IncomingHttpHeaders }): Promise<string> {
  let signer;
  try {
    signer = await verifyRequest({ method: req.method, url: req.url, headers: req.headers, rawBody: null }, keyResolver(fed), fed.now());
  } catch (e) {
    if (e instanceof SignatureError) throw new DomainError(e.status === 400 ? 'invalid' : 'unauthorized', e.code, `this instance requires signed fetches: ${e.detail}`);
    throw e;
  }
  const host = new URL(signer.owner).host.toLowerCase();
  if (!(await evaluateDomain(fed, host)).allowed) throw new DomainError('forbidden', 'DOMAIN_BLOCKED', `${host} does not federate with this instance`);
  return signer.owner;
}
