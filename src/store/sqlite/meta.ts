import type { Database, Statement } from 'better-sqlite3';
import type { MetaRepository } from '../port.js';
import type { Runner } from './gate.js';

export class SqliteMeta implements MetaRepository {
  private readonly getStmt: Statement;
  private readonly setStmt: Statement;
  constructor(db: Database, private readonly run: Runner) {
    this.getStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }
  get(key: string) { return this.run(() => (this.getStmt.get(key) as { value: string } | undefined)?.value); }
  set(key: string, value: string) { return this.run(() => void this.setStmt.run(key, value)); }
}
