/**
 * A solution (or a revision of one) an author wrote that waits for a publisher's approval. Kept
 * apart from solutions and objects on purpose: nothing that reads, delivers, searches or serves
 * by id ever sees a draft, so it cannot leak through a path someone forgot to filter.
 */
export type DraftState = 'pending' | 'returned' | 'approved' | 'withdrawn';

export interface SolutionDraft {
  id: string;
  /** The local solution this draft revises; null for a new solution. */
  solutionId: string | null;
  /** The author's actor id. */
  authorId: string;
  /** The native API body as submitted (uploads by id), checked when submitted and again when approved. */
  body: Record<string, unknown>;
  /** The title in the draft's language, for lists. */
  title: string;
  state: DraftState;
  /** The publisher's words when sending it back. */
  comment: string | null;
  /** The publisher's actor id who approved or returned it. */
  reviewerId: string | null;
  createdAt: string;
  /** When it was last submitted (created or resubmitted). */
  submittedAt: string;
  decidedAt: string | null;
  /** The solution that approval published or revised. */
  publishedId: string | null;
}

export type SolutionDraftPatch = Partial<Omit<SolutionDraft, 'id' | 'authorId' | 'createdAt'>>;

export interface SolutionDraftRepository {
  put(draft: SolutionDraft): Promise<SolutionDraft>;
  getById(id: string): Promise<SolutionDraft | undefined>;
  /**
   * Applies `patch` only while the draft is in state `from` (compare and set), so two publishers
   * deciding at once cannot both win; undefined when it was not in that state.
   */
  transition(id: string, from: DraftState, patch: SolutionDraftPatch): Promise<SolutionDraft | undefined>;
  /** Newest submitted first. */
  listByAuthor(authorId: string, limit: number): Promise<SolutionDraft[]>;
  /** Oldest submitted first: the review queue is worked in order. */
  listByState(state: DraftState, limit: number): Promise<SolutionDraft[]>;
  countByState(state: DraftState): Promise<number>;
  /** For erasure: the drafts the actor wrote; returns how many went. `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go. */
  deleteByAuthor(authorId: string, limit?: number): Promise<number>;
}
