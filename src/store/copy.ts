import { createHash } from 'node:crypto';
import { RECORD_KEYS, RECORD_KINDS, type PortRecord, type RecordKind, type Store } from './port.js';

/**
 * Copies an instance from one store to another through the port only (any adapter to any other),
 * then verifies the copy: equal counts per kind and, for every record, an equal SHA-256 of its
 * canonical JSON. The target must be empty; stop the app while this runs so nothing changes
 * underneath.
 */

export interface KindReport {
  kind: RecordKind;
  source: number;
  target: number;
  /** Keys present in the source but not the target, or the other way round. */
  missing: number;
  extra: number;
  /** Keys present in both whose records differ. */
  differing: number;
  /** A few of the keys above, for the error message. */
  examples: string[];
}

export interface VerifyReport {
  ok: boolean;
  kinds: KindReport[];
}

const PAGE = 500;

/** JSON with object keys sorted, so equal records hash equally whatever order a store returns fields in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function recordChecksum(record: PortRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

export function recordKey(kind: RecordKind, record: PortRecord): string {
  return JSON.stringify(RECORD_KEYS[kind].map((f) => record[f]));
}

async function* scan(store: Store, kind: RecordKind): AsyncGenerator<PortRecord> {
  let cursor: string | null = null;
  do {
    const page = await store.transfer.page(kind, cursor, PAGE);
    yield* page.records;
    cursor = page.next;
  } while (cursor !== null);
}

/** Refuses a target that holds anything: a copy never merges into live data. */
export async function assertEmpty(store: Store): Promise<void> {
  const held: string[] = [];
  for (const kind of RECORD_KINDS) {
    const n = await store.transfer.count(kind);
    if (n) held.push(`${n} ${kind}`);
  }
  if (held.length) throw new Error(`the target store is not empty (${held.join(', ')})`);
}

/** Copies every record of every kind, in RECORD_KINDS order; returns how many per kind. */
export async function copyStore(from: Store, to: Store, onKind?: (kind: RecordKind, copied: number) => void): Promise<Record<RecordKind, number>> {
  await assertEmpty(to);
  const copied = {} as Record<RecordKind, number>;
  for (const kind of RECORD_KINDS) {
    let n = 0;
    let batch: PortRecord[] = [];
    for await (const record of scan(from, kind)) {
      batch.push(record);
      if (batch.length === PAGE) {
        await to.transfer.insert(kind, batch);
        n += batch.length;
        batch = [];
      }
    }
    if (batch.length) await to.transfer.insert(kind, batch);
    copied[kind] = n + batch.length;
    onKind?.(kind, copied[kind]);
  }
  return copied;
}

/**
 * Compares two stores kind by kind. Holds one key -> checksum map of the source per kind in memory
 * (about 150 bytes a record: a million objects need some 150 MB).
 */
export async function verifyCopy(from: Store, to: Store): Promise<VerifyReport> {
  const kinds: KindReport[] = [];
  for (const kind of RECORD_KINDS) {
    const sums = new Map<string, string>();
    for await (const r of scan(from, kind)) sums.set(recordKey(kind, r), recordChecksum(r));
    const report: KindReport = { kind, source: await from.transfer.count(kind), target: await to.transfer.count(kind), missing: 0, extra: 0, differing: 0, examples: [] };
    const note = (key: string) => { if (report.examples.length < 3) report.examples.push(key); };
    for await (const r of scan(to, kind)) {
      const key = recordKey(kind, r);
      const sum = sums.get(key);
      if (sum === undefined) { report.extra++; note(key); continue; }
      sums.delete(key);
      if (sum !== recordChecksum(r)) { report.differing++; note(key); }
    }
    report.missing = sums.size;
    for (const key of sums.keys()) note(key);
    kinds.push(report);
  }
  return { ok: kinds.every((k) => k.source === k.target && !k.missing && !k.extra && !k.differing), kinds };
}

/**
 * Copies the bytes of every upload the source's media rows name into the target's file store
 * (GridFS on MongoDB, the data directory on SQLite); returns how many. Verifies each by size.
 */
export async function copyMediaFiles(from: Store, to: Store): Promise<{ copied: number; missing: string[] }> {
  let copied = 0;
  const missing: string[] = [];
  for await (const record of scan(from, 'media')) {
    const name = String(record.fileName);
    const file = await from.mediaFiles.open(name);
    if (!file) { missing.push(name); continue; }
    const chunks: Buffer[] = [];
    for await (const c of file.stream) chunks.push(c as Buffer);
    const data = Buffer.concat(chunks);
    await to.mediaFiles.put(name, data, String(record.contentType));
    const back = await to.mediaFiles.open(name);
    if (!back || back.size !== data.length) throw new Error(`media file ${name} did not arrive whole`);
    back.stream.destroy();
    copied++;
  }
  return { copied, missing };
}
