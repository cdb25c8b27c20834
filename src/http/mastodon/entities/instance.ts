import type { Urls } from '../../../urls.js';
import type { InstanceSummary } from '../../../domain/instance/summary.js';
import { MASTODON_COMPAT_VERSION, SOFTWARE } from '../../../version.js';
import { DEFAULT_HEADER_PATH } from '../images.js';
import { MEDIA_LIMITS } from '../../../domain/media/media.js';
import { SUPPORTED_TYPES } from '../../../domain/media/sniff.js';
import { serializeAccount, type MastodonAccount } from './account.js';

/**
 * The limits apps read before composing. Statuses allow 5000 characters because solutions and their
 * write-ups are longer than chat posts; the rest are Mastodon's defaults.
 */
export const LIMITS = {
  statuses: { max_characters: 5000, max_media_attachments: MEDIA_LIMITS.perPost, characters_reserved_per_url: 23 },
  media_attachments: {
    supported_mime_types: [...SUPPORTED_TYPES],
    description_limit: MEDIA_LIMITS.descriptionChars,
    image_size_limit: MEDIA_LIMITS.imageBytes,
    image_matrix_limit: 33_177_600,
    video_size_limit: 99 * 1024 * 1024,
    video_frame_rate_limit: 120,
    video_matrix_limit: 8_294_400,
  },
  polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
  accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
} as const;

const streamingBase = (urls: Urls) => urls.base.replace(/^http/, 'ws');

function contact(urls: Urls, s: InstanceSummary): MastodonAccount | null {
  return s.contactActor ? serializeAccount(urls, s.contactActor, s.contactCounts) : null;
}

/** GET /api/v1/instance (Mastodon's REST::V1::InstanceSerializer). */
export function serializeInstanceV1(urls: Urls, s: InstanceSummary) {
  return {
    uri: urls.host,
    title: s.title,
    short_description: s.description,
    description: s.description,
    email: s.contactEmail,
    version: MASTODON_COMPAT_VERSION,
    urls: { streaming_api: streamingBase(urls) },
    stats: { user_count: s.userCount, status_count: s.statusCount, domain_count: s.domainCount },
    thumbnail: `${urls.base}${DEFAULT_HEADER_PATH}`,
    languages: s.languages,
    registrations: s.openRegistrations,
    approval_required: false,
    invites_enabled: false,
    configuration: {
      accounts: { max_featured_tags: LIMITS.accounts.max_featured_tags },
      statuses: LIMITS.statuses,
      media_attachments: {
        supported_mime_types: LIMITS.media_attachments.supported_mime_types,
        image_size_limit: LIMITS.media_attachments.image_size_limit,
        image_matrix_limit: LIMITS.media_attachments.image_matrix_limit,
        video_size_limit: LIMITS.media_attachments.video_size_limit,
        video_frame_rate_limit: LIMITS.media_attachments.video_frame_rate_limit,
        video_matrix_limit: LIMITS.media_attachments.video_matrix_limit,
      },
      polls: LIMITS.polls,
    },
    contact_account: contact(urls, s),
    rules: [],
  };
}

/** GET /api/v2/instance (Mastodon's REST::InstanceSerializer, 4.3). */
export function serializeInstanceV2(urls: Urls, s: InstanceSummary) {
  const thumbnail = `${urls.base}${DEFAULT_HEADER_PATH}`;
  return {
    domain: urls.host,
    title: s.title,
    version: MASTODON_COMPAT_VERSION,
    source_url: SOFTWARE.repository,
    description: s.description,
    usage: { users: { active_month: s.activeMonth } },
    thumbnail: { url: thumbnail, blurhash: null, versions: { '@1x': thumbnail, '@2x': thumbnail } },
    icon: [],
    languages: s.languages,
    configuration: {
      urls: { streaming: streamingBase(urls), status: null, about: urls.about, privacy_policy: null, terms_of_service: null },
      vapid: { public_key: s.vapidKey },
      accounts: LIMITS.accounts,
      statuses: LIMITS.statuses,
      media_attachments: LIMITS.media_attachments,
      polls: LIMITS.polls,
      translation: { enabled: false },
      limited_federation: false,
    },
    registrations: { enabled: s.openRegistrations, approval_required: false, reason_required: false, message: null, url: null, min_age: null },
    api_versions: { mastodon: 2 },
    contact: { email: s.contactEmail, account: contact(urls, s) },
    rules: [],
  };
}
