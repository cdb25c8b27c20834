import type { Actor, AdoptionRecord, SolutionRecord, SolutionRevision, SolutionSearchResult, StoredObject } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';
import { html, raw, type SafeHtml } from '../../html/escape.js';
import { renderMarkdown } from '../../html/markdown.js';
import { sanitizeRemoteHtml } from '../../html/sanitize.js';
import { languagesOf, textIn, type Result, type SolutionFields } from '../../domain/solutions/model.js';
import { change, formatNumber, label, maturityWord, resultLine, statusWord } from '../../domain/solutions/present.js';
import { renderPage } from './components/layout.js';
import type { PageContext } from './context.js';

export interface SolutionPageData {
  record: SolutionRecord;
  organisation: Actor | undefined;
  author: Actor | undefined;
  adoptions: Array<{ adoption: AdoptionRecord; adopter: Actor | undefined }>;
  replies: Array<{ object: StoredObject; author: Actor | undefined }>;
  revisions: SolutionRevision[];
  lang: string;
}

function handleOf(deps: Deps, a: Actor | undefined): string {
  return a ? `@${a.username}@${a.domain ?? deps.urls.host}` : 'unknown';
}

function actorLink(deps: Deps, a: Actor | undefined): SafeHtml {
  if (!a) return html`unknown`;
  const href = a.domain ? (a.url ?? a.uri) : deps.urls.profile(a.username);
  return html`<a href="${href}">${a.displayName || a.username}</a> <span class="handle">${handleOf(deps, a)}</span>`;
}

function resultsTable(results: Result[], lang: string): SafeHtml {
  return html`<table class="results"><thead><tr><th>${label(lang, 'metric')}</th><th>${label(lang, 'baseline')}</th><th>${label(lang, 'value')}</th><th>${label(lang, 'change')}</th><th>${label(lang, 'period')}</th><th>${label(lang, 'method')}</th><th>${label(lang, 'source')}</th></tr></thead><tbody>
${results.map((r) => html`<tr><td>${r.metric}</td><td class="num">${r.baseline !== undefined ? `${formatNumber(r.baseline, lang)}${r.unit ? ` ${r.unit}` : ''}` : ''}</td><td class="num">${formatNumber(r.value, lang)}${r.unit ? ` ${r.unit}` : ''}</td><td class="num">${change(r, lang) ?? ''}</td><td>${r.period ?? ''}${r.sampleSize !== undefined ? ` (n = ${formatNumber(r.sampleSize, lang)})` : ''}</td><td>${r.method ?? ''}</td><td>${r.source ? html`<a href="${r.source}" rel="nofollow noopener noreferrer">${label(lang, 'source')}</a>` : ''}</td></tr>`)}
</tbody></table>`;
}

function md(text: string | undefined): SafeHtml | '' {
  return text ? raw(renderMarkdown(text)) : '';
}

function tagLinks(deps: Deps, tags: string[] | undefined): SafeHtml | '' {
  if (!tags?.length) return '';
  return html`${tags.map((t, i) => html`${i ? ' ' : ''}<a href="${`${deps.urls.base}/tags/${encodeURIComponent(t.toLowerCase())}`}" rel="tag">#${t}</a>`)}`;
}

/**
 * The solution's public page (its `url`): readable without JavaScript, every structured field,
 * the results table with computed change, adopters with their outcomes, the discussion thread and
 * the revision history. Text fields are escaped (or rendered from the Markdown subset, which
 * escapes first); remote reply HTML passes the allow-list sanitizer again here.
 */
export function renderSolutionPage(ctx: PageContext, d: SolutionPageData): string {
  const deps = ctx.deps;
  const f: SolutionFields = d.record.fields;
  const langs = languagesOf(f);
  const lang = langs.includes(d.lang) ? d.lang : f.language;
  const t = (k: 'title' | 'summary' | 'problem' | 'approach' | 'evidence') => textIn(f, k, lang);
  const key = f.results?.[0];
  const self = d.record.local ? d.record.url ?? d.record.uri : `${deps.urls.base}/solutions/${d.record.id}`;
  const adoptionRows = d.adoptions.map(({ adoption: a, adopter }) => html`<tr id="adoption-${a.id}"><td>${actorLink(deps, adopter)}</td><td><span class="badge">${statusWord(a.status)}</span></td><td>${a.startedAt ?? ''}</td><td>${a.note}${a.results.length ? html`<ul>${a.results.map((r) => html`<li>${resultLine(r, a.language ?? 'en')}</li>`)}</ul>` : ''}</td><td>${a.at.slice(0, 10)}${a.history.length ? ` (${a.history.length + 1} reports: ${[...a.history.map((h) => statusWord(h.status)), statusWord(a.status)].join(' → ')})` : ''}</td></tr>`);
  const body = html`<article class="solution h-entry" lang="${lang}">
<h1 class="p-name">${t('title')}</h1>
<p class="meta">${actorLink(deps, d.organisation)}${d.author ? html` · ${d.author.displayName || d.author.username}` : ''}
${f.maturity ? html` · <span class="badge">${maturityWord(f.maturity, lang)}</span>` : ''}
· published <time class="dt-published" datetime="${d.record.publishedAt}">${d.record.publishedAt.slice(0, 10)}</time>${d.record.updatedAt ? html` · updated <time datetime="${d.record.updatedAt}">${d.record.updatedAt.slice(0, 10)}</time>` : ''} · revision ${d.record.revision}
${d.record.local ? '' : html` · from <a href="${d.record.url ?? d.record.uri}">${d.record.origin}</a>`}</p>
${langs.length > 1 ? html`<p class="langs">${langs.map((l) => (l === lang ? html`<strong>${l}</strong> ` : html`<a href="${`${self}?lang=${l}`}" hreflang="${l}">${l}</a> `))}</p>` : ''}
<p class="p-summary">${t('summary')}</p>
${key ? html`<p class="key">${resultLine(key, f.language)}</p>` : ''}
<section><h2>${label(lang, 'problem')}</h2>${md(t('problem'))}</section>
<section><h2>${label(lang, 'approach')}</h2>${md(t('approach'))}</section>
<section><h2>${label(lang, 'results')}</h2>${f.results?.length ? resultsTable(f.results, lang) : html`<p>${label(lang, 'noResults')}</p>`}</section>
${t('evidence') ? html`<section><h2>${label(lang, 'evidence')}</h2>${md(t('evidence'))}</section>` : ''}
${f.resources ? html`<section><h2>${label(lang, 'resources')}</h2>${md(f.resources)}</section>` : ''}
${f.costs ? html`<section><h2>${label(lang, 'costs')}</h2><p>${formatNumber(f.costs.amount, lang)} ${f.costs.currency}${f.costs.period ? ` / ${f.costs.period}` : ''}${f.costs.note ? html`. ${f.costs.note}` : ''}</p></section>` : ''}
<section><h2>Details</h2><dl class="fields">
${f.targetGroups?.length ? html`<dt>${label(lang, 'targetGroups')}</dt><dd>${f.targetGroups.join(', ')}</dd>` : ''}
${f.sectors?.length ? html`<dt>Sectors</dt><dd>${f.sectors.map((s, i) => html`${i ? ', ' : ''}<a href="${`${deps.urls.base}/solutions?sector=${encodeURIComponent(s)}`}">${s}</a>`)}</dd>` : ''}
${f.tags?.length ? html`<dt>Tags</dt><dd>${tagLinks(deps, f.tags)}</dd>` : ''}
${f.startedAt ? html`<dt>Started</dt><dd>${f.startedAt}</dd>` : ''}
${f.licence ? html`<dt>Licence</dt><dd>${f.licence === 'other' ? 'other terms (ask the contact)' : html`<a href="${`https://spdx.org/licenses/${f.licence}.html`}">${f.licence}</a>`}</dd>` : ''}
<dt>Languages</dt><dd>${langs.join(', ')}</dd>
</dl></section>
${f.contacts?.length ? html`<section><h2>${label(lang, 'contacts')}</h2><ul>${f.contacts.map((c) => html`<li>${c.name}${c.role ? `, ${c.role}` : ''}${c.email ? html` · <a href="${`mailto:${c.email}`}">${c.email}</a>` : ''}${c.actor ? html` · ${/^https?:\/\//.test(c.actor) ? html`<a href="${c.actor}">${c.actor}</a>` : c.actor}` : ''}</li>`)}</ul></section>` : ''}
${f.links?.length ? html`<section><h2>Links</h2><ul>${f.links.map((l) => html`<li><a href="${l.href}" rel="nofollow noopener noreferrer">${l.title}</a>${l.rel ? ` (${l.rel})` : ''}</li>`)}</ul></section>` : ''}
${f.attachments?.length ? html`<section><h2>Attachments</h2><ul>${f.attachments.map((a) => html`<li><a href="${a.url}" rel="nofollow noopener noreferrer">${a.name}</a> (${a.mediaType})</li>`)}</ul></section>` : ''}
${f.relatedTo?.length ? html`<section><h2>Related</h2><ul>${f.relatedTo.map((u) => html`<li><a href="${u}">${u}</a></li>`)}</ul></section>` : ''}
<section id="adoptions"><h2>Adopted by (${d.adoptions.length})</h2>${d.adoptions.length
    ? html`<table class="adoptions"><thead><tr><th>Agency</th><th>Status</th><th>Since</th><th>Outcome</th><th>Reported</th></tr></thead><tbody>${adoptionRows}</tbody></table>`
    : html`<p>No agency has reported adopting this yet.</p>`}</section>
<section id="discussion"><h2>Questions and discussion (${d.replies.length})</h2>
${d.replies.map(({ object: o, author }) => html`<div class="reply" id="reply-${o.id}"><p class="meta">${actorLink(deps, author)} · <a href="${o.url ?? o.uri}">${o.publishedAt.slice(0, 16).replace('T', ' ')}</a></p>${raw(sanitizeRemoteHtml(String(o.data.content ?? '')))}</div>`)}
<p>Ask a question or comment from any fediverse account (Mastodon, GoToSocial, Misskey, another Samspil): search for <code>${d.record.uri}</code> and reply.</p>
</section>
<section id="revisions"><h2>Revision history</h2><ol>${d.revisions.map((r) => html`<li value="${r.revision}">revision ${r.revision}: ${r.at.slice(0, 16).replace('T', ' ')} UTC</li>`)}</ol></section>
<p class="meta">As ActivityPub: <code>${d.record.uri}</code> · <a href="${`${deps.urls.base}/api/v1/solutions/${d.record.id}`}">JSON</a></p>
</article>`;
  const description = [t('summary'), key ? resultLine(key, f.language) : ''].filter(Boolean).join(' ');
  const head = html`<link rel="alternate" type="application/activity+json" href="${d.record.uri}">
<meta property="og:type" content="article"><meta property="og:title" content="${t('title')}"><meta property="og:description" content="${description}">
<meta property="og:url" content="${d.record.url ?? d.record.uri}"><meta name="description" content="${description}">`;
  return renderPage(ctx, { title: t('title') ?? f.title, body, head, section: 'solutions' });
}

export function renderGonePage(ctx: PageContext): string {
  const { t } = ctx.tr;
  return renderPage(ctx, { title: t('errors.gone.title'), body: html`<h1 class="ds-heading" data-size="lg">${t('errors.gone.title')}</h1><p class="ds-paragraph">${t('errors.gone.text')}</p>` });
}

const FACET_TITLES: Record<string, string> = { sector: 'Sector', language: 'Language', maturity: 'Maturity', origin: 'Instance', tag: 'Tag' };

/** The catalogue: search form, facets as plain links, hits; local and federated alike. */
export function renderCataloguePage(ctx: PageContext, opts: { title: string; params: Record<string, string>; result: SolutionSearchResult; lookup: (r: SolutionRecord) => string; organisations: Map<string, Actor> }): string {
  const deps = ctx.deps;
  const { result, params } = opts;
  const qs = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, ...extra })) if (v) p.set(k, v);
    p.delete('offset');
    return `${deps.urls.base}/solutions?${p.toString()}`;
  };
  const body = html`<h1>${opts.title}</h1>
<form class="search" method="get" action="${`${deps.urls.base}/solutions`}"><input type="search" name="q" value="${params.q ?? ''}" placeholder="Search problems, approaches, results (any language)"> <button type="submit">Search</button></form>
<div class="facets">${(Object.keys(result.facets) as Array<keyof SolutionSearchResult['facets']>).filter((k) => result.facets[k].length).map((k) => html`<div><strong>${FACET_TITLES[k]}</strong><ul>${result.facets[k].map((fc) => html`<li>${params[k] === fc.value ? html`<strong>${fc.value}</strong> (${fc.count}) <a href="${qs({ [k]: undefined })}">×</a>` : html`<a href="${qs({ [k]: fc.value })}">${fc.value}</a> (${fc.count})`}</li>`)}</ul></div>`)}</div>
<p>${result.total} solution${result.total === 1 ? '' : 's'}</p>
${result.items.map((r) => html`<div class="hit"><h3><a href="${opts.lookup(r)}">${r.fields.title}</a></h3><p class="meta">${opts.organisations.get(r.actorId)?.displayName ?? r.origin} · ${r.origin}${r.fields.maturity ? html` · <span class="badge">${maturityWord(r.fields.maturity, r.fields.language)}</span>` : ''} · ${languagesOf(r.fields).join(', ')}</p><p>${r.fields.summary}</p>${r.fields.results?.[0] ? html`<p class="key">${resultLine(r.fields.results[0], r.fields.language)}</p>` : ''}<p>${tagLinks(deps, r.fields.tags)}</p></div>`)}`;
  return renderPage(ctx, { title: opts.title, body, section: 'solutions' });
}
