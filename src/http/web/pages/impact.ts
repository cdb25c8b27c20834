import { html, type SafeHtml } from '../../../html/escape.js';
import type { AdoptionRecord } from '../../../store/port.js';
import type { ImpactReport, SolutionImpact } from '../../../domain/solutions/impact.js';
import { ADOPTION_STATUSES } from '../../../domain/solutions/model.js';
import { resultLine } from '../../../domain/solutions/present.js';
import type { PageContext } from '../context.js';
import { renderPage, siteName } from '../components/layout.js';
import { agencyHref, agencyName, counted, handleOf, solutionLink } from '../components/solution-cards.js';

/** What the adopter reported: its note and result lines, in the language it wrote them in. */
function outcome(ctx: PageContext, a: AdoptionRecord): SafeHtml {
  const other = a.language && a.language !== ctx.lang ? html` lang="${a.language}"` : '';
  if (!a.note && !a.results.length) return html`<span class="meta">${ctx.tr.t('impact.noOutcome')}</span>`;
  return html`<div${other}>${a.note ? html`<p class="ds-paragraph" data-size="sm">${a.note}</p>` : ''}${a.results.length
    ? html`<ul class="results-lines">${a.results.map((r) => html`<li>${resultLine(r, ctx.lang)}</li>`)}</ul>` : ''}</div>`;
}

function solutionSection(ctx: PageContext, s: SolutionImpact, index: number): SafeHtml {
  const { t } = ctx.tr;
  const id = `impact-solution-${index}`;
  const groups = ADOPTION_STATUSES.filter((st) => s.byStatus[st].length);
  return html`<div class="impact-solution">
<h3 class="ds-heading" data-size="sm" id="${id}">${solutionLink(ctx, s.solution)}</h3>
<p class="ds-paragraph meta" data-size="sm">${t('impact.published', { date: ctx.tr.date(s.solution.publishedAt) })} · ${counted(ctx, 'impact.adoptionCount', s.adoptions)}</p>
${groups.length ? groups.map((st) => html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="${`${id} ${id}-${st}`}"><table class="ds-table impact-table">
<caption id="${`${id}-${st}`}">${t(`values.adoptionStatus.${st}`)} (${ctx.tr.number(s.byStatus[st].length)})</caption>
<thead><tr><th scope="col">${t('impact.table.agency')}</th><th scope="col">${t('impact.table.started')}</th><th scope="col">${t('impact.table.outcome')}</th><th scope="col">${t('impact.table.reported')}</th></tr></thead>
<tbody>${s.byStatus[st].map(({ adoption, adopter }) => html`<tr>
<th scope="row">${adopter ? html`<a class="ds-link" href="${agencyHref(ctx, adopter)}">${agencyName(adopter)}</a> <span class="handle">${handleOf(ctx, adopter)}</span>` : t('impact.unknownAgency')}</th>
<td>${adoption.startedAt ? html`<time datetime="${adoption.startedAt}">${ctx.tr.date(adoption.startedAt)}</time>` : ''}</td>
<td>${outcome(ctx, adoption)}</td>
<td><time datetime="${adoption.at}">${ctx.tr.date(adoption.at)}</time></td>
</tr>`)}</tbody></table></div>`) : html`<p class="ds-paragraph">${t('impact.noAdoptions')}</p>`}
</div>`;
}

/** `/impact`: the reuse report, readable on screen and on paper. */
export function impactPage(ctx: PageContext, r: ImpactReport): string {
  const { t } = ctx.tr;
  const n = (x: number) => ctx.tr.number(x);
  const now = ctx.deps.now().toISOString();
  const totals = r.totals;
  const body = html`<h1 class="ds-heading" data-size="lg">${t('impact.title')}</h1>
<p class="ds-paragraph">${t('impact.intro', { name: siteName(ctx), date: ctx.tr.date(now) })}</p>
${r.truncated ? html`<div class="ds-alert" data-color="info"><p class="ds-paragraph">${t('impact.truncated')}</p></div>` : ''}
<section aria-labelledby="impact-totals">
<h2 class="ds-heading" data-size="md" id="impact-totals">${t('impact.totals.heading')}</h2>
<dl class="totals">
<div><dt>${t('impact.totals.solutions')}</dt><dd>${n(totals.solutions)}</dd></div>
<div><dt>${t('impact.totals.adoptedSolutions')}</dt><dd>${n(totals.adoptedSolutions)}</dd></div>
<div><dt>${t('impact.totals.agencies')}</dt><dd>${n(totals.agencies)}</dd></div>
<div><dt>${t('impact.totals.adoptions')}</dt><dd>${n(totals.adoptions)}</dd></div>
${ADOPTION_STATUSES.map((st) => html`<div><dt>${t(`values.adoptionStatus.${st}`)}</dt><dd>${n(totals.byStatus[st])}</dd></div>`)}
</dl>
</section>
<section aria-labelledby="impact-ours">
<h2 class="ds-heading" data-size="md" id="impact-ours">${t('impact.ours.heading')}</h2>
${r.ours.length ? r.ours.map((s, i) => solutionSection(ctx, s, i)) : html`<p class="ds-paragraph">${t('impact.ours.empty')}</p>`}
</section>
<section aria-labelledby="impact-adopted">
<h2 class="ds-heading" data-size="md" id="impact-adopted">${t('impact.adopted.heading')}</h2>
${r.adoptedFromOthers.length ? html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="impact-adopted"><table class="ds-table impact-table" aria-labelledby="impact-adopted">
<thead><tr><th scope="col">${t('impact.adopted.solution')}</th><th scope="col">${t('impact.adopted.from')}</th><th scope="col">${t('impact.adopted.status')}</th><th scope="col">${t('impact.table.outcome')}</th><th scope="col">${t('impact.table.reported')}</th></tr></thead>
<tbody>${r.adoptedFromOthers.map(({ adoption, solution, organisation }) => html`<tr>
<th scope="row">${solution ? solutionLink(ctx, solution) : t('impact.adopted.gone')}</th>
<td>${organisation ? html`<a class="ds-link" href="${agencyHref(ctx, organisation)}">${agencyName(organisation)}</a>` : ''}</td>
<td><span class="badge">${t(`values.adoptionStatus.${adoption.status}`)}</span></td>
<td>${outcome(ctx, adoption)}</td>
<td><time datetime="${adoption.at}">${ctx.tr.date(adoption.at)}</time></td>
</tr>`)}</tbody></table></div>` : html`<p class="ds-paragraph">${t('impact.adopted.empty')}</p>`}
</section>`;
  return renderPage(ctx, { title: t('impact.title'), body, section: 'impact' });
}
