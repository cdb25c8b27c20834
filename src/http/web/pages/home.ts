import { html, type SafeHtml } from '../../../html/escape.js';
import type { HomeFeed, HomeItem } from '../../../domain/solutions/home.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { agencyHref, agencyName, counted, handleOf, solutionHref, solutionLink, solutionText, displayLang } from '../components/solution-cards.js';
import type { Actor, SolutionRecord } from '../../../store/port.js';
import type { DraftLists } from '../../../domain/solutions/drafts.js';

function who(ctx: PageContext, actor: Actor | undefined): SafeHtml {
  if (!actor) return html``;
  return html`<a class="ds-link" href="${agencyHref(ctx, actor)}">${agencyName(actor)}</a> <span class="handle">${handleOf(ctx, actor)}</span>`;
}

function item(ctx: PageContext, i: HomeItem): SafeHtml {
  const { t } = ctx.tr;
  const when = html`<time datetime="${i.at}">${ctx.tr.dateTime(i.at)}</time>`;
  const fresh = i.isNew ? html` <span class="badge new">${t('home.new')}</span>` : '';
  const row = (label: string, value: SafeHtml | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  switch (i.kind) {
    case 'question':
      return html`<li class="incoming"><h3 class="ds-heading" data-size="2xs">${t('home.kind.question')}${fresh}</h3>
<dl class="fields">${row(t('home.from'), who(ctx, i.from))}${row(t('home.about'), solutionLink(ctx, i.solution))}${row(t('home.when'), when)}</dl>
${i.text ? html`<blockquote class="question"${i.language && i.language !== ctx.lang ? html` lang="${i.language}"` : ''}><p class="ds-paragraph">${i.text}</p></blockquote>` : ''}
<p class="ds-paragraph"><a class="ds-link" href="${`${solutionHref(i.solution)}#discussion`}">${t('home.answer')}</a></p></li>`;
    case 'adoption': {
      const a = i.adoption;
      const other = a.language && a.language !== ctx.lang ? html` lang="${a.language}"` : '';
      return html`<li class="incoming"><h3 class="ds-heading" data-size="2xs">${t('home.kind.adoption')}${fresh}</h3>
<dl class="fields">${row(t('home.from'), who(ctx, i.from))}${row(t('home.about'), solutionLink(ctx, i.solution))}${row(t('home.status'), html`<span class="badge">${t(`values.adoptionStatus.${a.status}`)}</span>`)}${row(t('home.when'), when)}</dl>
${a.note ? html`<blockquote class="question"${other}><p class="ds-paragraph">${a.note}</p></blockquote>` : ''}</li>`;
    }
    case 'solution': {
      const lang = displayLang(i.solution.fields, ctx.lang);
      const other = lang !== ctx.lang ? html` lang="${lang}"` : '';
      const summary = solutionText(i.solution.fields, lang).summary;
      return html`<li class="incoming"><h3 class="ds-heading" data-size="2xs">${t('home.kind.solution')}${fresh}</h3>
<dl class="fields">${row(t('home.from'), who(ctx, i.organisation))}${row(t('home.solution'), solutionLink(ctx, i.solution))}${row(t('home.when'), when)}</dl>
${summary ? html`<p class="ds-paragraph" data-size="sm"${other}>${summary}</p>` : ''}</li>`;
    }
    case 'follow':
      return html`<li class="incoming"><h3 class="ds-heading" data-size="2xs">${t(i.pending ? 'home.kind.followRequest' : 'home.kind.follow')}${fresh}</h3>
<dl class="fields">${row(t('home.agency'), who(ctx, i.from))}${row(t('home.when'), when)}</dl></li>`;
  }
}

function ownSolution(ctx: PageContext, s: SolutionRecord): SafeHtml {
  const { t } = ctx.tr;
  const lang = displayLang(s.fields, ctx.lang);
  const other = lang !== ctx.lang ? html` lang="${lang}"` : '';
  const title = solutionText(s.fields, lang).title;
  return html`<li class="own">
<h3 class="ds-heading" data-size="2xs">${solutionLink(ctx, s)}</h3>
<p class="ds-paragraph meta" data-size="sm">${t('home.own.published', { date: ctx.tr.date(s.publishedAt) })} · ${counted(ctx, 'home.own.replies', s.repliesCount)}</p>
<a class="ds-link" href="${`${solutionHref(s)}/edit`}">${t('home.own.edit')}<span class="ds-sr-only">: <span${other}>${title}</span></span></a>
</li>`;
}

/** Drafts that need someone: the publisher's queue, and the viewer's drafts sent back or waiting. */
function draftsSection(ctx: PageContext, lists: DraftLists): SafeHtml | '' {
  const { t } = ctx.tr;
  const open = lists.mine.filter((d) => d.state === 'pending' || d.state === 'returned');
  if (!lists.queue.length && !open.length) return '';
  return html`<section aria-labelledby="drafts-heading">
<h2 class="ds-heading" data-size="md" id="drafts-heading">${t('home.drafts.heading')}</h2>
${lists.queue.length ? html`<p class="ds-paragraph"><a class="ds-link" href="/drafts#queue-heading">${counted(ctx, 'home.drafts.waiting', lists.queue.length)}</a></p>` : ''}
${open.length ? html`<ul class="own-list">${open.map((d) => html`<li class="own">
<h3 class="ds-heading" data-size="2xs"><a class="ds-link" href="${`/drafts/${d.id}`}">${d.title}</a></h3>
<p class="ds-paragraph meta" data-size="sm">${t(`drafts.state.${d.state}`)}</p>
${d.state === 'returned' && d.comment ? html`<blockquote class="question"><p class="ds-paragraph">${d.comment}</p></blockquote>` : ''}
</li>`)}</ul>` : ''}
</section>`;
}

/** `/home`: what came in since last time, drafts that need someone, the viewer's own solutions, shortcuts. */
export function homePage(ctx: PageContext, feed: HomeFeed, drafts?: DraftLists): string {
  const { t } = ctx.tr;
  const viewer = ctx.viewer!;
  const summary = !feed.items.length ? t('home.incoming.empty')
    : !feed.visitedBefore ? t('home.incoming.firstVisit')
      : feed.newCount ? counted(ctx, 'home.incoming.newSince', feed.newCount) : t('home.incoming.nothingNew');
  const body = html`<h1 class="ds-heading" data-size="lg">${t('home.title')}</h1>
<p class="ds-paragraph">${t('home.greeting', { name: viewer.actor.displayName || viewer.actor.username })}</p>
<nav aria-labelledby="shortcuts-heading" class="shortcuts">
<h2 class="ds-heading" data-size="sm" id="shortcuts-heading">${t('home.shortcuts.heading')}</h2>
<ul>
<li><a class="ds-button" data-variant="primary" href="/solutions/new">${t('home.shortcuts.share')}</a></li>
<li><a class="ds-button" data-variant="secondary" href="/agencies#follow-heading">${t('home.shortcuts.follow')}</a></li>
<li><a class="ds-button" data-variant="secondary" href="/impact">${t('home.shortcuts.impact')}</a></li>
<li><a class="ds-button" data-variant="tertiary" href="/solutions">${t('home.shortcuts.catalogue')}</a></li>
</ul>
</nav>
${drafts ? draftsSection(ctx, drafts) : ''}
<section aria-labelledby="incoming-heading">
<h2 class="ds-heading" data-size="md" id="incoming-heading">${t('home.incoming.heading')}</h2>
<p class="ds-paragraph" id="incoming-summary">${summary}</p>
${feed.items.length ? html`<ul class="incoming-list">${feed.items.map((i) => item(ctx, i))}</ul>` : ''}
</section>
<section aria-labelledby="own-heading">
<h2 class="ds-heading" data-size="md" id="own-heading">${t('home.own.heading')}</h2>
${feed.own.length
    ? html`<ul class="own-list">${feed.own.map((s) => ownSolution(ctx, s))}</ul>`
    : html`<p class="ds-paragraph">${t('home.own.empty')} <a class="ds-link" href="/solutions/new">${t('home.shortcuts.share')}</a></p>`}
</section>`;
  return renderPage(ctx, { title: t('home.title'), body, section: 'home' });
}
