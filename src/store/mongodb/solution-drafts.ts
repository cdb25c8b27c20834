import type { DraftState, SolutionDraft, SolutionDraftPatch, SolutionDraftRepository } from '../port.js';
import { Coll, deleteSome } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoSolutionDrafts implements SolutionDraftRepository {
  readonly t: Coll<SolutionDraft>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<SolutionDraft>(ctx, {
      name: COLLECTIONS.solutionDrafts,
      key: 'id',
      fields: {
        id: 'text', solutionId: 'text', authorId: 'text', body: 'json', title: 'text', state: 'text', comment: 'text',
        reviewerId: 'text', createdAt: 'text', submittedAt: 'text', decidedAt: 'text', publishedId: 'text',
      },
    });
  }
  async put(draft: SolutionDraft) { await this.t.insert(draft); return draft; }
  getById(id: string) { return this.t.get({ _id: id }); }
  /** One findOneAndUpdate filtered on the state: atomic per document without a transaction. */
  transition(id: string, from: DraftState, patch: SolutionDraftPatch) { return this.t.update({ _id: id, state: from }, this.t.toSet(patch)); }
  listByAuthor(authorId: string, limit: number) { return this.t.all({ authorId }, { sort: { submittedAt: -1, _id: -1 }, limit }); }
  listByState(state: DraftState, limit: number) { return this.t.all({ state }, { sort: { submittedAt: 1, _id: 1 }, limit }); }
  countByState(state: DraftState) { return this.t.count({ state }); }
  deleteByAuthor(authorId: string, limit?: number) { return deleteSome(this.t.c, { authorId }, this.t.o, limit); }
}
