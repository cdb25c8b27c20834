import type { Actor } from '../../store/port.js';
import { html, raw } from '../../html/escape.js';
import type { PageContext } from './context.js';
import { renderPage } from './components/layout.js';

/** A readable profile for people who open an actor's URL in a browser. Summary is our own sanitized HTML. */
export function renderProfilePage(ctx: PageContext, actor: Actor, counts: { followers: number; following: number; posts: number }): string {
  const { t } = ctx.tr;
  const handle = `@${actor.username}@${ctx.deps.urls.host}`;
  const kind = actor.type === 'Organization' ? t('profile.kind.agency') : actor.type === 'Person' ? t('profile.kind.staff') : t('profile.kind.service');
  const body = html`<article class="profile h-card">
${actor.headerUrl ? html`<img src="${actor.headerUrl}" alt="" class="profile-header">` : ''}
<h1 class="ds-heading p-name" data-size="lg">${actor.avatarUrl ? html`<img src="${actor.avatarUrl}" alt="" class="u-photo profile-avatar" width="64" height="64"> ` : ''}${actor.displayName || actor.username}</h1>
<p class="ds-paragraph handle">${handle} · ${kind}</p>
<div class="p-note">${raw(actor.summary)}</div>
${actor.fields.length ? html`<dl class="fields">${actor.fields.map((f) => html`<dt>${f.name}</dt><dd>${f.value}</dd>`)}</dl>` : ''}
<p class="ds-paragraph">${t('profile.counts', { posts: ctx.tr.number(counts.posts), followers: ctx.tr.number(counts.followers), following: ctx.tr.number(counts.following) })}</p>
<p class="ds-paragraph">${t('profile.followHint')} <code>${handle}</code></p>
</article>`;
  const head = html`<link rel="alternate" type="application/activity+json" href="${actor.uri}">`;
  return renderPage(ctx, { title: actor.displayName || actor.username, body, head });
}
