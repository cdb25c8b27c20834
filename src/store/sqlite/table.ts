import type { Database, Statement } from 'better-sqlite3';
import { StoreConflict } from '../port.js';

export type ColumnKind = 'text' | 'int' | 'bool' | 'json';

/**
 * The LIMIT of an erasure chunk's `DELETE ... LIMIT ?`: -1 (none) when the caller wants all.
 * better-sqlite3 builds SQLite with SQLITE_ENABLE_UPDATE_DELETE_LIMIT (its deps/defines.gypi),
 * which is what allows LIMIT on DELETE; the contract suite fails on a build without it.
 */
export const deleteLimit = (limit?: number): number => (limit === undefined ? -1 : Math.max(0, Math.floor(limit)));

export const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Maps one record type to one table: camelCase fields to snake_case columns, booleans to 0/1,
 * objects to JSON text. Repositories describe their columns once instead of hand-writing mappers.
 */
export class Table<T extends object> {
  private readonly fields: Array<[keyof T & string, string, ColumnKind]>;
  private readonly byField: Map<string, [string, ColumnKind]>;
  private readonly stmts = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    readonly name: string,
    columns: { [K in keyof T & string]-?: ColumnKind },
  ) {
    this.fields = Object.entries(columns).map(([f, k]) => [f as keyof T & string, snake(f), k as ColumnKind]);
    this.byField = new Map(this.fields.map(([f, c, k]) => [f, [c, k]]));
  }

  /** Prepared once per SQL text. */
  stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  toRow(record: Partial<T>): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(record)) {
      const spec = this.byField.get(field);
      if (!spec) continue;
      row[spec[0]] = encode(value, spec[1]);
    }
    return row;
  }

  fromRow(row: Record<string, unknown> | undefined): T | undefined {
    if (!row) return undefined;
    const out: Record<string, unknown> = {};
    for (const [field, column, kind] of this.fields) out[field] = decode(row[column], kind);
    return out as T;
  }

  insert(record: T): void {
    const row = this.toRow(record);
    const cols = Object.keys(row);
    const sql = `INSERT INTO ${this.name} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
    withConflict(this.name, () => this.stmt(sql).run(row));
  }

  /** Updates the given fields of the row whose `keyField` equals `key`; returns rows changed. */
  update(keyField: keyof T & string, key: unknown, patch: Partial<T>): number {
    const row = this.toRow(patch);
    delete row[snake(keyField)];
    const cols = Object.keys(row);
    if (cols.length === 0) return 0;
    const sql = `UPDATE ${this.name} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE ${snake(keyField)} = @__key`;
    return withConflict(this.name, () => this.stmt(sql).run({ ...row, __key: key }).changes);
  }

  get(where: string, ...params: unknown[]): T | undefined {
    return this.fromRow(this.stmt(`SELECT * FROM ${this.name} WHERE ${where}`).get(...params) as Record<string, unknown> | undefined);
  }

  all(where: string, ...params: unknown[]): T[] {
    return (this.stmt(`SELECT * FROM ${this.name} WHERE ${where}`).all(...params) as Record<string, unknown>[]).map((r) => this.fromRow(r)!);
  }

  count(where: string, ...params: unknown[]): number {
    return (this.stmt(`SELECT count(*) AS n FROM ${this.name} WHERE ${where}`).get(...params) as { n: number }).n;
  }
}

function encode(value: unknown, kind: ColumnKind): unknown {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case 'bool': return value ? 1 : 0;
    case 'json': return JSON.stringify(value);
    default: return value;
  }
}

function decode(value: unknown, kind: ColumnKind): unknown {
  if (value === null || value === undefined) return kind === 'bool' ? false : null;
  switch (kind) {
    case 'bool': return value === 1 || value === 1n;
    case 'json': return JSON.parse(value as string);
    case 'int': return typeof value === 'bigint' ? Number(value) : value;
    default: return value;
  }
}

/** SQLite's unique/primary-key failures become StoreConflict, as the port promises. */
export function withConflict<R>(what: string, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new StoreConflict(`${what}: ${(e as Error).message}`, { cause: e });
    throw e;
  }
}
