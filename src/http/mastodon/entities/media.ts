import type { MediaAttachment } from '../../../store/port.js';
import type { Deps } from '../../../domain/deps.js';
import { mediaUrl } from '../../../domain/media/media.js';

/** Mastodon's MediaAttachment. Documents are `unknown`: apps offer them as a link. */
export function serializeMedia(deps: Pick<Deps, 'urls'>, m: MediaAttachment) {
  const url = mediaUrl(deps, m);
  const dims = m.width && m.height ? { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.width / m.height } : undefined;
  return {
    id: m.id,
    type: m.kind === 'image' ? 'image' : 'unknown',
    url,
    preview_url: m.kind === 'image' ? url : null,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: {
      focus: { x: m.focusX, y: m.focusY },
      ...(dims ? { original: dims, small: dims } : {}),
    },
    description: m.description,
    blurhash: null,
  };
}

const kindOf = (mediaType: string | null, type: string) => {
  const major = (mediaType ?? '').split('/')[0];
  if (major === 'image' || (!mediaType && type === 'Image')) return mediaType === 'image/gif' ? 'gifv' : 'image';
  if (major === 'video' || (!mediaType && type === 'Video')) return 'video';
  if (major === 'audio' || (!mediaType && type === 'Audio')) return 'audio';
  return 'unknown';
};

/**
 * Attachments of a post we did not upload (remote posts, solutions' linked files): already reduced
 * to http(s) URLs and allowed types when stored (remote-attachments.ts). The files stay where they
 * are (`remote_url`); ids are derived from the post's, as nothing else names them.
 */
export function serializeLinkedMedia(objectId: string, attachment: unknown) {
  const items = Array.isArray(attachment) ? attachment : [];
  return items.slice(0, 4).flatMap((a, i) => {
    if (!a || typeof a !== 'object') return [];
    const x = a as { type?: unknown; mediaType?: unknown; url?: unknown; name?: unknown; width?: unknown; height?: unknown; blurhash?: unknown };
    if (typeof x.url !== 'string' || !/^https?:\/\//.test(x.url)) return [];
    const mediaType = typeof x.mediaType === 'string' ? x.mediaType : null;
    const type = kindOf(mediaType, String(x.type ?? ''));
    const dims = typeof x.width === 'number' && typeof x.height === 'number' && x.height > 0
      ? { original: { width: x.width, height: x.height, size: `${x.width}x${x.height}`, aspect: x.width / x.height } } : {};
    return [{
      id: `${objectId}${String(i).padStart(2, '0')}`,
      type,
      url: x.url,
      preview_url: type === 'image' || type === 'gifv' ? x.url : null,
      remote_url: x.url,
      preview_remote_url: null,
      text_url: null,
      meta: dims,
      description: typeof x.name === 'string' && x.name ? x.name : null,
      blurhash: typeof x.blurhash === 'string' ? x.blurhash : null,
    }];
  });
}
