import type { SolutionFields } from '../../../domain/solutions/model.js';
import { textIn } from '../../../domain/solutions/model.js';
import { formatNumber, label } from '../../../domain/solutions/present.js';
import { escapeHtml } from '../../../html/escape.js';
import { renderMarkdown } from '../../../html/markdown.js';
import { renderRichHtml } from '../../../html/sanitize.js';

const e = escapeHtml;

/** A link only for http(s) and mailto targets; anything else stays text. */
function link(href: string, text: string): string {
  return /^(https?:\/\/|mailto:)/i.test(href) ? `<a href="${e(href)}" target="_blank" rel="nofollow noopener noreferrer">${e(text)}</a>` : e(text);
}

/**
 * A solution as the `content` of its status in the client API: the whole record, not only what
 * Mastodon's own rendering of an Article keeps (title, summary, link). Built from the structured
 * fields (local, or read from a remote Article's extension terms, which are plain text), every
 * text escaped or rendered by the escaping Markdown subset, then passed through the allow-list
 * sanitizer as a second line of defence. Remote `content` HTML is never used here.
 */
export function solutionStatusHtml(fields: SolutionFields, url: string, tagUrl: (tag: string) => string): string {
  const lang = fields.language;
  const parts: string[] = [`<h2>${e(fields.title)}</h2>`, `<p>${e(fields.summary)}</p>`];
  const section = (title: string, body: string | undefined) => {
    if (body) parts.push(`<h3>${e(title)}</h3>${body}`);
  };
  const md = (f: 'problem' | 'approach' | 'evidence') => {
    const t = textIn(fields, f, lang);
    return t ? renderMarkdown(t) : undefined;
  };
  section(label(lang, 'problem'), md('problem'));
  section(label(lang, 'approach'), md('approach'));
  const results = fields.results ?? [];
  section(label(lang, 'results'), results.length
    ? `<table><thead><tr><th>${e(label(lang, 'metric'))}</th><th>${e(label(lang, 'baseline'))}</th><th>${e(label(lang, 'value'))}</th><th>${e(label(lang, 'period'))}</th><th>${e(label(lang, 'method'))}</th></tr></thead><tbody>`
      + results.map((r) => {
        const unit = r.unit ? ` ${r.unit}` : '';
        const cell = (n: number | undefined) => (n === undefined ? '' : `${formatNumber(n, lang)}${unit}`);
        const method = [r.method, r.sampleSize !== undefined ? `n = ${formatNumber(r.sampleSize, lang)}` : undefined].filter(Boolean).join(', ');
        return `<tr><td>${e(r.metric)}</td><td>${e(cell(r.baseline))}</td><td>${e(cell(r.value))}</td><td>${e(r.period ?? '')}</td><td>${r.source ? link(r.source, method || r.source) : e(method)}</td></tr>`;
      }).join('')
      + '</tbody></table>'
    : `<p>${e(label(lang, 'noResults'))}</p>`);
  section(label(lang, 'evidence'), md('evidence'));
  section(label(lang, 'targetGroups'), fields.targetGroups?.length ? `<p>${fields.targetGroups.map(e).join(', ')}</p>` : undefined);
  section(label(lang, 'resources'), fields.resources ? renderMarkdown(fields.resources) : undefined);
  section(label(lang, 'costs'), fields.costs
    ? `<p>${e([`${formatNumber(fields.costs.amount, lang)} ${fields.costs.currency}`, fields.costs.period, fields.costs.note].filter(Boolean).join(', '))}</p>`
    : undefined);
  section(label(lang, 'contacts'), fields.contacts?.length
    ? `<ul>${fields.contacts.map((c) => {
      const who = e([c.name, c.role].filter(Boolean).join(', '));
      const ways = [c.email ? link(`mailto:${c.email}`, c.email) : '', c.actor ? (/^https?:\/\//.test(c.actor) ? link(c.actor, c.actor) : e(c.actor)) : ''].filter(Boolean);
      return `<li>${who}${ways.length ? ` (${ways.join(', ')})` : ''}</li>`;
    }).join('')}</ul>`
    : undefined);
  section(label(lang, 'source'), fields.links?.length ? `<ul>${fields.links.map((l) => `<li>${link(l.href, l.title)}</li>`).join('')}</ul>` : undefined);
  if (fields.tags?.length) parts.push(`<p>${fields.tags.map((t) => `<a href="${e(tagUrl(t))}" class="mention hashtag" rel="tag">#<span>${e(t)}</span></a>`).join(' ')}</p>`);
  parts.push(`<p>${link(url, label(lang, 'readMore'))}</p>`);
  return renderRichHtml(parts.join(''));
}
