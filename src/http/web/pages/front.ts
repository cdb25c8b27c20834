import { html, raw } from '../../../html/escape.js';
import type { Actor } from '../../../store/port.js';
import type { FrontPage } from '../../../domain/solutions/front.js';
import type { PageContext } from '../context.js';
import { renderPage, siteName } from '../components/layout.js';
import { counted, solutionCards } from '../components/solution-cards.js';
import { instanceLang } from '../i18n.js';

/** `/`: who we are, a search box, what is new here and from the agencies we follow, what is reused most. */
export function frontPageView(ctx: PageContext, data: FrontPage, agency?: Actor): string {
  const { t } = ctx.tr;
  const name = siteName(ctx);
  const configured = ctx.deps.config.instance.description?.trim();
  // The configured description is written in the instance's language, whatever the page's is.
  const descriptionLang = configured ? instanceLang(ctx.deps.config.instance.languages) : ctx.lang;
  const cta = ctx.viewer
    ? html`<p class="ds-paragraph">${t('front.share.text')}</p><a class="ds-button" data-variant="primary" href="/solutions/new">${t('front.share.button')}</a>`
    : html`<p class="ds-paragraph">${t('front.signIn.text')}</p><a class="ds-button" data-variant="primary" href="/auth/sign_in?next=%2Fhome">${t('front.signIn.button')}</a>`;
  const section = (id: string, heading: string, list: ReturnType<typeof solutionCards> | '', empty: string) => html`<section aria-labelledby="${id}">
<h2 class="ds-heading" data-size="md" id="${id}">${heading}</h2>
${list || html`<p class="ds-paragraph">${empty}</p>`}
</section>`;
  // The agency's profile (edited by admins at /admin/profile): its logo, its own words, its fields.
  const summary = agency?.summary?.trim() ? agency.summary : '';
  const body = html`<div class="front-intro">
${agency?.headerUrl ? html`<img src="${agency.headerUrl}" alt="" class="agency-header">` : ''}
<h1 class="ds-heading" data-size="xl">${agency?.avatarUrl ? html`<img src="${agency.avatarUrl}" alt="" class="agency-avatar" width="64" height="64"> ` : ''}${name}</h1>
<p class="ds-paragraph lead"${descriptionLang !== ctx.lang ? html` lang="${descriptionLang}"` : ''}>${configured || t('front.description', { name })}</p>
${summary ? html`<div class="ds-paragraph agency-summary"${descriptionLang !== ctx.lang ? html` lang="${descriptionLang}"` : ''}>${raw(summary)}</div>` : ''}
${agency?.fields.length ? html`<dl class="fields agency-fields">${agency.fields.map((f) => html`<dt>${f.name}</dt><dd>${f.value}</dd>`)}</dl>` : ''}
</div>
<form method="get" action="/solutions" class="search-row" role="search" aria-label="${t('front.search.label')}">
<div class="ds-field">
<label class="ds-label" for="front-q">${t('front.search.label')}</label>
<div data-field="description" class="ds-paragraph hint" id="front-q-hint">${t('front.search.hint')}</div>
<input class="ds-input" id="front-q" name="q" type="search" aria-describedby="front-q-hint">
</div>
<button type="submit" class="ds-button" data-variant="secondary">${t('front.search.submit')}</button>
</form>
<div class="front-cta">${cta}</div>
${section('front-ours', t('front.ours.heading'), data.ours.length ? solutionCards(ctx, data.ours) : '', t('front.ours.empty'))}
${section('front-others', t('front.others.heading'), data.others.length ? solutionCards(ctx, data.others) : '', t('front.others.empty'))}
${section('front-most-adopted', t('front.mostAdopted.heading'), data.mostAdopted.length
    ? solutionCards(ctx, data.mostAdopted.map((x) => ({ solution: x.solution, organisation: x.organisation, extra: counted(ctx, 'front.adoptedBy', x.adoptions) })))
    : '', t('front.mostAdopted.empty'))}
<p class="ds-paragraph"><a class="ds-link" href="/solutions">${t('front.allSolutions')}</a> · <a class="ds-link" href="/agencies">${t('front.agencies')}</a></p>`;
  return renderPage(ctx, { title: t('front.title'), body, section: 'front' });
}
