import { html } from '../../../html/escape.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';

export type ErrorPageKind = 'notFound' | 'gone' | 'forbidden' | 'csrf' | 'tooLarge' | 'invalid' | 'rateLimited' | 'unavailable' | 'conflict' | 'notAcceptable' | 'server';

/** One page for every error a browser can meet: what happened, in plain words, and where to go. */
export function errorPage(ctx: PageContext, kind: ErrorPageKind, detail?: string): string {
  const { t } = ctx.tr;
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t(`errors.${kind}.title`)}</h1>
<p class="ds-paragraph">${t(`errors.${kind}.text`)}</p>
${detail ? html`<p class="ds-paragraph detail">${detail}</p>` : ''}
<p class="ds-paragraph"><a class="ds-link" href="/">${t('errors.toFront')}</a></p>
</div>`;
  return renderPage(ctx, { title: t(`errors.${kind}.title`), body });
}
