import { html, type SafeHtml } from '../../../html/escape.js';
import type { PageContext } from '../context.js';
import type { Actor } from '../../../store/port.js';
import { LANGUAGE_NAMES, isLang } from '../i18n.js';

export type ValueGroup = 'sector' | 'maturity' | 'adoptionStatus' | 'direction' | 'linkRel' | 'costPeriod';

/**
 * An enumerated value in the page's words (values.*). A value we have no words for (a free-text
 * cost period, something a newer server sent) is shown as it is, never as a key.
 */
export function valueLabel(ctx: PageContext, group: ValueGroup, value: string): string {
  // Dots and colons would be read by i18next as key paths and namespaces.
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(value)) return value;
  const key = `values.${group}.${value}`;
  return ctx.tr.has(key) ? ctx.tr.t(key) : value;
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

function namesIn(lang: string): Intl.DisplayNames | null {
  if (!displayNames.has(lang)) {
    try {
      displayNames.set(lang, new Intl.DisplayNames([lang], { type: 'language' }));
    } catch {
      displayNames.set(lang, null);
    }
  }
  return displayNames.get(lang)!;
}

/** A language's name in the page's language ("norsk bokmål" on a Danish page), the code when unknown. */
export function languageName(code: string, inLang: string): string {
  try {
    return namesIn(inLang)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A language's own name ("Norsk bokmål"), for links that switch to it: everyone finds theirs. */
export function ownLanguageName(code: string): string {
  return isLang(code) ? LANGUAGE_NAMES[code] : languageName(code, code);
}

/** ` lang="nb"` when a block's language is not the page's; nothing when it is (or is unknown). */
export function langAttr(ctx: PageContext, lang: string | null | undefined): SafeHtml | '' {
  return lang && lang !== ctx.lang ? html` lang="${lang}"` : '';
}

export function handleOf(ctx: PageContext, a: Actor): string {
  return `@${a.username}@${a.domain ?? ctx.deps.urls.host}`;
}

/** An agency or person: their name linking to their profile, with the handle beside it. */
export function actorLink(ctx: PageContext, a: Actor | undefined): SafeHtml {
  if (!a) return html`<span>${ctx.tr.t('solution.unknownActor')}</span>`;
  const href = a.domain ? (a.url ?? a.uri) : ctx.deps.urls.profile(a.username);
  return html`<a class="ds-link" href="${href}">${a.displayName || a.username}</a> <span class="handle">${handleOf(ctx, a)}</span>`;
}

/** A time element in the page's language, with the machine-readable instant. */
export function timeEl(ctx: PageContext, iso: string, withTime = false, className?: string): SafeHtml {
  return html`<time${className ? html` class="${className}"` : ''} datetime="${iso}">${withTime ? ctx.tr.dateTime(iso) : ctx.tr.date(iso)}</time>`;
}
