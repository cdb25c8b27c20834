import type { FedDeps } from '../../activitypub/federation.js';
import { newId } from '../../ids.js';
import { DomainError, forbidden, invalid, notFound } from '../../errors.js';
import type { Actor, SolutionDraft, SolutionRecord, User } from '../../store/port.js';
import { audit } from '../audit.js';
import { actsForAgency, assertPublisher, isPublisher } from '../accounts/roles.js';
import { getUserSettings } from '../accounts/settings.js';
import { postStatus } from '../statuses/post-status.js';
import { reviewMessage } from './review-messages.js';
import { normalizeFields, type SolutionFields } from './model.js';
import type { SolutionPageData } from './pages.js';
import { resolveUploads } from './uploads.js';
import { validateSolution, validateSolutionPatch } from './validate.js';
import { checkSolution, editable, publishApproved, updateApproved } from './publish.js';

/** As long as a status may be: the comment travels to the author as a direct message. */
export const MAX_COMMENT_LENGTH = 2000;

export interface DraftView {
  draft: SolutionDraft;
  author: Actor | undefined;
  reviewer: Actor | undefined;
  /** The solution as it would be published: the draft's fields, or for a revision its change over the current fields. */
  fields: SolutionFields;
  /** For a revision: the solution it changes, as published now. */
  base: SolutionRecord | undefined;
}

async function staffLogin(fed: FedDeps, by: Actor): Promise<User> {
  const user = by.domain === null && by.type === 'Person' ? await fed.store.users.getByActorId(by.id) : undefined;
  if (!user || user.disabledAt) throw forbidden('STAFF_ONLY', 'only a staff account of this agency can do this');
  return user;
}

/** The fields a draft body gives: checked as publishing would check them, nothing stored. */
async function draftFields(fed: FedDeps, author: Actor, body: unknown, solutionId: string | null): Promise<{ fields: SolutionFields; base?: SolutionRecord }> {
  if (!solutionId) return { fields: await checkSolution(fed, author, body) };
  const base = await editable(fed, author, solutionId);
  const { body: resolved } = await resolveUploads(fed, author, body);
  const patch = validateSolutionPatch(resolved);
  return { fields: validateSolution(normalizeFields({ ...base.fields, ...patch })), base };
}

function asObject(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('VALIDATION_FAILED', 'a draft is a JSON object with the solution\'s fields');
  return raw as Record<string, unknown>;
}

/**
 * An author submits a new solution (no `solutionId`) or a change to one of theirs for approval.
 * Checked now exactly as publishing would check it, so the author hears of a mistake at once and
 * a publisher never reviews something that cannot be published. Nothing is federated or public.
 */
export async function submitDraft(fed: FedDeps, by: Actor, raw: unknown, solutionId: string | null = null): Promise<SolutionDraft> {
  await staffLogin(fed, by);
  const body = asObject(raw);
  const { fields } = await draftFields(fed, by, body, solutionId);
  const now = fed.now().toISOString();
  const draft: SolutionDraft = {
    id: newId(fed.now().getTime()), solutionId, authorId: by.id, body, title: fields.title, state: 'pending',
    comment: null, reviewerId: null, createdAt: now, submittedAt: now, decidedAt: null, publishedId: null,
  };
  await fed.store.transaction(async (tx) => {
    await tx.solutionDrafts.put(draft);
    await audit(fed, { actor: by.username, action: solutionId ? 'solution.revision.submit' : 'solution.submit', target: draft.id, details: { title: draft.title, solutionId } }, tx);
  });
  return draft;
}

async function ownDraft(fed: FedDeps, by: Actor, id: string): Promise<SolutionDraft> {
  const draft = await fed.store.solutionDrafts.getById(id);
  // Someone else's draft is "not found": its existence is nobody else's business.
  if (!draft || draft.authorId !== by.id) throw notFound('DRAFT_NOT_FOUND', `no draft ${id} of yours`);
  return draft;
}

/** The author changes a returned (or still pending) draft; it goes back to the queue. */
export async function resubmitDraft(fed: FedDeps, by: Actor, id: string, raw: unknown): Promise<SolutionDraft> {
  await staffLogin(fed, by);
  const draft = await ownDraft(fed, by, id);
  if (draft.state !== 'returned' && draft.state !== 'pending') throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} is ${draft.state}; write a new one`);
  const body = asObject(raw);
  const { fields } = await draftFields(fed, by, body, draft.solutionId);
  const now = fed.now().toISOString();
  const updated = await fed.store.transaction(async (tx) => {
    const next = await tx.solutionDrafts.transition(id, draft.state, { body, title: fields.title, state: 'pending', submittedAt: now });
    if (!next) throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} was decided meanwhile; reload it`);
    await audit(fed, { actor: by.username, action: 'solution.resubmit', target: id, details: { title: fields.title } }, tx);
    return next;
  });
  return updated;
}

export async function withdrawDraft(fed: FedDeps, by: Actor, id: string): Promise<SolutionDraft> {
  const draft = await ownDraft(fed, by, id);
  if (draft.state !== 'returned' && draft.state !== 'pending') throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} is ${draft.state}`);
  return fed.store.transaction(async (tx) => {
    const next = await tx.solutionDrafts.transition(id, draft.state, { state: 'withdrawn', decidedAt: fed.now().toISOString() });
    if (!next) throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} was decided meanwhile`);
    await audit(fed, { actor: by.username, action: 'solution.withdraw', target: id, details: { title: draft.title } }, tx);
    return next;
  });
}

async function pendingForReview(fed: FedDeps, by: Actor, id: string): Promise<{ draft: SolutionDraft; author: Actor }> {
  await assertPublisher(fed, by, 'decide on drafts');
  const draft = await fed.store.solutionDrafts.getById(id);
  if (!draft) throw notFound('DRAFT_NOT_FOUND', `no draft ${id}`);
  if (draft.state !== 'pending') throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} is ${draft.state}, not waiting for approval`);
  const author = await fed.store.actors.getById(draft.authorId);
  if (!author || author.deletedAt) throw new DomainError('gone', 'AUTHOR_GONE', 'the author of this draft was erased');
  return { draft, author };
}

/** Tells the author in their apps (a direct message from the publisher) and on /home (the draft's state). */
async function tellAuthor(fed: FedDeps, reviewer: Actor, author: Actor, kind: 'approved' | 'returned', values: { title: string; url: string; comment?: string }): Promise<void> {
  const user = await fed.store.users.getByActorId(author.id);
  const settings = user ? await getUserSettings(fed, user.id) : undefined;
  const message = reviewMessage(kind, settings?.uiLanguage ?? fed.config.instance.languages[0], values);
  await postStatus(fed, reviewer, { text: `@${author.username} ${message.text}`, visibility: 'direct', language: message.language });
}

/**
 * A publisher approves: the draft is published (or the revision applied) in the author's name,
 * exactly as if they had published it, and federates once. The state flips first (compare and
 * set), so two publishers approving at once publish once; if publishing then fails (an upload
 * was deleted meanwhile), the draft goes back to the queue and the error is the publisher's.
 */
export async function approveDraft(fed: FedDeps, by: Actor, id: string): Promise<{ draft: SolutionDraft; solution: SolutionRecord }> {
  const { draft, author } = await pendingForReview(fed, by, id);
  const decidedAt = fed.now().toISOString();
  const claimed = await fed.store.solutionDrafts.transition(id, 'pending', { state: 'approved', reviewerId: by.id, decidedAt, comment: null });
  if (!claimed) throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} was decided meanwhile`);
  let solution: SolutionRecord;
  try {
    solution = draft.solutionId
      ? await updateApproved(fed, author, draft.solutionId, draft.body)
      : await publishApproved(fed, author, draft.body);
  } catch (e) {
    await fed.store.solutionDrafts.transition(id, 'approved', { state: 'pending', reviewerId: null, decidedAt: null });
    throw e;
  }
  const done = await fed.store.transaction(async (tx) => {
    const next = (await tx.solutionDrafts.transition(id, 'approved', { publishedId: solution.id }))!;
    await audit(fed, { actor: by.username, action: draft.solutionId ? 'solution.revision.approve' : 'solution.approve', target: id, details: { title: draft.title, solutionId: solution.id, author: author.username } }, tx);
    return next;
  });
  await tellAuthor(fed, by, author, 'approved', { title: solution.fields.title, url: solution.url ?? solution.uri });
  return { draft: done, solution };
}

/** A publisher sends a draft back with a comment; the author is told, nothing is published. */
export async function returnDraft(fed: FedDeps, by: Actor, id: string, comment: unknown): Promise<SolutionDraft> {
  const text = typeof comment === 'string' ? comment.trim() : '';
  if (!text) throw invalid('VALIDATION_FAILED', 'say what the author should change', [{ pointer: '/comment', detail: 'is required' }]);
  if (text.length > MAX_COMMENT_LENGTH) throw invalid('VALIDATION_FAILED', `the comment is longer than ${MAX_COMMENT_LENGTH} characters`, [{ pointer: '/comment', detail: `at most ${MAX_COMMENT_LENGTH} characters` }]);
  const { draft, author } = await pendingForReview(fed, by, id);
  const next = await fed.store.transaction(async (tx) => {
    const returned = await tx.solutionDrafts.transition(id, 'pending', { state: 'returned', reviewerId: by.id, decidedAt: fed.now().toISOString(), comment: text });
    if (!returned) throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} was decided meanwhile`);
    await audit(fed, { actor: by.username, action: 'solution.return', target: id, details: { title: draft.title, author: author.username } }, tx);
    return returned;
  });
  await tellAuthor(fed, by, author, 'returned', { title: draft.title, url: `${fed.urls.base}/drafts/${id}`, comment: text });
  return next;
}

/**
 * A draft as its author or a publisher (or an admin) sees it; "not found" for anyone else, so a
 * draft's existence leaks nowhere.
 */
export async function viewDraft(fed: FedDeps, viewer: Actor, id: string): Promise<DraftView> {
  const user = viewer.domain === null ? await fed.store.users.getByActorId(viewer.id) : undefined;
  const draft = await fed.store.solutionDrafts.getById(id);
  const mayRead = draft && user && !user.disabledAt && (draft.authorId === viewer.id || isPublisher(user) || user.role === 'admin');
  if (!draft || !mayRead) throw notFound('DRAFT_NOT_FOUND', `no draft ${id}`);
  const [author, reviewer] = await Promise.all([
    fed.store.actors.getById(draft.authorId), draft.reviewerId ? fed.store.actors.getById(draft.reviewerId) : undefined,
  ]);
  let fields: SolutionFields;
  let base: SolutionRecord | undefined;
  if (draft.solutionId) {
    base = await fed.store.solutions.getById(draft.solutionId);
    fields = normalizeFields({ ...(base?.fields ?? {}), ...(await previewBody(fed, author, draft.body)) } as SolutionFields);
  } else fields = normalizeFields((await previewBody(fed, author, draft.body)) as unknown as SolutionFields);
  return { draft, author, reviewer, fields, base };
}

/** Upload ids shown as the files they are; a body that no longer checks is shown as it is. */
async function previewBody(fed: FedDeps, author: Actor | undefined, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!author) return body;
  try {
    return (await resolveUploads(fed, author, body)).body as Record<string, unknown>;
  } catch {
    return { ...body, attachments: [] };
  }
}

/**
 * The solution page's data for a draft: the record it would become (for a revision, the current
 * one with the draft's fields as the next revision), nothing of it stored.
 */
export async function draftPageData(fed: FedDeps, view: DraftView): Promise<SolutionPageData> {
  const organisation = await fed.store.actors.getByUsername(fed.config.instance.agencyUsername, null);
  const at = view.draft.submittedAt;
  if (view.base) {
    const revisions = await fed.store.solutions.listRevisions(view.base.id);
    const record: SolutionRecord = { ...view.base, fields: view.fields, revision: view.base.revision + 1, updatedAt: at };
    return {
      record, organisation, author: view.author, adoptions: [], replies: [], ours: undefined,
      revisions: [...revisions, { solutionId: record.id, revision: record.revision, at, fields: view.fields }],
    };
  }
  const uri = `${fed.urls.base}/drafts/${view.draft.id}`;
  const record: SolutionRecord = {
    id: view.draft.id, uri, actorId: organisation?.id ?? '', authorId: view.draft.authorId, local: true, url: uri, origin: fed.urls.host,
    revision: 1, publishedAt: at, updatedAt: null, deletedAt: null, repliesCount: 0, fields: view.fields,
  };
  return { record, organisation, author: view.author, adoptions: [], replies: [], ours: undefined, revisions: [{ solutionId: record.id, revision: 1, at, fields: view.fields }] };
}

export interface DraftLists {
  /** The viewer's own drafts, newest first. */
  mine: SolutionDraft[];
  /** Waiting for approval, oldest first: publishers only, empty for others. */
  queue: Array<{ draft: SolutionDraft; author: Actor | undefined }>;
  mayReview: boolean;
  /** Whether the viewer's solutions need approval at all. */
  needsApproval: boolean;
}

export async function draftLists(fed: FedDeps, viewer: Actor, limit = 50): Promise<DraftLists> {
  const user = await fed.store.users.getByActorId(viewer.id);
  const mayReview = isPublisher(user);
  const mine = await fed.store.solutionDrafts.listByAuthor(viewer.id, limit);
  const pending = mayReview ? await fed.store.solutionDrafts.listByState('pending', limit) : [];
  const authorIds = [...new Set(pending.map((d) => d.authorId))];
  const authors = new Map((authorIds.length ? await fed.store.actors.getMany({ ids: authorIds }) : []).map((a) => [a.id, a]));
  const queue = pending.map((draft) => ({ draft, author: authors.get(draft.authorId) }));
  return { mine, queue, mayReview, needsApproval: !actsForAgency(fed.config, user) };
}
