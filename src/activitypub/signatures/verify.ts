import { verify as cryptoVerify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import httpSignature, { type ParsedSignature } from 'http-signature';
import type { CachedKey } from './key-cache.js';
import { digestMatches } from './digest.js';

/** Mastodon accepts a Date up to 12 hours old and slightly ahead (clock skew); so do we. */
export const MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const MAX_FUTURE_MS = 60 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received: the (request-target). */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer | null;
}

/**
 * Finds the public key for a keyId. `refresh` asks to skip caches and fetch the owner again: the
 * first verification failed, perhaps because the remote actor rotated its key.
 */
export type KeyResolver = (keyId: string, options: { refresh: boolean }) => Promise<CachedKey | undefined>;

export class SignatureError extends Error {
  override name = 'SignatureError';
  constructor(readonly code: string, readonly detail: string, readonly status: 400 | 401 = 401) {
    super(`${code}: ${detail}`);
  }
}

export interface VerifiedSignature {
  keyId: string;
  /** Actor URI owning the key. */
  owner: string;
}

const HASH_OF: Record<string, string> = { 'rsa-sha256': 'sha256', hs2019: 'sha256', 'rsa-sha512': 'sha512' };

/**
 * Verifies a draft-cavage signature: http-signature parses the header and builds the signing string;
 * node:crypto verifies against a cached KeyObject (http-signature's own verify re-parses the PEM
 * on every call and costs ~6x more). Throws SignatureError; returns the key owner.
 */
export async function verifyRequest(req: SignedRequest, resolveKey: KeyResolver, now: Date = new Date()): Promise<VerifiedSignature> {
  const raw = req.headers.signature;
  if (typeof raw !== 'string' || raw.length === 0) throw new SignatureError('SIGNATURE_MISSING', 'the request carries no Signature header');
  if (raw.length > 8192) throw new SignatureError('SIGNATURE_INVALID', 'the Signature header is too long');

  // http-signature predates hs2019 and requires `algorithm`; hs2019 means "derive it from the key",
  // which for the RSA keys the fediverse uses is RSA-SHA256.
  const algorithmMatch = /(?:^|,)\s*algorithm\s*=\s*"([^"]*)"/i.exec(raw);
  const declared = algorithmMatch ? algorithmMatch[1]!.toLowerCase() : 'hs2019';
  const hash = HASH_OF[declared];
  if (!hash) throw new SignatureError('SIGNATURE_ALGORITHM', `unsupported signature algorithm "${declared}"; use rsa-sha256 or hs2019`);
  const normalized = algorithmMatch
    ? raw.replace(algorithmMatch[0], algorithmMatch[0].replace(/"[^"]*"/, declared === 'rsa-sha512' ? '"rsa-sha512"' : '"rsa-sha256"'))
    : `${raw},algorithm="rsa-sha256"`;

  const isPost = req.method.toUpperCase() === 'POST';
  const required = ['(request-target)', 'host', 'date', ...(isPost ? ['digest'] : [])];
  let parsed: ParsedSignature;
  try {
    parsed = httpSignature.parseRequest(
      { method: req.method, url: req.url, httpVersion: '1.1', headers: { ...req.headers, signature: normalized } },
      // The Date window is ours (12 h back, 1 h ahead), not the library's symmetric 300 s.
      { authorizationHeaderName: 'signature', headers: required, clockSkew: 10 * 365 * 24 * 3600 },
    );
  } catch (e) {
    throw new SignatureError('SIGNATURE_INVALID', `Signature header rejected: ${(e as Error).message}`);
  }

  const dateHeader = req.headers.date;
  const sent = typeof dateHeader === 'string' ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(sent)) throw new SignatureError('DATE_INVALID', 'the Date header is missing or not an HTTP date');
  if (now.getTime() - sent > MAX_AGE_MS) throw new SignatureError('DATE_EXPIRED', 'the Date header is more than 12 hours old');
  if (sent - now.getTime() > MAX_FUTURE_MS) throw new SignatureError('DATE_IN_FUTURE', 'the Date header is more than 1 hour ahead');

  if (isPost) {
    const digest = req.headers.digest;
    if (typeof digest !== 'string' || !req.rawBody) throw new SignatureError('DIGEST_MISSING', 'a signed POST needs a Digest header and a body');
    if (!digestMatches(digest, req.rawBody)) throw new SignatureError('DIGEST_MISMATCH', 'the Digest header does not match the body (SHA-256 required)');
  }

  const signature = Buffer.from(parsed.params.signature, 'base64');
  const data = Buffer.from(parsed.signingString);
  const check = (k: CachedKey | undefined) => {
    if (!k) return false;
    if (declared === 'hs2019' && k.key.asymmetricKeyType !== 'rsa') return false;
    try {
      return cryptoVerify(hash, data, k.key, signature);
    } catch {
      return false;
    }
  };
  const keyId = parsed.keyId;
  let key = await resolveKey(keyId, { refresh: false });
  if (check(key)) return { keyId, owner: key!.owner };
  key = await resolveKey(keyId, { refresh: true });
  if (!key) throw new SignatureError('KEY_UNKNOWN', `could not obtain the public key ${keyId}`);
  if (check(key)) return { keyId, owner: key.owner };
  throw new SignatureError('SIGNATURE_INVALID', `the signature does not verify with the key ${keyId}`);
}
