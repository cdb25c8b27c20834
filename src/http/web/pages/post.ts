import { html, raw, type SafeHtml } from '../../../html/escape.js';
import { renderRemoteHtml } from '../../../html/sanitize.js';
import { htmlToPlainText } from '../../../html/plain-text.js';
import type { PostPageData } from '../../../domain/notes/read-note.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { uiLangAttr } from '../components/results.js';
import { actorLink, langAttr, timeEl } from '../components/values.js';

interface Attachment { url: string; mediaType: string; name: string | null }

function attachmentsOf(data: Record<string, unknown>): Attachment[] {
  const list = Array.isArray(data.attachment) ? data.attachment : [];
  return list.flatMap((a) => {
    const o = a as Record<string, unknown>;
    const url = typeof o?.url === 'string' ? o.url : undefined;
    if (!url || !/^https?:\/\//.test(url)) return [];
    return [{ url, mediaType: typeof o.mediaType === 'string' ? o.mediaType : '', name: typeof o.name === 'string' && o.name.trim() ? o.name : null }];
  });
}

function attachment(ctx: PageContext, a: Attachment, i: number): SafeHtml {
  const { t } = ctx.tr;
  const name = a.name ?? t('post.attachment', { n: i + 1 });
  if (a.mediaType.startsWith('image/')) {
    return html`<li><a class="ds-link" href="${a.url}"><img src="${a.url}" alt="${a.name ?? t('post.imageWithoutDescription', { n: i + 1 })}" class="post-image" loading="lazy"></a></li>`;
  }
  return html`<li><a class="ds-link" href="${a.url}">${name}</a>${a.mediaType ? ` (${a.mediaType})` : ''}</li>`;
}

/**
 * A post's own page (the `url` apps link to): author, time, the post in its language, attachments,
 * and the thread it answers. Content is our own sanitized HTML and passes the sanitizer again here;
 * a content warning is a <details> the reader opens, as in Mastodon, without JavaScript.
 */
export function postPage(ctx: PageContext, d: PostPageData): string {
  const { t } = ctx.tr;
  const o = d.object;
  const name = d.author.displayName || d.author.username;
  const spoiler = typeof o.data.summary === 'string' ? o.data.summary.trim() : '';
  const content = raw(renderRemoteHtml(String(o.data.content ?? '')));
  const files = attachmentsOf(o.data);
  const ui = uiLangAttr(ctx, o.language);
  const parent = d.parent
    ? html`<p class="ds-paragraph meta"${ui}>${d.parent.kind === 'solution'
      ? html`${t('post.replyToSolution')} <a class="ds-link in-reply-to" href="${d.parent.href}">${d.parent.title ?? d.parent.href}</a>`
      : html`<a class="ds-link in-reply-to" href="${d.parent.href}">${t('post.replyToPost')}</a>`}</p>`
    : '';
  const text = html`<div class="e-content post-content">${content}</div>
${files.length ? html`<ul class="attachments" aria-label="${t('post.attachments')}">${files.map((a, i) => attachment(ctx, a, i))}</ul>` : ''}`;
  const body = html`<article class="post h-entry"${langAttr(ctx, o.language)}>
<h1 class="ds-heading" data-size="md"${ui}>${t('post.title', { name })}</h1>
<p class="ds-paragraph meta"${ui}><span class="p-author">${actorLink(ctx, d.author)}</span> · <a class="ds-link u-url" href="${o.url ?? o.uri}">${timeEl(ctx, o.publishedAt, true, 'dt-published')}</a>${o.updatedAt ? html` · ${t('post.edited', { date: ctx.tr.dateTime(o.updatedAt) })}` : ''}</p>
${parent}
${spoiler ? html`<details class="ds-details content-warning"><summary>${t('post.contentWarning')}: ${spoiler}</summary>${text}</details>` : text}
</article>`;
  const description = spoiler || htmlToPlainText(String(o.data.content ?? '')).slice(0, 200);
  const head = html`<link rel="alternate" type="application/activity+json" href="${o.uri}">
<meta property="og:type" content="article"><meta property="og:title" content="${t('post.title', { name })}"><meta property="og:description" content="${description}"><meta property="og:url" content="${o.url ?? o.uri}">`;
  return renderPage(ctx, { title: t('post.title', { name }), body, head });
}
