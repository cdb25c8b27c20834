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
