/**
 * Remote posts' attachments, reduced to what we show and can trust: at most four (what Mastodon
 * keeps and the apps lay out), http(s) URLs only, a media-type allow-list, alt text capped. The
 * files stay on their origin server; we never fetch or re-serve them.
 */
export const MAX_REMOTE_ATTACHMENTS = 4;
const MAX_ALT = 1500;
const TYPES = new Set(['Document', 'Image', 'Video', 'Audio']);
const MEDIA_TYPE = /^(image\/(jpeg|png|gif|webp|avif)|video\/(mp4|webm|quicktime)|audio\/(mpeg|ogg|mp4|wav|webm|flac|aac)|application\/pdf)$/;

export interface RemoteAttachment {
  type: string;
  mediaType: string | null;
  url: string;
  name: string | null;
  width?: number;
  height?: number;
  blurhash?: string;
}

function httpUrl(v: unknown): { href: string; mediaType?: string } | undefined {
  if (typeof v === 'string') {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:' ? { href: u.href } : undefined;
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(v)) {
    for (const item of v.slice(0, 10)) {
      const found = httpUrl(item);
      if (found) return found;
    }
    return undefined;
  }
  if (v && typeof v === 'object') {
    const link = v as { href?: unknown; mediaType?: unknown };
    const found = httpUrl(link.href);
    return found && typeof link.mediaType === 'string' ? { ...found, mediaType: link.mediaType } : found;
  }
  return undefined;
}

const dimension = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 100_000 ? v : undefined);

export function cleanAttachments(value: unknown): RemoteAttachment[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: RemoteAttachment[] = [];
  for (const item of list.slice(0, 20)) {
    if (out.length === MAX_REMOTE_ATTACHMENTS) break;
    if (!item || typeof item !== 'object') continue;
    const a = item as Record<string, unknown>;
    if (typeof a.type !== 'string' || !TYPES.has(a.type)) continue;
    const url = httpUrl(a.url);
    if (!url) continue;
    const mediaType = typeof a.mediaType === 'string' ? a.mediaType.toLowerCase() : url.mediaType?.toLowerCase() ?? null;
    if (mediaType !== null ? !MEDIA_TYPE.test(mediaType) : a.type === 'Document') continue;
    const clean: RemoteAttachment = { type: a.type, mediaType, url: url.href, name: typeof a.name === 'string' ? a.name.slice(0, MAX_ALT) : null };
    const width = dimension(a.width);
    const height = dimension(a.height);
    if (width && height) Object.assign(clean, { width, height });
    if (typeof a.blurhash === 'string' && /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,100}$/.test(a.blurhash)) clean.blurhash = a.blurhash;
    out.push(clean);
  }
  return out;
}
