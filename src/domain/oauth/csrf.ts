import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomSecret } from '../../crypto/keys.js';
import type { Deps } from '../deps.js';

const SECRET_KEY = 'oauthCsrfSecret';

/** One secret per instance and purpose, kept in meta so every node of a deployment accepts the others' forms and cookies. */
export async function instanceSecret(deps: Pick<Deps, 'store'>, key: string): Promise<string> {
  const existing = await deps.store.meta.get(key);
  if (existing) return existing;
  return deps.store.transaction(async (tx) => {
    const raced = await tx.meta.get(key);
    if (raced) return raced;
    const fresh = randomSecret(32);
    await tx.meta.set(key, fresh);
    return fresh;
  });
}

const secret = (deps: Deps) => instanceSecret(deps, SECRET_KEY);

const sign = (key: string, nonce: string) => createHmac('sha256', key).update(`oauth-authorize:${nonce}`).digest('base64url');

/**
 * Signed double-submit: the nonce goes in an HttpOnly cookie, its HMAC in the form. A forged
 * cross-site POST cannot read the cookie to compute the form value, nor plant a matching pair
 * without the instance secret.
 */
export async function issueCsrf(deps: Deps): Promise<{ nonce: string; token: string }> {
  const nonce = randomSecret(18);
  return { nonce, token: sign(await secret(deps), nonce) };
}

export async function verifyCsrf(deps: Deps, nonce: string | undefined, token: string | undefined): Promise<boolean> {
  if (!nonce || !token) return false;
  const expected = Buffer.from(sign(await secret(deps), nonce));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
