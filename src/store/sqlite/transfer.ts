import type { Database } from 'better-sqlite3';
import { RECORD_KEYS, type PortRecord, type RecordKind, type TransferRepository } from '../port.js';
import { snake, Table } from './table.js';
import type { Runner } from './gate.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one registry over tables of different record types
export type TransferTables = Record<RecordKind, Table<any>>;

/** The meta table has no Table of its own (its repository uses two fixed statements). */
export const metaTable = (db: Database) => new Table<{ key: string; value: string }>(db, 'meta', { key: 'text', value: 'text' });

/** Pages by key (keyset, not OFFSET, so a million objects cost the same per page as ten). */
export class SqliteTransfer implements TransferRepository {
  /**
   * `afterInsert` rebuilds what a kind derives on write (the solutions' facets and full-text rows),
   * inside the same transaction as the insert.
   */
  constructor(
    private readonly db: Database,
    private readonly run: Runner,
    private readonly tables: TransferTables,
    private readonly afterInsert: Partial<Record<RecordKind, (record: PortRecord) => void>> = {},
  ) {}

  count(kind: RecordKind) { return this.run(() => this.tables[kind].count('1')); }

  page(kind: RecordKind, cursor: string | null, limit: number) {
    return this.run(() => {
      const fields = RECORD_KEYS[kind];
      const cols = fields.map(snake).join(', ');
      const after = cursor === null ? [] : (JSON.parse(cursor) as unknown[]);
      const where = after.length ? `(${cols}) > (${after.map(() => '?').join(', ')})` : '1';
      const records = this.tables[kind].all(`${where} ORDER BY ${cols} LIMIT ?`, ...after, limit) as PortRecord[];
      const last = records.at(-1);
      return { records, next: last && records.length === limit ? JSON.stringify(fields.map((f) => last[f])) : null };
    });
  }

  insert(kind: RecordKind, records: PortRecord[]) {
    return this.run(() => this.db.transaction(() => {
      const after = this.afterInsert[kind];
      for (const r of records) {
        this.tables[kind].insert(r);
        after?.(r);
      }
    })());
  }
}
