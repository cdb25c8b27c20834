import { escapeHtml } from '../../html/escape.js';

export interface MentionRef {
  /** As written, without the leading '@': `user` or `user@host`. */
  handle: string;
  username: string;
  host: string | null;
}

// After a space, line start or opening bracket, like Mastodon's Account::MENTION_RE and Tag::HASHTAG_RE.
const MENTION = /(^|[\s(])@([a-zA-Z0-9_]+)(?:@([a-zA-Z0-9.-]+(?::\d+)?[a-zA-Z0-9]))?/g;
const HASHTAG = /(^|[\s(])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;
const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;

export function parseMentions(text: string): MentionRef[] {
  const seen = new Map<string, MentionRef>();
  for (const m of text.matchAll(MENTION)) {
    const username = m[2]!;
    const host = m[3]?.toLowerCase() ?? null;
    const handle = host ? `${username}@${host}` : username;
    if (!seen.has(handle.toLowerCase())) seen.set(handle.toLowerCase(), { handle, username, host });
  }
  return [...seen.values()];
}

export function parseHashtags(text: string): string[] {
  const seen = new Map<string, string>();
  for (const m of text.matchAll(HASHTAG)) if (!seen.has(m[2]!.toLowerCase())) seen.set(m[2]!.toLowerCase(), m[2]!.slice(0, 100));
  return [...seen.values()];
}

export interface LinkTargets {
  /** Profile URL of a mentioned handle (lower-cased handle), when the account is known. */
  mention(handleLower: string): string | undefined;
  tagUrl(tag: string): string;
}

/**
 * Plain text -> Mastodon's status HTML: escaped, paragraphs on blank lines, <br> for newlines, and
 * links, mentions and hashtags marked up as Mastodon's formatter does (apps style them by class).
 */
export function statusHtml(text: string, links: LinkTargets): string {
  const paragraph = (p: string) => {
    const parts: string[] = [];
    let last = 0;
    const tokens: Array<{ start: number; end: number; html: string }> = [];
    for (const m of p.matchAll(URL_RE)) tokens.push({ start: m.index!, end: m.index! + m[0].length, html: `<a href="${escapeHtml(m[0])}" target="_blank" rel="nofollow noopener" translate="no">${escapeHtml(m[0])}</a>` });
    const free = (s: number, e: number) => tokens.every((t) => e <= t.start || s >= t.end);
    for (const m of p.matchAll(MENTION)) {
      const start = m.index! + m[1]!.length;
      const end = m.index! + m[0].length;
      const handle = (m[3] ? `${m[2]}@${m[3]}` : m[2]!).toLowerCase();
      const href = links.mention(handle);
      if (href && free(start, end)) tokens.push({ start, end, html: `<span class="h-card" translate="no"><a href="${escapeHtml(href)}" class="u-url mention">@<span>${escapeHtml(m[2]!)}</span></a></span>` });
    }
    for (const m of p.matchAll(HASHTAG)) {
      const start = m.index! + m[1]!.length;
      const end = m.index! + m[0].length;
      if (free(start, end)) tokens.push({ start, end, html: `<a href="${escapeHtml(links.tagUrl(m[2]!))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(m[2]!)}</span></a>` });
    }
    tokens.sort((a, b) => a.start - b.start);
    for (const t of tokens) {
      parts.push(escapeHtml(p.slice(last, t.start)).replace(/\n/g, '<br>'), t.html);
      last = t.end;
    }
    parts.push(escapeHtml(p.slice(last)).replace(/\n/g, '<br>'));
    return `<p>${parts.join('')}</p>`;
  };
  return text.trim().split(/\n{2,}/).map(paragraph).join('');
}
