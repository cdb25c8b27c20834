import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FedDeps } from '../../../activitypub/federation.js';
import { DomainError } from '../../../errors.js';
import { MEDIA_LIMITS } from '../../../domain/media/media.js';
import { AGENCY_LIMITS, getAgencyProfile, updateAgencyProfile, type AgencyProfileInput } from '../../../domain/admin/agency-profile.js';
import { htmlToPlainText } from '../../../html/plain-text.js';
import { csrfGuard } from '../index.js';
import { sendPage, signInBeforeBody } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import { agencyProfilePage, type AgencyProfileValues } from '../pages/admin-profile.js';
import { adminViewer } from './admin.js';

const IMAGE_FIELDS = new Set(['avatar', 'header']);
interface Upload { data: Buffer; truncated: boolean }
/** The two images of a request, read by the parser before the route runs; kept in memory only until the route has checked CSRF and role. */
const received = new WeakMap<FastifyRequest, Map<string, Upload>>();

async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  let entry = received.get(this);
  if (!entry) received.set(this, (entry = new Map()));
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  // An empty file input still sends a part, without a name; other names are not ours.
  if (!IMAGE_FIELDS.has(part.fieldname) || !part.filename || entry.has(part.fieldname)) return;
  entry.set(part.fieldname, { data: part.file.truncated ? Buffer.alloc(0) : Buffer.concat(chunks), truncated: part.file.truncated });
}

function valuesOf(body: FormBody): AgencyProfileValues {
  return {
    displayName: formString(body, 'displayName'),
    note: formString(body, 'note'),
    fields: Array.from({ length: AGENCY_LIMITS.fields }, (_, i) => ({ name: formString(body, `fields.${i}.name`), value: formString(body, `fields.${i}.value`) })),
    removeAvatar: formString(body, 'removeAvatar') === '1',
    removeHeader: formString(body, 'removeHeader') === '1',
  };
}

/** `/admin/profile`: the agency's profile, admins only. Multipart for the two images; nothing else here takes files. */
export async function adminProfileRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  await app.register(async (scope) => {
    signInBeforeBody(scope, fed);
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      onFile,
      throwFileSizeLimit: false,
      limits: { fileSize: MEDIA_LIMITS.imageBytes, files: 2, fields: 40, parts: 50, fieldSize: 20_000 },
    });

    scope.get('/admin/profile', async (request, reply) => {
      const a = await adminViewer(fed, request, reply, 'profile');
      if (!a) return reply;
      const { actor, editedAt } = await getAgencyProfile(fed);
      return sendPage(reply, 200, agencyProfilePage(a.ctx, {
        actor, edited: !!editedAt,
        values: { displayName: actor.displayName, note: htmlToPlainText(actor.summary ?? ''), fields: actor.fields.map((f) => ({ name: f.name, value: f.value })), removeAvatar: false, removeHeader: false },
      }));
    });

    scope.post('/admin/profile', { preHandler: csrfGuard(scope, fed) }, async (request, reply) => {
      const a = await adminViewer(fed, request, reply, 'profile');
      if (!a) return reply;
      const { t } = a.ctx.tr;
      const values = valuesOf(request.body as FormBody);
      const files = received.get(request) ?? new Map<string, Upload>();
      const { actor, editedAt } = await getAgencyProfile(fed);
      const render = (status: number, errors: Record<string, string>) => sendPage(reply, status, agencyProfilePage(a.ctx, { actor, edited: !!editedAt, values, errors }));
      const errors: Record<string, string> = {};
      for (const [name, f] of files) if (f.truncated) errors[name] = t('admin.profile.errors.tooLarge', { mb: MEDIA_LIMITS.imageBytes / 1024 / 1024 });
      if (Object.keys(errors).length) return render(413, errors);
      const image = (name: 'avatar' | 'header', remove: boolean): AgencyProfileInput['avatar'] => {
        const f = files.get(name);
        return f && f.data.length ? { data: f.data } : remove ? 'remove' : undefined;
      };
      try {
        const { federated } = await updateAgencyProfile(fed, {
          displayName: values.displayName, note: values.note, fields: values.fields,
          avatar: image('avatar', values.removeAvatar), header: image('header', values.removeHeader), by: a.viewer.actor.username, ip: request.ip,
        });
        return reply.code(303).header('cache-control', 'no-store').redirect(`/admin/profile?done=${federated ? 'profile_saved' : 'profile_unchanged'}`);
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== 'AGENCY_PROFILE_INVALID') throw e;
        for (const fe of e.extra.errors ?? []) {
          const name = fe.pointer.slice(1).replace(/\//g, '.');
          errors[name] = fe.detail === 'required' ? t(name === 'displayName' ? 'admin.profile.errors.displayNameRequired' : 'admin.profile.errors.fieldNameRequired')
            : fe.detail === 'tooMany' ? t('admin.profile.errors.tooMany', { max: AGENCY_LIMITS.fields })
            : fe.detail === 'notImage' ? t('admin.profile.errors.notImage')
            : fe.detail === 'upload' ? t('admin.profile.errors.upload', { detail: e.detail })
            : name === 'displayName' ? t('admin.profile.errors.displayNameTooLong', { max: AGENCY_LIMITS.displayName })
            : name === 'note' ? t('admin.profile.errors.noteTooLong', { max: AGENCY_LIMITS.note })
            : t('admin.profile.errors.fieldTooLong', { max: name.endsWith('.name') ? AGENCY_LIMITS.fieldName : AGENCY_LIMITS.fieldValue });
        }
        return render(400, errors);
      }
    });
  });
}
