import { escapeHtml, html, type SafeHtml } from '../../../html/escape.js';
import type { DraftLists } from '../../../domain/solutions/drafts.js';
import type { SolutionPageData } from '../../../domain/solutions/pages.js';
import type { Actor, SolutionDraft } from '../../../store/port.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, csrfField, errorSummary, textArea, type FormErrors } from '../components/forms.js';
import { timeEl } from '../components/values.js';
import { solutionPage } from './solution.js';

const STATE_COLOR: Record<SolutionDraft['state'], string> = { pending: 'info', returned: 'warning', approved: 'success', withdrawn: 'neutral' };

function stateTag(ctx: PageContext, d: SolutionDraft): SafeHtml {
  return html`<span class="ds-tag" data-color="${STATE_COLOR[d.state]}">${ctx.tr.t(`drafts.state.${d.state}`)}</span>`;
}

const person = (a: Actor | undefined) => (a ? a.displayName || a.username : '');

function draftRow(ctx: PageContext, d: SolutionDraft, author?: Actor): SafeHtml {
  const { t } = ctx.tr;
  return html`<tr>
<th scope="row"><a class="ds-link" href="${`/drafts/${d.id}`}">${d.title}</a>${d.solutionId ? html` <span class="hint">(${t('drafts.list.revision')})</span>` : ''}</th>
${author !== undefined ? html`<td>${person(author)}</td>` : ''}
<td>${stateTag(ctx, d)}</td>
<td>${timeEl(ctx, d.submittedAt, true)}</td>
</tr>`;
}

/** `/drafts`: the publisher's review queue first, then the viewer's own drafts. */
export function draftsPage(ctx: PageContext, lists: DraftLists): string {
  const { t } = ctx.tr;
  const table = (id: string, rows: SafeHtml[], withAuthor: boolean) => html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="${id}"><table class="ds-table" aria-labelledby="${id}">
<thead><tr><th scope="col">${t('drafts.list.title')}</th>${withAuthor ? html`<th scope="col">${t('drafts.list.author')}</th>` : ''}<th scope="col">${t('drafts.list.state')}</th><th scope="col">${t('drafts.list.submitted')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  const queue = lists.mayReview
    ? html`<section aria-labelledby="queue-heading">
<h2 class="ds-heading" data-size="md" id="queue-heading">${t('drafts.queue.heading')}</h2>
${lists.queue.length
    ? table('queue-heading', lists.queue.map((q) => draftRow(ctx, q.draft, q.author)), true)
    : html`<p class="ds-paragraph">${t('drafts.queue.empty')}</p>`}
</section>`
    : '';
  const body = html`<h1 class="ds-heading" data-size="lg">${t('drafts.title')}</h1>
<p class="ds-paragraph">${lists.needsApproval ? t('drafts.intro.author') : t('drafts.intro.publisher')}</p>
${queue}
<section aria-labelledby="mine-heading">
<h2 class="ds-heading" data-size="md" id="mine-heading">${t('drafts.mine.heading')}</h2>
${lists.mine.length
    ? table('mine-heading', lists.mine.map((d) => draftRow(ctx, d)), false)
    : html`<p class="ds-paragraph">${t('drafts.mine.empty')}</p>`}
</section>`;
  return renderPage(ctx, { title: t('drafts.title'), body, section: 'drafts' });
}

export interface DraftPageState {
  draft: SolutionDraft;
  author: Actor | undefined;
  reviewer: Actor | undefined;
  data: SolutionPageData;
  mayReview: boolean;
  isAuthor: boolean;
  comment?: string;
  errors?: FormErrors;
}

function decision(ctx: PageContext, s: DraftPageState): SafeHtml {
  const { t } = ctx.tr;
  const d = s.draft;
  const lines: SafeHtml[] = [html`<p class="ds-paragraph">${t('drafts.page.state')} ${stateTag(ctx, d)}</p>`];
  lines.push(html`<p class="ds-paragraph meta">${t('drafts.page.submitted', { name: person(s.author) })} ${timeEl(ctx, d.submittedAt, true)}</p>`);
  if (d.state === 'returned' && d.comment) {
    lines.push(html`<div class="ds-alert" data-color="warning"><h2 class="ds-heading" data-size="xs">${t('drafts.page.returnedBy', { name: person(s.reviewer) })}</h2><p class="ds-paragraph draft-comment">${d.comment}</p></div>`);
  }
  if (d.state === 'approved' && d.publishedId) {
    lines.push(html`<p class="ds-paragraph">${t('drafts.page.approvedBy', { name: person(s.reviewer) })} <a class="ds-link" href="${`/solutions/${d.publishedId}`}">${t('drafts.page.openPublished')}</a></p>`);
  }
  return html`${lines}`;
}

function actions(ctx: PageContext, s: DraftPageState): SafeHtml | '' {
  const { t } = ctx.tr;
  const d = s.draft;
  const open = d.state === 'pending' || d.state === 'returned';
  const review = s.mayReview && d.state === 'pending'
    ? html`<form method="post" action="${`/drafts/${d.id}/approve`}" class="stack">
${csrfField(ctx)}
<p class="ds-paragraph">${t('drafts.review.approveText')}</p>
<div class="actions">${button(t('drafts.review.approve'))}</div>
</form>
<form method="post" action="${`/drafts/${d.id}/return`}" class="stack" novalidate>
${csrfField(ctx)}
${textArea(ctx, { name: 'comment', label: t('drafts.review.comment'), hint: t('drafts.review.commentHint'), value: s.comment ?? '', rows: 4, required: true, error: s.errors?.comment })}
<div class="actions">${button(t('drafts.review.return'), { variant: 'secondary' })}</div>
</form>`
    : '';
  const own = s.isAuthor && open
    ? html`<p class="ds-paragraph actions"><a class="ds-button" data-variant="secondary" href="${`/drafts/${d.id}/edit`}">${t('drafts.author.change')}</a></p>
<form method="post" action="${`/drafts/${d.id}/withdraw`}" class="stack">
${csrfField(ctx)}
<div class="actions">${button(t('drafts.author.withdraw'), { variant: 'tertiary', color: 'danger' })}</div>
</form>`
    : '';
  if (!review && !own) return '';
  return html`<section class="preview-actions" id="draft-actions" aria-labelledby="draft-actions-heading">
<h2 class="ds-heading" data-size="md" id="draft-actions-heading">${t(review ? 'drafts.review.heading' : 'drafts.author.heading')}</h2>
${review}${own}
</section>`;
}

/**
 * A draft as it would be published (the solution page in preview mode, nothing of it public),
 * with its state above and the decisions below: approve or send back for a publisher, change or
 * withdraw for the author.
 */
export function draftPage(ctx: PageContext, s: DraftPageState): string {
  const { t } = ctx.tr;
  const page = solutionPage(ctx, s.data, { askedText: s.data.record.fields.language, question: { key: '' }, preview: true });
  const top = html`<section class="draft-status" aria-labelledby="draft-status-heading">
${errorSummary(ctx, s.errors ?? {})}
<h2 class="ds-heading" data-size="sm" id="draft-status-heading">${t(s.draft.solutionId ? 'drafts.page.headingRevision' : 'drafts.page.heading')}</h2>
${decision(ctx, s)}
</section>`;
  // Everything user-typed in `page` is escaped, so these markers can only be the layout's own.
  const open = page.indexOf('<main');
  const openEnd = open < 0 ? -1 : page.indexOf('>', open) + 1;
  let out = openEnd > 0 ? `${page.slice(0, openEnd)}\n${top.value}${page.slice(openEnd)}` : page;
  const at = out.lastIndexOf('</main>');
  const below = actions(ctx, s);
  if (below && at >= 0) out = `${out.slice(0, at)}${below.value}\n${out.slice(at)}`;
  const prefix = `${t('drafts.page.titlePrefix')} `;
  return out.replace('<title>', `<title>${s.errors && Object.keys(s.errors).length ? `${t('layout.errorPrefix')} ` : ''}${escapeHtml(prefix)}`);
}
