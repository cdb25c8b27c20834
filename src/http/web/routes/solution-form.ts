import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FedDeps } from '../../../activitypub/federation.js';
import type { Actor, SolutionDraft, SolutionRecord, SolutionRevision } from '../../../store/port.js';
import { DomainError } from '../../../errors.js';
import { MEDIA_LIMITS, mediaUrl, uploadMedia } from '../../../domain/media/media.js';
import { agencyActor, checkSolution, deleteSolution, editable, publishSolution, updateSolution } from '../../../domain/solutions/publish.js';
import { solutionRevisions } from '../../../domain/solutions/read.js';
import { actsForAgency } from '../../../domain/accounts/roles.js';
import { resubmitDraft, submitDraft, viewDraft } from '../../../domain/solutions/drafts.js';
import type { SolutionFields } from '../../../domain/solutions/model.js';
import { csrfGuard } from '../index.js';
import type { PageContext, SignedIn } from '../context.js';
import { pageContext, requireViewer, sendPage, signInBeforeBody } from '../session.js';
import type { FormErrors } from '../components/forms.js';
import { formString, type FormBody } from '../forms/body.js';
import {
  MAX_ROWS, addRow, emptyForm, formFromFields, formMessages, problemsFromDomain, readForm, removeRow, toApiBody, toPatchBody,
  type FormProblem, type SolutionForm,
} from '../forms/solution.js';
import { MB, deletePage, previewPage, refusedPage, solutionFormPage } from '../pages/solution-form.js';

interface Upload { filename: string; data: Buffer; truncated: boolean }

/** Files of a multipart request, read by the parser before the route runs (and before CSRF is checked: only kept, never stored, until then). */
const received = new WeakMap<FastifyRequest, { files: Upload[]; dropped: number }>();

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) { /* discarded */ }
}

async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  let entry = received.get(this);
  if (!entry) received.set(this, (entry = { files: [], dropped: 0 }));
  // An empty file input still sends a part, without a name.
  if (part.fieldname !== 'upload' || !part.filename) return drain(part.file);
  if (entry.files.length >= MEDIA_LIMITS.perPost) {
    entry.dropped++;
    return drain(part.file);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const truncated = part.file.truncated;
  entry.files.push({ filename: part.filename, data: truncated ? Buffer.alloc(0) : Buffer.concat(chunks), truncated });
}

/** What a browser sends as the file's name, as a title: no path, no control characters. */
function fileTitle(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || 'file';
}

function staffActor(viewer: SignedIn): Actor {
  // The native API's rule (STAFF_ONLY): solutions are published by people, not by the agency account itself.
  if (viewer.actor.type !== 'Person' || viewer.actor.domain !== null) throw new DomainError('forbidden', 'STAFF_ONLY', 'only a staff account can publish solutions');
  return viewer.actor;
}

const isNotAuthor = (e: unknown) => e instanceof DomainError && e.code === 'NOT_AUTHOR';

/**
 * Publishing and revising a solution from the browser (issue items 3 and 4): the form, its preview,
 * and delete with a confirmation. Everything goes through the domain functions the native API
 * calls, so the rules, the revisions and the federation are the same.
 */
export async function solutionFormRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  // Multipart only here: the form takes files; nowhere else in the web app does.
  await app.register(async (scope) => {
    signInBeforeBody(scope, fed);
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      onFile,
      // A file over the cap is cut off and reported by the form, which keeps everything typed.
      throwFileSizeLimit: false,
      limits: {
        fileSize: Math.max(MEDIA_LIMITS.imageBytes, MEDIA_LIMITS.documentBytes),
        // Files beyond perPost in one submission are read past, not kept; beyond this the request is refused.
        files: MAX_ROWS.attachments,
        fields: 1500,
        parts: 1600,
        fieldSize: 200_000,
      },
    });
    await routes(scope, fed);
  });
}

async function routes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  type IdParams = { Params: { id: string } };

  app.get('/solutions/new', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    staffActor(viewer);
    const ctx = await pageContext(fed, request, reply);
    return sendPage(reply, 200, solutionFormPage(ctx, { form: emptyForm(ctx.lang), action: '/solutions/new', approval: !actsForAgency(fed.config, viewer.user) }));
  });

  app.post('/solutions/new', { preHandler: csrfGuard(app, fed) }, async (request, reply) => submit(fed, request, reply));

  app.get<IdParams>('/solutions/:id/edit', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const actor = staffActor(viewer);
    const ctx = await pageContext(fed, request, reply);
    let record: SolutionRecord;
    try {
      record = await editable(fed, actor, request.params.id);
    } catch (e) {
      if (isNotAuthor(e)) return sendPage(reply, 403, refusedPage(ctx, request.params.id));
      throw e;
    }
    return sendPage(reply, 200, solutionFormPage(ctx, {
      form: formFromFields(record.fields, ctx.lang), action: `/solutions/${record.id}/edit`, editing: { id: record.id, title: record.fields.title },
      approval: !actsForAgency(fed.config, viewer.user),
    }));
  });

  app.post<IdParams>('/solutions/:id/edit', { preHandler: csrfGuard(app, fed) }, async (request, reply) => submit(fed, request, reply, { solutionId: request.params.id }));

  // A draft, changed by its author (after it was sent back, or while it waits) and submitted again.
  app.get<IdParams>('/drafts/:id/edit', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const actor = staffActor(viewer);
    const ctx = await pageContext(fed, request, reply);
    const { draft, fields, base } = await ownOpenDraft(fed, actor, request.params.id);
    return sendPage(reply, 200, solutionFormPage(ctx, {
      form: formFromFields(fields, ctx.lang), action: `/drafts/${draft.id}/edit`, approval: true,
      editing: base ? { id: base.id, title: base.fields.title } : undefined, draft: { id: draft.id, title: draft.title },
    }));
  });

  app.post<IdParams>('/drafts/:id/edit', { preHandler: csrfGuard(app, fed) }, async (request, reply) => submit(fed, request, reply, { draftId: request.params.id }));

  app.get<IdParams>('/solutions/:id/delete', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const actor = staffActor(viewer);
    const ctx = await pageContext(fed, request, reply);
    try {
      const record = await editable(fed, actor, request.params.id);
      return sendPage(reply, 200, deletePage(ctx, { id: record.id, title: record.fields.title }));
    } catch (e) {
      if (isNotAuthor(e)) return sendPage(reply, 403, refusedPage(ctx, request.params.id));
      throw e;
    }
  });

  app.post<IdParams>('/solutions/:id/delete', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const actor = staffActor(viewer);
    const ctx = await pageContext(fed, request, reply);
    try {
      await deleteSolution(fed, actor, request.params.id);
    } catch (e) {
      if (isNotAuthor(e)) return sendPage(reply, 403, refusedPage(ctx, request.params.id));
      throw e;
    }
    request.log.info({ solutionId: request.params.id, userId: viewer.user.id }, 'solution deleted');
    return reply.code(303).redirect('/solutions?notice=solution_deleted');
  });
}

/** The viewer's own draft that may still change: DRAFT_NOT_FOUND / DRAFT_DECIDED pages otherwise. */
async function ownOpenDraft(fed: FedDeps, actor: Actor, id: string) {
  const view = await viewDraft(fed, actor, id);
  if (view.draft.authorId !== actor.id) throw new DomainError('not_found', 'DRAFT_NOT_FOUND', `no draft ${id} of yours`);
  if (view.draft.state !== 'pending' && view.draft.state !== 'returned') throw new DomainError('conflict', 'DRAFT_DECIDED', `draft ${id} is ${view.draft.state}`);
  return view;
}

/** Stores this request's files as the viewer's uploads; what cannot be stored is said by file name. */
async function storeUploads(fed: FedDeps, ctx: PageContext, request: FastifyRequest, actor: Actor, form: SolutionForm): Promise<string[]> {
  const { t } = ctx.tr;
  const entry = received.get(request);
  if (!entry) return [];
  const limits = { pdf: MB(MEDIA_LIMITS.documentBytes), image: MB(MEDIA_LIMITS.imageBytes) };
  const messages: string[] = [];
  if (entry.dropped) messages.push(t('solutionForm.uploadErrors.tooMany', { max: MEDIA_LIMITS.perPost }));
  for (const file of entry.files) {
    const name = fileTitle(file.filename);
    if (file.truncated) {
      messages.push(t('solutionForm.uploadErrors.tooLarge', { file: name, ...limits }));
      continue;
    }
    if (form.attachments.length >= MAX_ROWS.attachments) {
      messages.push(t('solutionForm.uploadErrors.full', { file: name, max: MAX_ROWS.attachments }));
      continue;
    }
    try {
      const media = await uploadMedia(fed, actor, { data: file.data });
      form.attachments.push({ mediaId: media.id, url: mediaUrl(fed, media), mediaType: media.contentType, name });
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind !== 'invalid') throw e;
      const key = ({ MEDIA_TYPE_UNSUPPORTED: 'type', MEDIA_TOO_LARGE: 'tooLarge', MEDIA_EMPTY: 'empty', MEDIA_TOO_MANY_PIXELS: 'pixels' } as Record<string, string>)[e.code] ?? 'failed';
      messages.push(t(`solutionForm.uploadErrors.${key}`, { file: name, ...limits }));
    }
  }
  return messages;
}

/**
 * One handler for every button of the form and of its preview: upload what came, then add or
 * remove a row, go back to the form, preview, or publish (save). Nothing is stored but uploads
 * until the domain accepts the whole solution.
 */
async function submit(fed: FedDeps, request: FastifyRequest, reply: FastifyReply, target: { solutionId?: string; draftId?: string } = {}): Promise<FastifyReply> {
  const viewer = await requireViewer(fed, request, reply);
  if (!viewer) return reply;
  const actor = staffActor(viewer);
  const ctx = await pageContext(fed, request, reply);
  let record: SolutionRecord | undefined;
  let draft: SolutionDraft | undefined;
  if (target.draftId) {
    const view = await ownOpenDraft(fed, actor, target.draftId);
    draft = view.draft;
    record = view.base;
  }
  // Authors' work goes to a publisher first (solutions.requireApproval): the same form, another button.
  const approval = !!draft || !actsForAgency(fed.config, viewer.user);
  const id = target.solutionId;
  if (id) {
    try {
      record = await editable(fed, actor, id);
    } catch (e) {
      if (isNotAuthor(e)) return sendPage(reply, 403, refusedPage(ctx, id));
      throw e;
    }
  }
  const action = draft ? `/drafts/${draft.id}/edit` : record ? `/solutions/${record.id}/edit` : '/solutions/new';
  const editing = record ? { id: record.id, title: record.fields.title } : undefined;
  const draftRef = draft ? { id: draft.id, title: draft.title } : undefined;
  const body = (request.body ?? {}) as FormBody;
  let form = readForm(body);
  const uploadMessages = await storeUploads(fed, ctx, request, actor, form);
  const render = (status: number, errors: FormErrors = {}) => {
    if (uploadMessages.length) errors = { ...errors, upload: uploadMessages.join(' ') };
    return sendPage(reply, Object.keys(errors).length ? 400 : status, solutionFormPage(ctx, { form, errors, action, editing, approval, draft: draftRef }));
  };

  const remove = formString(body, 'remove');
  if (remove) {
    form = removeRow(form, remove);
    return render(200);
  }
  const add = formString(body, 'add');
  if (add) {
    form = addRow(form, add);
    return render(200);
  }
  const pressed = formString(body, 'action');
  if (pressed === 'change') return render(200);

  const { body: apiBody, problems, map } = toApiBody(form);
  let fields: SolutionFields | undefined;
  let found: FormProblem[] = [...problems];
  try {
    fields = await checkSolution(fed, actor, apiBody);
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'VALIDATION_FAILED') throw e;
    found = [...found, ...problemsFromDomain(e.extra.errors, map)];
  }
  // A file that could not be added stops a preview too: the person sees it before publishing without it.
  if (found.length || !fields || uploadMessages.length) return render(400, formMessages(ctx.tr, found));

  if (pressed === 'publish') {
    try {
      if (approval) {
        const patch = record ? toPatchBody(apiBody, record.fields) : apiBody;
        const saved = draft
          ? await resubmitDraft(fed, actor, draft.id, patch)
          : await submitDraft(fed, actor, patch, record?.id ?? null);
        request.log.info({ draftId: saved.id, solutionId: saved.solutionId, userId: viewer.user.id }, draft ? 'draft resubmitted' : 'draft submitted');
        return reply.code(303).redirect(`/drafts/${saved.id}?notice=${draft ? 'draft_resubmitted' : 'draft_submitted'}`);
      }
      if (!record) {
        const saved = await publishSolution(fed, actor, apiBody);
        request.log.info({ solutionId: saved.id, userId: viewer.user.id }, 'solution published');
        return reply.code(303).redirect(`/solutions/${saved.id}?notice=solution_published`);
      }
      const saved = await updateSolution(fed, actor, record.id, toPatchBody(apiBody, record.fields));
      request.log.info({ solutionId: saved.id, revision: saved.revision, userId: viewer.user.id }, 'solution revised');
      return reply.code(303).redirect(`/solutions/${saved.id}?notice=${saved.revision === record.revision ? 'solution_unchanged' : 'solution_updated'}`);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VALIDATION_FAILED') return render(400, formMessages(ctx.tr, problemsFromDomain(e.extra.errors, map)));
      // Another post took an upload between the preview and now.
      if (e instanceof DomainError && e.code.startsWith('MEDIA_')) return render(400, formMessages(ctx.tr, [{ name: 'attachments', rule: 'attachmentUnusable' }]));
      if (isNotAuthor(e)) return sendPage(reply, 403, refusedPage(ctx, record!.id));
      throw e;
    }
  }

  const organisation = await agencyActor(fed);
  const now = fed.now().toISOString();
  const previewRecord: SolutionRecord = record
    ? { ...record, fields, revision: record.revision + 1, updatedAt: now }
    : {
      id: 'new', uri: `${fed.urls.base}/solutions/new`, actorId: organisation.id, authorId: actor.id, local: true, url: `${fed.urls.base}/solutions/new`,
      origin: fed.urls.host, revision: 1, publishedAt: now, updatedAt: null, deletedAt: null, repliesCount: 0, fields,
    };
  const earlier: SolutionRevision[] = record ? (await solutionRevisions(fed, record.id)).map((r) => ({ solutionId: record.id, ...r })) : [];
  return sendPage(reply, 200, previewPage(ctx, {
    form, action, editing: record ? { id: record.id, revision: previewRecord.revision } : undefined, approval,
    data: {
      record: previewRecord, organisation, author: !record || record.authorId === actor.id ? actor : undefined, adoptions: [], replies: [],
      revisions: [...earlier, { solutionId: previewRecord.id, revision: previewRecord.revision, at: now, fields }], ours: undefined,
    },
  }));
}
