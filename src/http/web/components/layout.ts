import { html, type SafeHtml } from '../../../html/escape.js';
import type { PageContext } from '../context.js';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n.js';
import { adminAreasOf } from '../../../domain/admin/access.js';

export interface PageOptions {
  /** The page's own title; the layout adds the site name. */
  title: string;
  body: SafeHtml;
  /** Extra <head> markup: alternates, Open Graph. Never inline script or style (the CSP forbids both). */
  head?: SafeHtml;
  /** The form on this page failed: "Error: " goes before the title, as GOV.UK and Designsystemet advise. */
  hasErrors?: boolean;
  /** Which main navigation entry is this page's. */
  section?: 'front' | 'solutions' | 'publish' | 'drafts' | 'agencies' | 'home' | 'impact' | 'settings' | 'admin';
}

export function siteName(ctx: Pick<PageContext, 'deps'> & Partial<Pick<PageContext, 'agencyName'>>): string {
  const i = ctx.deps.config.instance;
  return i.title ?? ctx.agencyName ?? i.agencyDisplayName;
}

function withLang(path: string, lang: string): string {
  const [p, q = ''] = path.split('?');
  const params = new URLSearchParams(q);
  params.set('lang', lang);
  return `${p}?${params.toString()}`;
}

function nav(ctx: PageContext, section: PageOptions['section']): SafeHtml {
  const { t } = ctx.tr;
  const item = (key: NonNullable<PageOptions['section']>, href: string, text: string) =>
    html`<li><a class="ds-link" href="${href}"${section === key ? html` aria-current="page"` : ''}>${text}</a></li>`;
  // "Administration" only for those who may use some of it (admins; moderators for reports and the log).
  const areas = adminAreasOf(ctx.viewer?.user);
  const signedIn = ctx.viewer
    ? html`${item('home', '/home', t('layout.nav.home'))}${item('publish', '/solutions/new', t('layout.nav.publish'))}${item('drafts', '/drafts', t('layout.nav.drafts'))}${areas.length ? item('admin', '/admin', t('admin.nav')) : ''}`
    : '';
  return html`<nav class="site-nav" aria-label="${t('layout.nav.label')}"><ul>
${item('solutions', '/solutions', t('layout.nav.solutions'))}${item('agencies', '/agencies', t('layout.nav.agencies'))}${item('impact', '/impact', t('layout.nav.impact'))}${signedIn}
</ul></nav>`;
}

function account(ctx: PageContext): SafeHtml {
  const { t } = ctx.tr;
  if (!ctx.viewer) {
    return html`<a class="ds-button" data-variant="secondary" data-size="sm" href="${`/auth/sign_in?next=${encodeURIComponent(ctx.path)}`}">${t('layout.signIn')}</a>`;
  }
  const a = ctx.viewer.actor;
  return html`<span class="viewer"><a class="ds-link" href="/settings/profile">${a.displayName || a.username}</a></span>
<form method="post" action="/auth/sign_out" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">${t('layout.signOut')}</button></form>`;
}

/**
 * The frame every staff and public page shares: skip link, header with the agency's name and logo,
 * navigation, one <main>, footer with the language switcher. Everything interpolated is escaped.
 */
export function renderPage(ctx: PageContext, options: PageOptions): string {
  const { t } = ctx.tr;
  const web = ctx.deps.config.web;
  const name = siteName(ctx);
  const title = `${options.hasErrors ? `${t('layout.errorPrefix')} ` : ''}${options.title} · ${name}`;
  const notice = ctx.notice
    ? html`<div class="ds-alert notice" data-color="${ctx.notice.kind}" role="status"><p class="ds-paragraph">${ctx.notice.text}</p></div>`
    : '';
  const doc = html`<html lang="${ctx.lang}" data-color-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/ds/index.css">
<link rel="stylesheet" href="/assets/ds/theme.css">
<link rel="stylesheet" href="/assets/samspil.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${options.head}
</head>
<body data-color="${web.color}">
<a class="ds-skip-link" href="#main">${t('layout.skipToContent')}</a>
<header class="site-header">
<div class="site-header__inner">
<a class="site-brand" href="/">${web.logo ? html`<img src="${web.logo}" alt="" class="site-logo">` : ''}<span>${name}</span></a>
${nav(ctx, options.section)}
<div class="site-account">${account(ctx)}</div>
</div>
</header>
<main id="main" tabindex="-1" class="site-main">
${notice}
${options.body}
</main>
<footer class="site-footer">
<nav aria-label="${t('layout.languages')}"><ul class="languages">${LANGUAGES.map((l) =>
    l === ctx.lang
      ? html`<li><span lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span></li>`
      : html`<li><a class="ds-link" href="${withLang(ctx.path, l)}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`)}</ul></nav>
<p class="ds-paragraph" data-size="sm">${t('layout.footer', { host: ctx.deps.urls.host })}</p>
</footer>
</body>
</html>`;
  return `<!doctype html>\n${doc.value}\n`;
}
