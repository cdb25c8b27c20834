import sanitizeHtml from 'sanitize-html';

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
