import { html, type SafeHtml } from '../../../html/escape.js';
import type { AgencyRelation, AgencyRelations } from '../../../domain/follows/agencies.js';
import { viewerActsForAgency, type PageContext } from '../context.js';
import { renderPage, siteName } from '../components/layout.js';
import { button, csrfField, errorSummary, textField, type FormErrors } from '../components/forms.js';
import { agencyHref, agencyName, handleOf } from '../components/solution-cards.js';

export interface AgenciesState {
  relations: AgencyRelations;
  /** What was typed in "Follow an agency", kept on an error. */
  target?: string;
  errors?: FormErrors;
}

/** The longest handle or actor URL the form takes. */
export const TARGET_MAX = 500;

function table(ctx: PageContext, id: string, rows: AgencyRelation[], withActions: boolean): SafeHtml {
  const { t } = ctx.tr;
  const canAct = withActions && viewerActsForAgency(ctx);
  return html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="${id}"><table class="ds-table" aria-labelledby="${id}">
<thead><tr><th scope="col">${t('agencies.table.agency')}</th><th scope="col">${t('agencies.table.handle')}</th><th scope="col">${t('agencies.table.instance')}</th><th scope="col" class="num">${t('agencies.table.solutions')}</th>${withActions ? html`<th scope="col">${t('agencies.table.state')}</th>` : ''}${canAct ? html`<th scope="col"><span class="ds-sr-only">${t('agencies.table.actions')}</span></th>` : ''}</tr></thead>
<tbody>
${rows.map((r) => {
    const name = agencyName(r.actor);
    const count = r.solutions.more ? t('agencies.solutionsMore', { n: ctx.tr.number(r.solutions.count) }) : ctx.tr.number(r.solutions.count);
    return html`<tr>
<th scope="row"><a class="ds-link" href="${agencyHref(ctx, r.actor)}">${name}</a></th>
<td class="handle">${handleOf(ctx, r.actor)}</td>
<td>${r.actor.domain ?? ctx.deps.urls.host}</td>
<td class="num">${r.solutions.count ? html`<a class="ds-link" href="${`/solutions?origin=${encodeURIComponent(r.actor.domain ?? ctx.deps.urls.host)}`}">${count}</a>` : count}</td>
${withActions ? html`<td>${r.follow.state === 'pending' ? html`<span class="badge">${t('agencies.state.pending')}</span>` : t('agencies.state.accepted')}</td>` : ''}
${canAct ? html`<td><form method="post" action="/agencies/unfollow" class="inline">${csrfField(ctx)}<input type="hidden" name="actor" value="${r.actor.id}"><button type="submit" class="ds-button" data-variant="secondary" data-size="sm" aria-label="${t('agencies.unfollowNamed', { name })}">${t('agencies.unfollow')}</button></form></td>` : ''}
</tr>`;
  })}
</tbody></table></div>`;
}

/** `/agencies`: whom our agency follows (and who follows it); follow one by handle or URL; unfollow. */
export function agenciesPage(ctx: PageContext, s: AgenciesState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const name = siteName(ctx);
  const { following, followers } = s.relations;
  const form = ctx.viewer && !viewerActsForAgency(ctx)
    ? html`<p class="ds-paragraph">${t('agencies.publishersOnly')}</p>`
    : ctx.viewer
    ? html`<section aria-labelledby="follow-heading" class="narrow-page">
<h2 class="ds-heading" data-size="md" id="follow-heading">${t('agencies.follow.heading')}</h2>
<form method="post" action="/agencies" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: 'target', label: t('agencies.follow.label'), hint: t('agencies.follow.hint'), value: s.target ?? '', required: true, spellcheck: false, autocomplete: 'off', maxlength: TARGET_MAX, error: errors.target })}
<div class="actions">${button(t('agencies.follow.submit'))}</div>
</form>
</section>`
    : html`<p class="ds-paragraph"><a class="ds-link" href="${`/auth/sign_in?next=${encodeURIComponent('/agencies')}`}">${t('agencies.signInToFollow')}</a></p>`;
  const body = html`${errorSummary(ctx, errors, ['target'])}
<h1 class="ds-heading" data-size="lg">${t('agencies.title')}</h1>
<p class="ds-paragraph">${t('agencies.intro', { name })}</p>
${form}
<section aria-labelledby="following-heading">
<h2 class="ds-heading" data-size="md" id="following-heading">${t('agencies.following.heading')}</h2>
${following.length ? table(ctx, 'following-heading', following, true) : html`<p class="ds-paragraph">${t('agencies.following.empty')}</p>`}
</section>
<section aria-labelledby="followers-heading">
<h2 class="ds-heading" data-size="md" id="followers-heading">${t('agencies.followers.heading')}</h2>
${followers.length ? table(ctx, 'followers-heading', followers, false) : html`<p class="ds-paragraph">${t('agencies.followers.empty')}</p>`}
</section>`;
  return renderPage(ctx, { title: t('agencies.title'), body, hasErrors: Object.keys(errors).length > 0, section: 'agencies' });
}
