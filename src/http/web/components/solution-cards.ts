import { html, type SafeHtml } from '../../../html/escape.js';
import type { Actor, SolutionRecord } from '../../../store/port.js';
import type { SolutionFields } from '../../../domain/solutions/model.js';
import type { PageContext } from '../context.js';

/** The language a solution is shown in on this page: the page's when it has a translation, else its own. */
export function displayLang(fields: Pick<SolutionFields, 'language' | 'translations'>, pageLang: string): string {
  if (fields.language === pageLang || fields.translations?.[pageLang]?.title) return pageLang;
  return fields.language;
}

/** Title and summary in one language: a summary from another language would need another `lang`. */
export function solutionText(fields: SolutionFields, lang: string): { title: string; summary: string } {
  if (lang === fields.language) return { title: fields.title, summary: fields.summary };
  const tr = fields.translations?.[lang];
  if (!tr?.title) return { title: fields.title, summary: fields.summary };
  return { title: tr.title, summary: tr.summary ?? '' };
}

export function handleOf(ctx: Pick<PageContext, 'deps'>, actor: Actor): string {
  return `@${actor.username}@${actor.domain ?? ctx.deps.urls.host}`;
}

export function agencyName(actor: Actor | undefined): string {
  return actor ? actor.displayName || actor.username : '';
}

/** Where a person reads about an agency: its own profile page, here or at home. */
export function agencyHref(ctx: Pick<PageContext, 'deps'>, actor: Actor): string {
  return actor.domain ? (actor.url ?? actor.uri) : ctx.deps.urls.profile(actor.username);
}

export const solutionHref = (s: Pick<SolutionRecord, 'id'>) => `/solutions/${encodeURIComponent(s.id)}`;

/** A solution's title as a link, in its own language (with `lang` when that is not the page's). */
export function solutionLink(ctx: PageContext, s: SolutionRecord): SafeHtml {
  const lang = displayLang(s.fields, ctx.lang);
  return html`<a class="ds-link" href="${solutionHref(s)}"${lang !== ctx.lang ? html` lang="${lang}"` : ''}>${solutionText(s.fields, lang).title}</a>`;
}

/**
 * One solution in a list: title and summary in the solution's language, then who and when in
 * the page's. `extra` is a line in the page's language (e.g. how many adopted it).
 */
export function solutionCard(ctx: PageContext, s: SolutionRecord, organisation: Actor | undefined, extra?: string): SafeHtml {
  const lang = displayLang(s.fields, ctx.lang);
  const text = solutionText(s.fields, lang);
  const other = lang !== ctx.lang ? html` lang="${lang}"` : '';
  return html`<li class="solution-card">
<h3 class="ds-heading" data-size="2xs"><a class="ds-link" href="${solutionHref(s)}"${other}>${text.title}</a></h3>
${text.summary ? html`<p class="ds-paragraph" data-size="sm"${other}>${text.summary}</p>` : ''}
<p class="ds-paragraph meta" data-size="sm">${organisation ? html`${agencyName(organisation)} · ` : ''}<time datetime="${s.publishedAt}">${ctx.tr.date(s.publishedAt)}</time></p>
${extra ? html`<p class="ds-paragraph" data-size="sm"><strong>${extra}</strong></p>` : ''}
</li>`;
}

export function solutionCards(ctx: PageContext, items: Array<{ solution: SolutionRecord; organisation: Actor | undefined; extra?: string }>): SafeHtml {
  return html`<ul class="cards">${items.map((i) => solutionCard(ctx, i.solution, i.organisation, i.extra))}</ul>`;
}

/** The count that goes with a plural key, formatted in the page's language as {{n}}. */
export function counted(ctx: PageContext, key: string, count: number, vars: Record<string, unknown> = {}): string {
  return ctx.tr.t(key, { count, n: ctx.tr.number(count), ...vars });
}
