import type { Database } from 'better-sqlite3';
import type { AccountBlock, AccountDomainBlock, AccountMute, AccountNote, Page, RelationRepository, StatusPin, ViewerRelationSets } from '../port.js';
import { Table, deleteLimit } from './table.js';
import type { Runner } from './gate.js';
import { pageSql } from './paging.js';

/** `account_id = ?` plus Mastodon paging on `id`, newest first (min_id reads upwards, then reversed). */
function paged<T extends object>(t: Table<T>, where: string, params: unknown[], page: Page): T[] {
  const p = pageSql('id', page);
  const rows = t.all(`${where} AND ${p.where} ORDER BY ${p.order} LIMIT ?`, ...params, ...p.params, page.limit);
  return p.ascending ? rows.reverse() : rows;
}

export class SqliteRelations implements RelationRepository {
  readonly blocks: Table<AccountBlock>;
  readonly mutes: Table<AccountMute>;
  readonly domainBlocks: Table<AccountDomainBlock>;
  readonly notes: Table<AccountNote>;
  readonly pins: Table<StatusPin>;
  constructor(db: Database, private readonly run: Runner) {
    this.blocks = new Table<AccountBlock>(db, 'account_blocks', { id: 'text', accountId: 'text', targetId: 'text', uri: 'text', createdAt: 'text' });
    this.mutes = new Table<AccountMute>(db, 'account_mutes', { id: 'text', accountId: 'text', targetId: 'text', notifications: 'bool', expiresAt: 'text', createdAt: 'text' });
    this.domainBlocks = new Table<AccountDomainBlock>(db, 'account_domain_blocks', { id: 'text', accountId: 'text', domain: 'text', createdAt: 'text' });
    this.notes = new Table<AccountNote>(db, 'account_notes', { accountId: 'text', targetId: 'text', comment: 'text', updatedAt: 'text' });
    this.pins = new Table<StatusPin>(db, 'status_pins', { id: 'text', accountId: 'text', statusId: 'text', createdAt: 'text' });
  }

  putBlock(block: AccountBlock) {
    return this.run(() => {
      const existing = this.blocks.get('account_id = ? AND target_id = ?', block.accountId, block.targetId);
      if (existing) return { block: existing, created: false };
      this.blocks.insert(block);
      return { block, created: true };
    });
  }
  getBlock(accountId: string, targetId: string) { return this.run(() => this.blocks.get('account_id = ? AND target_id = ?', accountId, targetId)); }
  deleteBlock(accountId: string, targetId: string) {
    return this.run(() => {
      const existing = this.blocks.get('account_id = ? AND target_id = ?', accountId, targetId);
      if (existing) this.blocks.stmt('DELETE FROM account_blocks WHERE id = ?').run(existing.id);
      return existing;
    });
  }
  listBlocks(accountId: string, page: Page) { return this.run(() => paged(this.blocks, 'account_id = ?', [accountId], page)); }
  viewerSets(accountId: string, now: string, limit: number) {
    // Four index ranges (account_blocks pair and target, account_mutes pair, account_domain_blocks
    // pair), each limited, in one statement.
    const sql = `SELECT * FROM (SELECT 'b' AS k, target_id AS v, 0 AS n FROM account_blocks WHERE account_id = @a ORDER BY id DESC LIMIT @l)
      UNION ALL SELECT * FROM (SELECT 'B', account_id, 0 FROM account_blocks WHERE target_id = @a ORDER BY id DESC LIMIT @l)
      UNION ALL SELECT * FROM (SELECT 'm', target_id, notifications FROM account_mutes WHERE account_id = @a AND (expires_at IS NULL OR expires_at > @now) ORDER BY id DESC LIMIT @l)
      UNION ALL SELECT * FROM (SELECT 'd', domain, 0 FROM account_domain_blocks WHERE account_id = @a ORDER BY id DESC LIMIT @l)`;
    return this.run(() => {
      const out: ViewerRelationSets = { blocking: [], blockedBy: [], mutes: [], domains: [] };
      for (const r of this.blocks.stmt(sql).all({ a: accountId, now, l: limit }) as Array<{ k: string; v: string; n: number }>) {
        if (r.k === 'b') out.blocking.push(r.v);
        else if (r.k === 'B') out.blockedBy.push(r.v);
        else if (r.k === 'm') out.mutes.push({ targetId: r.v, notifications: r.n === 1 });
        else out.domains.push(r.v);
      }
      return out;
    });
  }
  blockedIds(accountId: string, limit: number) {
    return this.run(() => (this.blocks.stmt('SELECT target_id FROM account_blocks WHERE account_id = ? ORDER BY id DESC LIMIT ?').all(accountId, limit) as { target_id: string }[]).map((r) => r.target_id));
  }
  blockerIds(targetId: string, limit: number) {
    return this.run(() => (this.blocks.stmt('SELECT account_id FROM account_blocks WHERE target_id = ? ORDER BY id DESC LIMIT ?').all(targetId, limit) as { account_id: string }[]).map((r) => r.account_id));
  }

  putMute(mute: AccountMute) {
    return this.run(() => {
      const existing = this.mutes.get('account_id = ? AND target_id = ?', mute.accountId, mute.targetId);
      if (!existing) {
        this.mutes.insert(mute);
        return mute;
      }
      this.mutes.update('id', existing.id, { notifications: mute.notifications, expiresAt: mute.expiresAt });
      return { ...existing, notifications: mute.notifications, expiresAt: mute.expiresAt };
    });
  }
  getMute(accountId: string, targetId: string) { return this.run(() => this.mutes.get('account_id = ? AND target_id = ?', accountId, targetId)); }
  deleteMute(accountId: string, targetId: string) {
    return this.run(() => this.mutes.stmt('DELETE FROM account_mutes WHERE account_id = ? AND target_id = ?').run(accountId, targetId).changes > 0);
  }
  listMutes(accountId: string, now: string, page: Page) {
    return this.run(() => paged(this.mutes, 'account_id = ? AND (expires_at IS NULL OR expires_at > ?)', [accountId, now], page));
  }
  activeMutes(accountId: string, now: string, limit: number) {
    return this.run(() => this.mutes.all('account_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY id DESC LIMIT ?', accountId, now, limit));
  }

  putDomainBlock(block: AccountDomainBlock) {
    return this.run(() => {
      const existing = this.domainBlocks.get('account_id = ? AND domain = ?', block.accountId, block.domain);
      if (existing) return { block: existing, created: false };
      this.domainBlocks.insert(block);
      return { block, created: true };
    });
  }
  deleteDomainBlock(accountId: string, domain: string) {
    return this.run(() => this.domainBlocks.stmt('DELETE FROM account_domain_blocks WHERE account_id = ? AND domain = ?').run(accountId, domain).changes > 0);
  }
  listDomainBlocks(accountId: string, page: Page) { return this.run(() => paged(this.domainBlocks, 'account_id = ?', [accountId], page)); }
  domainBlockers(domain: string, limit: number) {
    return this.run(() => (this.domainBlocks.stmt('SELECT account_id FROM account_domain_blocks WHERE domain = ? ORDER BY id LIMIT ?').all(domain, limit) as { account_id: string }[]).map((r) => r.account_id));
  }

  setNote(note: AccountNote) {
    return this.run(() => {
      if (!note.comment) {
        this.notes.stmt('DELETE FROM account_notes WHERE account_id = ? AND target_id = ?').run(note.accountId, note.targetId);
        return;
      }
      this.notes.stmt(`INSERT INTO account_notes (account_id, target_id, comment, updated_at) VALUES (@account_id, @target_id, @comment, @updated_at)
        ON CONFLICT (account_id, target_id) DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at`).run(this.notes.toRow(note));
    });
  }
  getNote(accountId: string, targetId: string) { return this.run(() => this.notes.get('account_id = ? AND target_id = ?', accountId, targetId)); }

  listNotes(accountId: string, limit: number) { return this.run(() => this.notes.all('account_id = ? ORDER BY target_id LIMIT ?', accountId, limit)); }

  putPin(pin: StatusPin) { return this.run(() => (this.pins.insert(pin), pin)); }
  deletePin(accountId: string, statusId: string) {
    return this.run(() => this.pins.stmt('DELETE FROM status_pins WHERE account_id = ? AND status_id = ?').run(accountId, statusId).changes > 0);
  }
  listPins(accountId: string, limit: number) { return this.run(() => this.pins.all('account_id = ? ORDER BY id DESC LIMIT ?', accountId, limit)); }
  countPins(accountId: string) { return this.run(() => this.pins.count('account_id = ?', accountId)); }
  pinnedAmong(accountId: string, statusIds: string[]) {
    if (statusIds.length === 0) return Promise.resolve([]);
    return this.run(() => (this.pins.stmt(`SELECT status_id FROM status_pins WHERE account_id = ? AND status_id IN (${statusIds.map(() => '?').join(', ')})`)
      .all(accountId, ...statusIds) as { status_id: string }[]).map((r) => r.status_id));
  }
  deletePinsOf(statusId: string) { return this.run(() => { this.pins.stmt('DELETE FROM status_pins WHERE status_id = ?').run(statusId); }); }

  forgetAccount(actorId: string, limit?: number) {
    return this.run(() => {
      let left = deleteLimit(limit);
      let removed = 0;
      const statements: Array<[string, unknown[]]> = [
        ...['account_blocks', 'account_mutes', 'account_notes'].map((table): [string, unknown[]] => [`DELETE FROM ${table} WHERE account_id = ? OR target_id = ? LIMIT ?`, [actorId, actorId]]),
        ['DELETE FROM account_domain_blocks WHERE account_id = ? LIMIT ?', [actorId]],
        ['DELETE FROM status_pins WHERE account_id = ? LIMIT ?', [actorId]],
      ];
      for (const [sql, params] of statements) {
        if (left === 0) break;
        const n = this.blocks.stmt(sql).run(...params, left).changes;
        removed += n;
        if (left > 0) left -= n;
      }
      return removed;
    });
  }
}
