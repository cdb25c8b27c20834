import { html, raw, type SafeHtml } from '../../../html/escape.js';
import { renderMarkdown } from '../../../html/markdown.js';
import { renderRemoteHtml } from '../../../html/sanitize.js';
import { languagesOf, textIn, type SolutionFields } from '../../../domain/solutions/model.js';
import type { SolutionPageData } from '../../../domain/solutions/pages.js';
import type { AdoptionRecord } from '../../../store/port.js';
import { viewerActsForAgency, type PageContext } from '../context.js';
import { isPublisher } from '../../../domain/accounts/roles.js';
import { renderPage } from '../components/layout.js';
import { button, csrfField, errorSummary, textArea, type FormErrors } from '../components/forms.js';
import { langWithin, resultLine, resultsTable, uiLangAttr } from '../components/results.js';
import { actorLink, langAttr, languageName, ownLanguageName, timeEl, valueLabel } from '../components/values.js';

/** The question form as typed: kept on an error, with the same idempotency key so a resend posts once. */
export interface QuestionState {
  text?: string;
  errors?: FormErrors;
  key: string;
}

/**
 * Which of the solution's languages its text is shown in: the one asked for (`?text=`), else the
 * page's when the solution has it, else its primary language.
 */
export function textLanguage(fields: Pick<SolutionFields, 'language' | 'translations'>, asked: string | undefined, pageLang: string): string {
  const langs = languagesOf(fields);
  if (asked && langs.includes(asked)) return asked;
  if (langs.includes(pageLang)) return pageLang;
  return fields.language;
}

function md(text: string | undefined): SafeHtml | '' {
  return text ? raw(renderMarkdown(text)) : '';
}

function tagLinks(ctx: PageContext, tags: string[] | undefined): SafeHtml | '' {
  if (!tags?.length) return '';
  return html`${tags.map((tag, i) => html`${i ? ' ' : ''}<a class="ds-link" href="${`/tags/${encodeURIComponent(tag.toLowerCase())}`}" rel="tag">#${tag}</a>`)}`;
}

function adoptionRow(ctx: PageContext, adoption: AdoptionRecord, adopter: SolutionPageData['adoptions'][number]['adopter']): SafeHtml {
  const { t } = ctx.tr;
  const status = (s: AdoptionRecord['status']) => valueLabel(ctx, 'adoptionStatus', s);
  const reports = adoption.history.length + 1;
  return html`<tr id="${`adoption-${adoption.id}`}">
<th scope="row">${actorLink(ctx, adopter)}</th>
<td><span class="badge">${status(adoption.status)}</span></td>
<td>${adoption.startedAt ? timeEl(ctx, adoption.startedAt) : ''}</td>
<td${langAttr(ctx, adoption.language)}>${adoption.note ? html`<p class="ds-paragraph">${adoption.note}</p>` : ''}${adoption.results.length ? html`<ul>${adoption.results.map((r) => html`<li>${resultLine(ctx, r)}</li>`)}</ul>` : ''}</td>
<td>${timeEl(ctx, adoption.at)}${adoption.history.length ? html`<br><span class="meta">${t('solution.adoptions.history', { count: reports, n: ctx.tr.number(reports), statuses: [...adoption.history.map((h) => status(h.status)), status(adoption.status)].join(' → ') })}</span>` : ''}</td>
</tr>`;
}

function questionForm(ctx: PageContext, d: SolutionPageData, q: QuestionState): SafeHtml {
  const { t } = ctx.tr;
  const id = d.record.id;
  if (!ctx.viewer) {
    const next = `/solutions/${id}#ask`;
    return html`<p class="ds-paragraph" id="ask"><a class="ds-link" href="${`/auth/sign_in?next=${encodeURIComponent(next)}`}">${t('solution.question.signIn')}</a></p>`;
  }
  const errors = q.errors ?? {};
  const agency = d.organisation?.displayName || d.organisation?.username || d.record.origin;
  return html`<form method="post" action="${`/solutions/${id}/questions`}" class="stack question-form" id="ask" novalidate>
${csrfField(ctx)}
<input type="hidden" name="key" value="${q.key}">
<h3 class="ds-heading" data-size="xs">${t('solution.question.title')}</h3>
${textArea(ctx, { name: 'text', label: t('solution.question.label'), hint: t('solution.question.hint', { agency }), value: q.text, rows: 4, required: true, error: errors.text })}
<div class="actions">${button(t('solution.question.submit'))}</div>
</form>`;
}

/** Change and delete, for whoever may do them (the domain checks again on submit). */
function authorActions(ctx: PageContext, d: SolutionPageData): SafeHtml | '' {
  const v = ctx.viewer;
  if (!v || !d.record.local) return '';
  const may = d.record.authorId === v.actor.id || v.user.role === 'admin' || v.user.role === 'moderator' || isPublisher(v.user);
  if (!may) return '';
  const { t } = ctx.tr;
  return html`<p class="ds-paragraph actions author-actions"><a class="ds-button" data-variant="secondary" href="${`/solutions/${d.record.id}/edit`}">${t('solution.author.edit')}</a>
<a class="ds-link" href="${`/solutions/${d.record.id}/delete`}">${t('solution.author.delete')}</a></p>`;
}

function adoptionActions(ctx: PageContext, d: SolutionPageData): SafeHtml | '' {
  const { t } = ctx.tr;
  if (d.record.local) return '';
  if (ctx.viewer && !viewerActsForAgency(ctx)) {
    return d.ours ? html`<p class="ds-paragraph">${t('solution.adoptions.ours', { status: valueLabel(ctx, 'adoptionStatus', d.ours.status), date: ctx.tr.date(d.ours.at) })}</p>` : html`<p class="ds-paragraph hint">${t('solution.adoptions.publishersOnly')}</p>`;
  }
  const href = `/solutions/${d.record.id}/adopt`;
  if (d.ours) {
    return html`<p class="ds-paragraph">${t('solution.adoptions.ours', { status: valueLabel(ctx, 'adoptionStatus', d.ours.status), date: ctx.tr.date(d.ours.at) })}
<a class="ds-link" href="${href}">${t('solution.adoptions.update')}</a></p>`;
  }
  return html`<p class="ds-paragraph"><a class="ds-button" data-variant="secondary" href="${href}">${t('solution.adoptions.report')}</a></p>`;
}

/**
 * The solution's public page (its `url`): readable without JavaScript, every structured field,
 * the results with the change computed, adopters with their outcomes, the questions and the
 * question form, the revision history. Labels are the page's language; the solution's own text
 * keeps its language and says so (`lang`). Text fields are escaped (or rendered from the Markdown
 * subset, which escapes first); reply HTML passes the allow-list sanitizer again here.
 */
export function solutionPage(ctx: PageContext, d: SolutionPageData, opts: { askedText?: string; question: QuestionState; preview?: boolean }): string {
  const { t } = ctx.tr;
  const f: SolutionFields = d.record.fields;
  const langs = languagesOf(f);
  const textLang = textLanguage(f, opts.askedText, ctx.lang);
  type TextField = 'title' | 'summary' | 'problem' | 'approach' | 'evidence';
  const text = (k: TextField) => textIn(f, k, textLang);
  // A translation may lack a field (it then shows the primary language's), and some fields are
  // never translated: each block says its own language when it is not the article's.
  const langOf = (k: TextField) => (textLang === f.language || f.translations?.[textLang]?.[k] ? textLang : f.language);
  const inArticle = (lang: string) => langWithin(lang, textLang);
  const primary = inArticle(f.language);
  const ui = uiLangAttr(ctx, textLang);
  const key = f.results?.[0];
  const base = `/solutions/${d.record.id}`;
  const errors = opts.question.errors ?? {};
  const section = (heading: string, content: SafeHtml | string) => html`<section><h2 class="ds-heading" data-size="sm"${ui}>${heading}</h2>${content}</section>`;
  const prose = (k: TextField) => html`<div class="prose"${inArticle(langOf(k))}>${md(text(k))}</div>`;

  const meta = html`<p class="ds-paragraph meta"${ui}>${t('solution.meta.sharedBy')} ${actorLink(ctx, d.organisation)}${d.author ? html` · ${t('solution.meta.writtenBy', { name: d.author.displayName || d.author.username })}` : ''}</p>
<p class="ds-paragraph meta"${ui}>${f.maturity ? html`<span class="badge">${valueLabel(ctx, 'maturity', f.maturity)}</span> · ` : ''}${t('solution.meta.published')} ${timeEl(ctx, d.record.publishedAt, false, 'dt-published')}${d.record.updatedAt ? html` · ${t('solution.meta.updated')} ${timeEl(ctx, d.record.updatedAt, false, 'dt-updated')}` : ''} · ${t('solution.meta.revision', { n: ctx.tr.number(d.record.revision) })}${d.record.local ? '' : html` · <a class="ds-link" href="${d.record.url ?? d.record.uri}">${t('solution.meta.original', { origin: d.record.origin })}</a>`}</p>`;

  const translations = langs.length > 1
    ? html`<nav class="langs" aria-label="${t('solution.translations')}"${ui}><span>${t('solution.translations')}:</span> <ul class="inline-list">${langs.map((l) => (l === textLang
      ? html`<li><span lang="${l}" aria-current="true"><strong>${ownLanguageName(l)}</strong></span></li>`
      : html`<li><a class="ds-link" href="${`${base}?text=${encodeURIComponent(l)}`}" lang="${l}" hreflang="${l}">${ownLanguageName(l)}</a></li>`))}</ul></nav>`
    : '';

  const costs = f.costs
    ? html`<p class="ds-paragraph">${ctx.tr.number(f.costs.amount, { style: 'currency', currency: f.costs.currency, minimumFractionDigits: 0 })}${f.costs.period ? html` <span${ui}>${valueLabel(ctx, 'costPeriod', f.costs.period)}</span>` : ''}${f.costs.note ? html`. <span${primary}>${f.costs.note}</span>` : ''}</p>`
    : '';

  const details = html`<dl class="fields"${ui}>
${f.targetGroups?.length ? html`<dt>${t('solution.details.targetGroups')}</dt><dd${langAttr(ctx, f.language)}>${f.targetGroups.join(', ')}</dd>` : ''}
${f.sectors?.length ? html`<dt>${t('solution.details.sectors')}</dt><dd>${f.sectors.map((s, i) => html`${i ? ', ' : ''}<a class="ds-link" href="${`/solutions?sector=${encodeURIComponent(s)}`}">${valueLabel(ctx, 'sector', s)}</a>`)}</dd>` : ''}
${f.tags?.length ? html`<dt>${t('solution.details.tags')}</dt><dd>${tagLinks(ctx, f.tags)}</dd>` : ''}
${f.startedAt ? html`<dt>${t('solution.details.startedAt')}</dt><dd>${timeEl(ctx, f.startedAt)}</dd>` : ''}
${f.licence ? html`<dt>${t('solution.details.licence')}</dt><dd>${f.licence === 'other' ? t('values.licence.other') : html`<a class="ds-link" href="${`https://spdx.org/licenses/${f.licence}.html`}">${f.licence}</a>`}</dd>` : ''}
<dt>${t('solution.details.languages')}</dt><dd>${langs.map((l) => languageName(l, ctx.lang)).join(', ')}</dd>
</dl>`;

  const contacts = f.contacts?.length
    ? html`<ul${primary}>${f.contacts.map((c) => html`<li>${c.name}${c.role ? `, ${c.role}` : ''}${c.email ? html` · <a class="ds-link" href="${`mailto:${c.email}`}">${c.email}</a>` : ''}${c.actor ? html` · ${/^https?:\/\//.test(c.actor) ? html`<a class="ds-link" href="${c.actor}">${c.actor}</a>` : c.actor}` : ''}</li>`)}</ul>`
    : '';

  const article = html`<article class="solution h-entry"${langAttr(ctx, textLang)}>
<header>
<h1 class="ds-heading p-name" data-size="xl"${inArticle(langOf('title'))}>${text('title')}</h1>
${meta}
${opts.preview ? '' : authorActions(ctx, d)}
${translations}
</header>
<p class="ds-paragraph p-summary" data-size="lg"${inArticle(langOf('summary'))}>${text('summary')}</p>
${key ? html`<p class="ds-paragraph key"${primary}>${resultLine(ctx, key)}</p>` : ''}
${section(t('solution.sections.problem'), prose('problem'))}
${section(t('solution.sections.approach'), prose('approach'))}
${section(t('solution.sections.results'), f.results?.length ? resultsTable(ctx, f.results, f.language, textLang) : html`<p class="ds-paragraph"${ui}>${t('solution.results.none')}</p>`)}
${text('evidence') ? section(t('solution.sections.evidence'), prose('evidence')) : ''}
${f.resources ? section(t('solution.sections.resources'), html`<div class="prose"${primary}>${md(f.resources)}</div>`) : ''}
${f.costs ? section(t('solution.sections.costs'), costs) : ''}
${section(t('solution.sections.details'), details)}
${f.contacts?.length ? section(t('solution.sections.contacts'), contacts) : ''}
${f.links?.length ? section(t('solution.sections.links'), html`<ul${primary}>${f.links.map((l) => html`<li><a class="ds-link" href="${l.href}" rel="nofollow noopener noreferrer">${l.title}</a>${l.rel ? html` <span${langWithin(ctx.lang, f.language)}>(${valueLabel(ctx, 'linkRel', l.rel)})</span>` : ''}</li>`)}</ul>`) : ''}
${f.attachments?.length ? section(t('solution.sections.attachments'), html`<ul${primary}>${f.attachments.map((a) => html`<li><a class="ds-link" href="${a.url}" rel="nofollow noopener noreferrer">${a.name}</a> (${a.mediaType})</li>`)}</ul>`) : ''}
${f.relatedTo?.length ? section(t('solution.sections.related'), html`<ul>${f.relatedTo.map((u) => html`<li><a class="ds-link" href="${u}">${u}</a></li>`)}</ul>`) : ''}
</article>`;

  const adoptions = html`<section id="adoptions">
<h2 class="ds-heading" data-size="md" id="adoptions-heading">${t('solution.adoptions.heading', { n: ctx.tr.number(d.adoptions.length) })}</h2>
${opts.preview ? '' : adoptionActions(ctx, d)}
${d.adoptions.length
    ? html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="adoptions-heading"><table class="ds-table adoptions"><thead><tr><th scope="col">${t('solution.adoptions.agency')}</th><th scope="col">${t('solution.adoptions.status')}</th><th scope="col">${t('solution.adoptions.since')}</th><th scope="col">${t('solution.adoptions.outcome')}</th><th scope="col">${t('solution.adoptions.reported')}</th></tr></thead>
<tbody>${d.adoptions.map(({ adoption, adopter }) => adoptionRow(ctx, adoption, adopter))}</tbody></table></div>`
    : html`<p class="ds-paragraph">${t('solution.adoptions.none')}</p>`}
</section>`;

  const discussion = html`<section id="discussion">
<h2 class="ds-heading" data-size="md">${t('solution.discussion.heading', { n: ctx.tr.number(d.replies.length) })}</h2>
${d.replies.length
    ? d.replies.map(({ object: o, author }) => html`<article class="reply" id="${`reply-${o.id}`}"${langAttr(ctx, o.language)}>
<p class="ds-paragraph meta"${uiLangAttr(ctx, o.language)}>${actorLink(ctx, author)} · <a class="ds-link" href="${o.url ?? o.uri}">${timeEl(ctx, o.publishedAt, true)}</a></p>
<div class="reply-content">${raw(renderRemoteHtml(String(o.data.content ?? '')))}</div>
</article>`)
    : html`<p class="ds-paragraph">${t('solution.discussion.none')}</p>`}
${opts.preview ? '' : questionForm(ctx, d, opts.question)}
${opts.preview ? '' : html`<p class="ds-paragraph hint">${t('solution.discussion.fediverse')} <code>${d.record.uri}</code></p>`}
</section>`;

  const revisions = html`<section id="revisions">
<h2 class="ds-heading" data-size="md">${t('solution.revisions.heading')}</h2>
<ol>${d.revisions.map((r) => html`<li value="${r.revision}">${t('solution.revisions.item', { n: ctx.tr.number(r.revision) })}: ${timeEl(ctx, r.at, true)}</li>`)}</ol>
</section>`;

  const body = html`${errorSummary(ctx, errors)}
${article}
${adoptions}
${discussion}
${revisions}
${opts.preview ? '' : html`<p class="ds-paragraph meta">${t('solution.wire.id')} <code>${d.record.uri}</code> · <a class="ds-link" href="${`/api/v1/solutions/${d.record.id}`}">${t('solution.wire.json')}</a></p>`}`;

  const description = [text('summary'), key ? resultLine(ctx, key) : ''].filter(Boolean).join(' ');
  const head = html`<link rel="alternate" type="application/activity+json" href="${d.record.uri}">
<meta property="og:type" content="article"><meta property="og:title" content="${text('title')}"><meta property="og:description" content="${description}">
<meta property="og:url" content="${d.record.url ?? d.record.uri}"><meta name="description" content="${description}">`;
  return renderPage(ctx, { title: text('title') ?? f.title, body, head, section: 'solutions', hasErrors: Object.keys(errors).length > 0 });
}
