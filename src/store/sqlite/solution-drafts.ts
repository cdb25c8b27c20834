import type { Database } from 'better-sqlite3';
import type { DraftState, SolutionDraft, SolutionDraftPatch, SolutionDraftRepository } from '../port.js';
import { Table, deleteLimit } from './table.js';
import type { Runner } from './gate.js';

export class SqliteSolutionDrafts implements SolutionDraftRepository {
  readonly t: Table<SolutionDraft>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<SolutionDraft>(db, 'solution_drafts', {
      id: 'text', solutionId: 'text', authorId: 'text', body: 'json', title: 'text', state: 'text', comment: 'text',
      reviewerId: 'text', createdAt: 'text', submittedAt: 'text', decidedAt: 'text', publishedId: 'text',
    });
  }
  put(draft: SolutionDraft) { return this.run(() => (this.t.insert(draft), draft)); }
  getById(id: string) { return this.run(() => this.t.get('id = ?', id)); }
  transition(id: string, from: DraftState, patch: SolutionDraftPatch) {
    return this.run(() => {
      const current = this.t.get('id = ? AND state = ?', id, from);
      if (!current) return undefined;
      this.t.update('id', id, patch);
      return this.t.get('id = ?', id);
    });
  }
  listByAuthor(authorId: string, limit: number) { return this.run(() => this.t.all('author_id = ? ORDER BY submitted_at DESC, id DESC LIMIT ?', authorId, limit)); }
  listByState(state: DraftState, limit: number) { return this.run(() => this.t.all('state = ? ORDER BY submitted_at, id LIMIT ?', state, limit)); }
  countByState(state: DraftState) { return this.run(() => this.t.count('state = ?', state)); }
  deleteByAuthor(authorId: string, limit?: number) { return this.run(() => this.t.stmt('DELETE FROM solution_drafts WHERE author_id = ? LIMIT ?').run(authorId, deleteLimit(limit)).changes); }
}
