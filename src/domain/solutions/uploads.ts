import { invalid, type FieldError } from '../../errors.js';
import type { Actor, MediaAttachment } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { checkAttachable, mediaUrl } from '../media/media.js';

/** As many as the schema allows attachments. */
const MAX_SOLUTION_UPLOADS = 20;

/**
 * The native API takes attachments as files hosted elsewhere (`{url, mediaType, name}`) or as the
 * staff member's own uploads (`{mediaId, name?}`, from POST /api/v2/media). Uploads become the
 * same `{url, mediaType, name}` entries before validation, so what is stored, shown and federated
 * has one shape; the upload rows are bound to the solution when it is saved.
 */
export async function resolveUploads(
  deps: Pick<Deps, 'store' | 'urls'>, by: Actor, body: unknown,
): Promise<{ body: unknown; uploads: MediaAttachment[] }> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { body, uploads: [] };
  const list = (body as Record<string, unknown>).attachments;
  if (!Array.isArray(list)) return { body, uploads: [] };
  const ids: string[] = [];
  const errors: FieldError[] = [];
  list.forEach((a, i) => {
    if (a && typeof a === 'object' && 'mediaId' in a) {
      const id = (a as { mediaId: unknown }).mediaId;
      if (typeof id === 'string' && /^\d{1,20}$/.test(id)) ids.push(id);
      else errors.push({ pointer: `/attachments/${i}/mediaId`, detail: 'must be the id of an upload (POST /api/v2/media)' });
    }
  });
  if (errors.length) throw invalid('VALIDATION_FAILED', 'attachments: an upload cannot be used', errors);
  if (!ids.length) return { body, uploads: [] };
  let uploads: MediaAttachment[];
  try {
    uploads = await checkAttachable(deps.store, by, ids, MAX_SOLUTION_UPLOADS);
  } catch (e) {
    const detail = (e as Error).message.replace(/^Validation failed: /, '');
    throw invalid('VALIDATION_FAILED', 'attachments: an upload cannot be used', [{ pointer: '/attachments', detail }]);
  }
  const byId = new Map(uploads.map((m) => [m.id, m]));
  const attachments = list.map((a) => {
    if (!a || typeof a !== 'object' || !('mediaId' in a)) return a;
    const m = byId.get(String((a as { mediaId: string }).mediaId))!;
    const name = (a as { name?: unknown }).name;
    return { url: mediaUrl(deps, m), mediaType: m.contentType, name: typeof name === 'string' && name.trim() ? name : m.description ?? m.fileName };
  });
  return { body: { ...(body as Record<string, unknown>), attachments }, uploads };
}
