import { createHash, timingSafeEqual } from 'node:crypto';
import type { CodeChallengeMethod } from '../../store/port.js';

/** RFC 7636 section 4.1: 43-128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isCodeChallengeMethod(value: string): value is CodeChallengeMethod {
  return value === 'S256' || value === 'plain';
}

/** True when `verifier` answers the stored challenge. */
export function verifyPkce(challenge: string, method: CodeChallengeMethod, verifier: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const derived = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
