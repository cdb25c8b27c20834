import { createPrivateKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import { digestHeader } from './digest.js';

export interface Signer {
  keyId: string;
  privateKey: KeyObject;
}

const privateKeys = new Map<string, KeyObject>();

/** Parsed once per PEM: signing thousands of deliveries must not re-parse the key each time. */
export function signerFor(keyId: string, privateKeyPem: string): Signer {
  let key = privateKeys.get(privateKeyPem);
  if (!key) {
    key = createPrivateKey(privateKeyPem);
    if (privateKeys.size > 1000) privateKeys.clear();
    privateKeys.set(privateKeyPem, key);
  }
  return { keyId, privateKey: key };
}

export interface SignInput {
  method: 'GET' | 'POST';
  url: URL;
  /** POST only: the exact bytes that will be sent. */
  body?: Buffer;
  contentType?: string;
  /** Injected for tests of the Date window. */
  date?: Date;
}

/**
 * draft-cavage-12 as Mastodon sends it: POST signs `(request-target) host date digest content-type`,
 * GET signs `(request-target) host date`, algorithm rsa-sha256. Returns the headers to send.
 */
export function signRequest(signer: Signer, input: SignInput): Record<string, string> {
  const headers: Record<string, string> = {
    host: input.url.host,
    date: (input.date ?? new Date()).toUTCString(),
  };
  const names = ['(request-target)', 'host', 'date'];
  if (input.method === 'POST') {
    headers.digest = digestHeader(input.body ?? Buffer.alloc(0));
    headers['content-type'] = input.contentType ?? 'application/activity+json';
    names.push('digest', 'content-type');
  }
  const target = `${input.method.toLowerCase()} ${input.url.pathname}${input.url.search}`;
  const signingString = names.map((n) => (n === '(request-target)' ? `${n}: ${target}` : `${n}: ${headers[n]}`)).join('\n');
  const signature = rsaSign('sha256', Buffer.from(signingString), signer.privateKey).toString('base64');
  headers.signature = `keyId="${signer.keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
  return headers;
}
