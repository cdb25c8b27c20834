import type { Actor } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';
import { html, raw } from '../../html/escape.js';
import { page } from './layout.js';

/** A readable profile for people who open an actor's URL in a browser. Summary is our own sanitized HTML. */
export function renderProfilePage(deps: Deps, actor: Actor, counts: { followers: number; following: number; posts: number }): string {
  const handle = `@${actor.username}@${deps.urls.host}`;
  const kind = actor.type === 'Organization' ? 'Agency' : actor.type === 'Person' ? 'Staff' : actor.type;
  const body = html`<article class="profile h-card">
<h1 class="p-name">${actor.displayName || actor.username}</h1>
<p class="handle">${handle} · ${kind}</p>
<div class="p-note">${raw(actor.summary)}</div>
${actor.fields.length ? html`<dl class="fields">${actor.fields.map((f) => html`<dt>${f.name}</dt><dd>${f.value}</dd>`)}</dl>` : ''}
<p>${counts.posts} posts · ${counts.followers} followers · ${counts.following} following</p>
<p>Follow from any fediverse server: search for <code>${handle}</code>.</p>
</article>`;
  const head = html`<link rel="alternate" type="application/activity+json" href="${actor.uri}">`;
  return page({ title: actor.displayName || actor.username, siteName: deps.config.instance.title ?? deps.config.instance.agencyDisplayName, body, head });
}
