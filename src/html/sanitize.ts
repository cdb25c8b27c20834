import sanitizeHtml from 'sanitize-html';
import { memoizeString } from './memo.js';

const LINK_REL = 'nofollow noopener noreferrer';

/**
 * The allow-list remote HTML passes before it is stored (and again before render): the markup
 * Mastodon and friends send for statuses and bios, nothing that runs or styles. Links keep only
 * http(s)/mailto targets and always get rel="nofollow noopener noreferrer".
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'span', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'pre', 'code', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  allowedAttributes: { a: ['href', 'rel', 'class', 'translate'], span: ['class', 'translate'], ol: ['start', 'reversed'], li: ['value'] },
  // Mastodon's microformats and its link shortening (invisible/ellipsis) stay; arbitrary classes do not.
  allowedClasses: { a: ['mention', 'hashtag', 'u-url', 'h-card', 'status-link', 'unhandled-link'], span: ['h-card', 'mention', 'hashtag', 'invisible', 'ellipsis'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

export function sanitizeRemoteHtml(html: unknown): string {
  if (typeof html !== 'string' || html.length === 0) return '';
  return sanitizeHtml(html.length > 500_000 ? html.slice(0, 500_000) : html, OPTIONS);
}

const RICH: sanitizeHtml.IOptions = {
  ...OPTIONS,
  allowedTags: [...(OPTIONS.allowedTags as string[]), 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { ...OPTIONS.allowedAttributes, a: ['href', 'rel', 'class', 'translate', 'target'] },
};

/**
 * The allow-list with tables (a solution's results): for HTML we build ourselves from escaped
 * text and hand to Mastodon apps, passed through once more so no markup outside it can get out.
 */
export function sanitizeRichHtml(html: string): string {
  return html ? sanitizeHtml(html, RICH) : '';
}

const PLAIN: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard', nonTextTags: OPTIONS.nonTextTags };
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: '\u00a0' };

/**
 * Remote text that must be plain (an object's `name`): elements are removed, script and style
 * elements with their content, and the entities the sanitizer wrote are turned back into text.
 */
export function sanitizeRemotePlainText(text: unknown, maxLength = 1000): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  const stripped = sanitizeHtml(text.slice(0, maxLength * 4), PLAIN);
  return stripped.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  }).slice(0, maxLength);
}

/**
 * The passes made while rendering stored HTML (already sanitized when it was stored, so this is
 * the second line of defence), remembered for recent inputs: sanitizing is a pure function of
 * the string, and the same posts and solutions are rendered again on every page that lists them.
 * About 2,000 entries and 2M characters at most (a few MB).
 */
const RENDER_LIMITS = { entries: 2000, chars: 2_000_000, longest: 50_000 };
export const renderRemoteHtml = memoizeString((html) => sanitizeRemoteHtml(html), RENDER_LIMITS);
export const renderRichHtml = memoizeString((html) => sanitizeRichHtml(html), RENDER_LIMITS);
