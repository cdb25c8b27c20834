import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { instanceSecret } from '../oauth/csrf.js';

/**
 * The access token a push payload names, kept sealed (AES-256-GCM under a key derived from the
 * instance secret) so a copied database alone does not yield usable tokens.
 */
async function key(deps: Pick<Deps, 'store'>): Promise<Buffer> {
  const secret = await instanceSecret(deps, 'pushSealSecret');
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), Buffer.from('samspil push token v1'), 32));
}

export async function sealToken(deps: Pick<Deps, 'store'>, token: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await key(deps), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export async function unsealToken(deps: Pick<Deps, 'store'>, sealed: string): Promise<string | undefined> {
  if (!sealed.startsWith('v1.')) return undefined;
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  if (raw.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await key(deps), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
