import { html, type SafeHtml } from '../../../html/escape.js';
import { languagesOf, textIn } from '../../../domain/solutions/model.js';
import type { Actor, FacetName, SolutionRecord, SolutionSearchResult } from '../../../store/port.js';
import { SEARCH_BOUNDS } from '../../../store/port/solutions.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, textField } from '../components/forms.js';
import { resultLine } from '../components/results.js';
import { langAttr, languageName, valueLabel } from '../components/values.js';
import { textLanguage } from './solution.js';

/** The filters a catalogue URL can carry, one value each (facet links set one). */
export const CATALOGUE_PARAMS = ['q', 'sector', 'language', 'maturity', 'origin', 'tag'] as const;
export type CatalogueParams = Partial<Record<(typeof CATALOGUE_PARAMS)[number], string>>;

export interface CatalogueState {
  /** The page's own heading: "Solutions", or "#jobcenter" on a tag page. */
  title: string;
  /** Where pagination links go (/solutions or /tags/x); facet and search links always go to /solutions. */
  path: string;
  /** Filters fixed by the path (the tag of a tag page): kept in every link, not shown as removable. */
  fixed: CatalogueParams;
  params: CatalogueParams;
  result: SolutionSearchResult;
  organisations: Map<string, Actor>;
  offset: number;
  limit: number;
}

/** parseSolutionQuery's page size when none is asked for. */
const DEFAULT_LIMIT = 20;

const FACET_ORDER: FacetName[] = ['sector', 'maturity', 'language', 'origin', 'tag'];

function facetValue(ctx: PageContext, facet: FacetName, value: string): string {
  switch (facet) {
    case 'sector': return valueLabel(ctx, 'sector', value);
    case 'maturity': return valueLabel(ctx, 'maturity', value);
    case 'language': return languageName(value, ctx.lang);
    case 'tag': return `#${value}`;
    default: return value;
  }
}

function link(path: string, params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const q = p.toString();
  return q ? `${path}?${q}` : path;
}

function hit(ctx: PageContext, r: SolutionRecord, organisation: Actor | undefined): SafeHtml {
  const { t } = ctx.tr;
  const f = r.fields;
  const lang = textLanguage(f, undefined, ctx.lang);
  const key = f.results?.[0];
  return html`<li class="hit">
<h3 class="ds-heading" data-size="xs"${langAttr(ctx, lang)}><a class="ds-link" href="${`/solutions/${r.id}`}">${textIn(f, 'title', lang)}</a></h3>
<p class="ds-paragraph meta">${organisation?.displayName || organisation?.username || r.origin} · ${r.origin}${f.maturity ? html` · <span class="badge">${valueLabel(ctx, 'maturity', f.maturity)}</span>` : ''} · ${t('catalogue.languages')}: ${languagesOf(f).map((l) => languageName(l, ctx.lang)).join(', ')}</p>
<p class="ds-paragraph"${langAttr(ctx, lang)}>${textIn(f, 'summary', lang)}</p>
${key ? html`<p class="ds-paragraph key"${langAttr(ctx, f.language)}>${resultLine(ctx, key)}</p>` : ''}
</li>`;
}

/**
 * The catalogue and the tag pages: a labelled search field, facets with the page's words for
 * their values and counts, the matches, and pages of 20 with links that say where they lead.
 * Local and federated solutions alike; everything is a link or a GET form.
 */
export function cataloguePage(ctx: PageContext, s: CatalogueState): string {
  const { t } = ctx.tr;
  const { result, params } = s;
  const all = { ...params, ...s.fixed };
  const facets = FACET_ORDER.filter((k) => result.facets[k]?.length);
  const pages = Math.max(1, Math.ceil(result.total / s.limit));
  const page = Math.floor(s.offset / s.limit) + 1;
  // Past the store's bounds the total and facet counts are lower bounds (SolutionSearchResult): said so, never shown as exact.
  const more = !result.totalExact;
  const pageLabel = (n: number) => (more ? t('catalogue.pages.pageOfMore', { page: n, pages }) : t('catalogue.pages.page', { page: n, pages }));
  const sampled = facets.some((k) => !result.facetsExact[k]);
  // A page size asked for in the URL stays for every page; the default is not written out.
  const pageLink = (offset: number) => link(s.path, { ...params, limit: s.limit !== DEFAULT_LIMIT ? String(s.limit) : undefined, offset: offset > 0 ? String(offset) : undefined });

  const search = html`<form method="get" action="/solutions" class="search-row" role="search">
${Object.entries(s.fixed).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
${Object.entries(params).filter(([k]) => k !== 'q').map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
${textField(ctx, { name: 'q', type: 'search', label: t('catalogue.search.label'), hint: t('catalogue.search.hint'), value: params.q ?? '', required: true })}
<div>${button(t('catalogue.search.submit'))}</div>
</form>`;

  const facetList = facets.length
    ? html`<section class="facets" aria-labelledby="facets-heading">
<h2 class="ds-heading ds-sr-only" id="facets-heading">${t('catalogue.facets.heading')}</h2>
${facets.map((k) => html`<div class="facet">
<h3 class="ds-heading" data-size="2xs">${t(`catalogue.facets.${k}`)}</h3>
<ul>${result.facets[k].map((fc) => {
    const label = facetValue(ctx, k, fc.value);
    const count = `${ctx.tr.number(fc.count)}${result.facetsExact[k] ? '' : '+'}`;
    if (s.fixed[k] === fc.value) return html`<li><strong>${label}</strong> (${count})</li>`;
    if (params[k] === fc.value) {
      return html`<li><strong aria-current="true">${label}</strong> (${count}) <a class="ds-link" href="${link('/solutions', { ...all, [k]: undefined })}">${t('catalogue.facets.remove')}<span class="ds-sr-only">: ${label}</span></a></li>`;
    }
    return html`<li><a class="ds-link" href="${link('/solutions', { ...all, [k]: fc.value })}">${label}</a> (${count})</li>`;
  })}</ul>
</div>`)}
${sampled ? html`<p class="ds-paragraph" data-size="sm">${t('catalogue.facets.sampled', { n: ctx.tr.number(SEARCH_BOUNDS.sample) })}</p>` : ''}
</section>`
    : '';

  const pagination = pages > 1
    ? html`<nav class="pagination" aria-label="${t('catalogue.pages.label')}"><ul class="inline-list">
${s.offset > 0 ? html`<li><a class="ds-link" rel="prev" href="${pageLink(Math.max(0, s.offset - s.limit))}">${t('catalogue.pages.previous')}<span class="ds-sr-only"> (${pageLabel(page - 1)})</span></a></li>` : ''}
<li aria-current="page">${pageLabel(page)}</li>
${s.offset + s.limit < result.total || (more && result.items.length === s.limit) ? html`<li><a class="ds-link" rel="next" href="${pageLink(s.offset + s.limit)}">${t('catalogue.pages.next')}<span class="ds-sr-only"> (${pageLabel(page + 1)})</span></a></li>` : ''}
</ul></nav>`
    : '';

  const heading = more ? t('catalogue.countMore', { count: result.total, n: ctx.tr.number(result.total) }) : t('catalogue.count', { count: result.total, n: ctx.tr.number(result.total) });
  const body = html`<h1 class="ds-heading" data-size="lg">${s.title}</h1>
${search}
<div class="catalogue">
${facetList}
<section class="hits" aria-labelledby="hits-heading">
<h2 class="ds-heading" data-size="sm" id="hits-heading">${heading}</h2>
${result.items.length ? html`<ul class="hit-list">${result.items.map((r) => hit(ctx, r, s.organisations.get(r.actorId)))}</ul>` : html`<p class="ds-paragraph">${t('catalogue.none')}</p>`}
${pagination}
</section>
</div>`;
  return renderPage(ctx, { title: page > 1 ? `${s.title} (${pageLabel(page)})` : s.title, body, section: 'solutions' });
}
