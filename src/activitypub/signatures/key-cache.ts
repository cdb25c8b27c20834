import { createPublicKey, type KeyObject } from 'node:crypto';

export interface CachedKey {
  key: KeyObject;
  /** The actor URI that owns the key (publicKey.owner). */
  owner: string;
}

/**
 * Parsed public keys by keyId. Parsing a PEM costs more than the RSA verify itself, so the inbox
 * keeps KeyObjects here; a Map in insertion order gives a cheap LRU. Only a cache: the store is
 * the truth, so several processes each keep their own.
 */
export class KeyCache {
  private readonly map = new Map<string, CachedKey>();
  constructor(private readonly capacity = 10_000) {}

  get(keyId: string): CachedKey | undefined {
    const hit = this.map.get(keyId);
    if (hit) {
      this.map.delete(keyId);
      this.map.set(keyId, hit);
    }
    return hit;
  }

  /** Parses and caches; throws on a PEM that is not a public key. */
  put(keyId: string, pem: string, owner: string): CachedKey {
    const entry = { key: createPublicKey(pem), owner };
    this.map.delete(keyId);
    this.map.set(keyId, entry);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return entry;
  }

  delete(keyId: string): void {
    this.map.delete(keyId);
  }

  get size(): number {
    return this.map.size;
  }
}
