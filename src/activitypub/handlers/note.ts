import type { Actor, StoredObject } from '../../store/port.js';
import { sanitizeRemoteHtml, sanitizeRemotePlainText } from '../../html/sanitize.js';
import { cleanAttachments } from '../convert/remote-attachments.js';
import { idOf, visibilityOf } from './context.js';
import { httpUrlOf } from '../convert/urls.js';

/** Object types stored as posts; everything else is ignored (as Mastodon ignores unknown types). */
export const POST_TYPES = new Set(['Note', 'Article']);

/** `name` is plain text: elements are stripped from it (and from nameMap). */
const HTML_FIELDS = ['content', 'summary', 'name'] as const;

/** The object with every HTML field through the allow-list sanitizer and attachments cleaned; drops nothing else. */
export function sanitizePost(object: Record<string, unknown>): Record<string, unknown> {
  const { '@context': _ctx, ...out } = object;
  for (const f of HTML_FIELDS) if (typeof out[f] === 'string') out[f] = f === 'name' ? sanitizeRemotePlainText(out[f]) : sanitizeRemoteHtml(out[f]);
  for (const f of ['contentMap', 'summaryMap', 'nameMap'] as const) {
    const map = out[f];
    const clean = f === 'nameMap' ? (v: unknown) => sanitizeRemotePlainText(v) : sanitizeRemoteHtml;
    if (map && typeof map === 'object' && !Array.isArray(map)) {
      out[f] = Object.fromEntries(Object.entries(map as Record<string, unknown>).slice(0, 20).map(([k, v]) => [k, clean(v)]));
    } else delete out[f];
  }
  if ('attachment' in out) out.attachment = cleanAttachments(out.attachment);
  return out;
}

export function attributedTo(object: Record<string, unknown>): string | undefined {
  const a = object.attributedTo;
  return Array.isArray(a) ? idOf(a[0]) : idOf(a);
}

function validDate(v: unknown, fallback: string): string {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}


/** Indexed fields of a remote post; `data` is the sanitized document. */
export function postFields(object: Record<string, unknown>, actor: Actor, now: string): Omit<StoredObject, 'id'> {
  const data = sanitizePost(object);
  const contentMap = data.contentMap as Record<string, unknown> | undefined;
  return {
    uri: String(object.id),
    type: String(object.type),
    actorId: actor.id,
    local: false,
    url: httpUrlOf(object.url),
    inReplyToUri: idOf(object.inReplyTo) ?? null,
    visibility: visibilityOf(object, actor),
    language: contentMap ? (Object.keys(contentMap)[0] ?? null) : null,
    publishedAt: validDate(object.published, now),
    updatedAt: object.updated ? validDate(object.updated, now) : null,
    deletedAt: null,
    data,
  };
}
