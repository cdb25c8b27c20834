import t from 'tap';
type TT = import('tap').Test;
import { createHash, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { KeyCache } from '../../src/activitypub/signatures/key-cache.js';
import { signerFor, signRequest } from '../../src/activitypub/signatures/sign.js';
import { SignatureError, verifyRequest, type KeyResolver, type SignedRequest } from '../../src/activitypub/signatures/verify.js';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const alice = pair();
const mallory = pair();
const keyId = 'https://a.example/users/alice#main-key';
const owner = 'https://a.example/users/alice';

function resolverFor(pems: string[]): { resolve: KeyResolver; calls: Array<{ refresh: boolean }> } {
  const calls: Array<{ refresh: boolean }> = [];
  const cache = new KeyCache();
  return {
    calls,
    resolve: async (id, o) => {
      calls.push(o);
      if (id !== keyId) return undefined;
      const pem = pems[Math.min(calls.length - 1, pems.length - 1)]!;
      return cache.put(id, pem, owner);
    },
  };
}

function signedPost(body: string, opts: { date?: Date; privateKeyPem?: string } = {}): SignedRequest {
  const url = new URL('https://b.example/inbox?x=1');
  const buf = Buffer.from(body);
  const headers = signRequest(signerFor(keyId, opts.privateKeyPem ?? alice.privateKey), { method: 'POST', url, body: buf, date: opts.date });
  return { method: 'POST', url: '/inbox?x=1', headers, rawBody: buf };
}

async function rejects(t: TT, p: Promise<unknown>, code: string) {
  try {
    await p;
    t.fail(`expected ${code}`);
  } catch (e) {
    t.ok(e instanceof SignatureError, 'SignatureError');
    t.equal((e as SignatureError).code, code);
  }
}



t.test('a signed POST verifies; the signed headers are Mastodon\'s set', async (t) => {
  const req = signedPost('{"type":"Follow"}');
  t.match(req.headers.signature, /headers="\(request-target\) host date digest content-type"/);
  t.match(req.headers.signature, /algorithm="rsa-sha256"/);
  const r = resolverFor([alice.publicKey]);
  const v = await verifyRequest(req, r.resolve);
  t.same(v, { keyId, owner });
  t.same(r.calls, [{ refresh: false }], 'no refetch when the cached key verifies');
});

t.test('a signed GET verifies without a digest', async (t) => {
  const url = new URL('https://b.example/users/bob');
  const headers = signRequest(signerFor(keyId, alice.privateKey), { method: 'GET', url });
  t.match(headers.signature, /headers="\(request-target\) host date"/);
  t.notOk(headers.digest);
  await verifyRequest({ method: 'GET', url: '/users/bob', headers, rawBody: null }, resolverFor([alice.publicKey]).resolve);
});

t.test('hs2019 is verified as RSA-SHA256', async (t) => {
  const req = signedPost('{}');
  req.headers.signature = (req.headers.signature as string).replace('rsa-sha256', 'hs2019');
  await verifyRequest(req, resolverFor([alice.publicKey]).resolve);
  t.pass();
});

t.test('a rotated key: the first key fails, one refetch gives the new key', async (t) => {
  const r = resolverFor([mallory.publicKey, alice.publicKey]);
  await verifyRequest(signedPost('{}'), r.resolve);
  t.same(r.calls, [{ refresh: false }, { refresh: true }]);
});

t.test('refusals', async (t) => {
  const ok = () => resolverFor([alice.publicKey]).resolve;
  await rejects(t, verifyRequest({ method: 'POST', url: '/inbox', headers: {}, rawBody: Buffer.from('{}') }, ok()), 'SIGNATURE_MISSING');

  const wrongKey = signedPost('{}', { privateKeyPem: mallory.privateKey });
  const r = resolverFor([alice.publicKey]);
  await rejects(t, verifyRequest(wrongKey, r.resolve), 'SIGNATURE_INVALID');
  t.equal(r.calls.length, 2, 'refetched exactly once before giving up');

  const tampered = signedPost('{"a":1}');
  tampered.rawBody = Buffer.from('{"a":2}');
  await rejects(t, verifyRequest(tampered, ok()), 'DIGEST_MISMATCH');

  // Body and Digest both replaced: the Digest is not what was signed.
  const swapped = signedPost('{"a":1}');
  swapped.rawBody = Buffer.from('{"a":2}');
  swapped.headers.digest = `SHA-256=${createHash('sha256').update('{"a":2}').digest('base64')}`;
  await rejects(t, verifyRequest(swapped, ok()), 'SIGNATURE_INVALID');

  await rejects(t, verifyRequest(signedPost('{}', { date: new Date(Date.now() - 13 * 3600_000) }), ok()), 'DATE_EXPIRED');
  await rejects(t, verifyRequest(signedPost('{}', { date: new Date(Date.now() + 2 * 3600_000) }), ok()), 'DATE_IN_FUTURE');
  await verifyRequest(signedPost('{}', { date: new Date(Date.now() - 11 * 3600_000) }), ok());

  const retargeted = signedPost('{}');
  retargeted.url = '/users/other/inbox';
  await rejects(t, verifyRequest(retargeted, ok()), 'SIGNATURE_INVALID');

  // A POST signature that leaves out the digest is refused even if it verifies.
  const url = new URL('https://b.example/inbox');
  const date = new Date().toUTCString();
  const str = `(request-target): post /inbox\nhost: b.example\ndate: ${date}`;
  const sig = rsaSign('sha256', Buffer.from(str), alice.privateKey).toString('base64');
  const noDigest: SignedRequest = {
    method: 'POST', url: '/inbox', rawBody: Buffer.from('{}'),
    headers: { host: url.host, date, digest: `SHA-256=${createHash('sha256').update('{}').digest('base64')}`, signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date",signature="${sig}"` },
  };
  await rejects(t, verifyRequest(noDigest, ok()), 'SIGNATURE_INVALID');

  const badAlg = signedPost('{}');
  badAlg.headers.signature = (badAlg.headers.signature as string).replace('rsa-sha256', 'hmac-sha256');
  await rejects(t, verifyRequest(badAlg, ok()), 'SIGNATURE_ALGORITHM');

  await rejects(t, verifyRequest(signedPost('{}'), async () => undefined), 'KEY_UNKNOWN');
});

t.test('the key cache evicts the least recently used entry', async (t) => {
  const cache = new KeyCache(2);
  cache.put('a', alice.publicKey, 'A');
  cache.put('b', alice.publicKey, 'B');
  cache.get('a');
  cache.put('c', alice.publicKey, 'C');
  t.ok(cache.get('a'));
  t.notOk(cache.get('b'));
  t.ok(cache.get('c'));
});
