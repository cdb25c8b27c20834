import { escapeHtml } from './escape.js';

// http(s) URLs up to whitespace or a closing bracket; trailing sentence punctuation is not part of the link.
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]}]+$/;

function linkify(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(URL_RE)) {
    let url = match[0];
    const trail = TRAILING.exec(url)?.[0] ?? '';
    url = url.slice(0, url.length - trail.length);
    out += escapeHtml(line.slice(last, match.index)) + `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

/**
 * Plain text as Mastodon renders a profile note: blank lines split paragraphs, single newlines become
 * <br>, http(s) URLs become links, everything else is escaped.
 */
export function plainTextToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/).filter((p) => p.trim());
  return paragraphs.map((p) => `<p>${p.split('\n').map(linkify).join('<br>')}</p>`).join('');
}

/** A single line (profile field value): escaped and linkified, no paragraph. */
export function plainLineToHtml(text: string): string {
  return linkify(text.replace(/[\r\n]+/g, ' '));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** The reverse for HTML we rendered ourselves (and a fair reading of other simple HTML). */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .trim();
}
