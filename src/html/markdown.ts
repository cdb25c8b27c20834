import { escapeHtml } from './escape.js';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

function inline(text: string): string {
  // Escape first; then the few marks we render, on escaped text (so nothing can open a tag).
  let out = escapeHtml(text);
  out = out.replace(URL_RE, (url) => `<a href="${url}" rel="nofollow noopener noreferrer">${url}</a>`);
  out = out.replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>');
  out = out.replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?])/g, '$1<em>$2</em>');
  return out;
}

/**
 * The small Markdown subset free-text fields may use: paragraphs (blank line), line breaks,
 * "- " bullet lists, "1. " numbered lists, **bold**, _italic_ and bare http(s) links. Everything
 * else is text: the output contains no markup the input did not get from these rules.
 */
export function renderMarkdown(text: string): string {
  const blocks = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/).filter((b) => b.trim());
  return blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*[-*]\s+/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
    if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
    return `<p>${lines.map(inline).join('<br>')}</p>`;
  }).join('');
}
