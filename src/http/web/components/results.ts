import { html, type SafeHtml } from '../../../html/escape.js';
import type { Result } from '../../../domain/solutions/model.js';
import type { PageContext } from '../context.js';

/** ` lang="<page>"` for the page's own words inside a block marked with another language. */
export function uiLangAttr(ctx: PageContext, textLang: string | null | undefined): SafeHtml | '' {
  return textLang && textLang !== ctx.lang ? html` lang="${ctx.lang}"` : '';
}

/** A figure with its unit, the number in the page's language: "1.240 h", "18 %". */
export function figure(ctx: PageContext, n: number, unit?: string): string {
  return `${ctx.tr.number(n)}${unit ? ` ${unit}` : ''}`;
}

function signed(ctx: PageContext, n: number, options?: Intl.NumberFormatOptions): string {
  const sign = n > 0 ? '+' : n < 0 ? '−' : '±';
  return `${sign}${ctx.tr.number(Math.abs(n), options)}`;
}

/**
 * The change from baseline to value, computed, never entered. A share in % changes by percentage
 * points (18 % → 11 % is −7 points, not −7 %); anything else by its unit and, when the baseline is
 * not zero, relatively.
 */
export function changeText(ctx: PageContext, r: Result): string | undefined {
  if (r.baseline === undefined) return undefined;
  const d = r.value - r.baseline;
  if (r.unit?.trim() === '%') return ctx.tr.t('values.change.percentagePoints', { value: signed(ctx, d) });
  const absolute = `${signed(ctx, d)}${r.unit ? ` ${r.unit}` : ''}`;
  if (r.baseline === 0) return absolute;
  return `${absolute} ${ctx.tr.t('values.change.relative', { value: signed(ctx, (d / r.baseline) * 100, { maximumFractionDigits: 1 }) })}`;
}

/** One line with the figure people repeat: "No-shows: 18 → 11 % (2025, n = 1.240)". */
export function resultLine(ctx: PageContext, r: Result): string {
  const main = r.baseline !== undefined ? `${ctx.tr.number(r.baseline)} → ${figure(ctx, r.value, r.unit)}` : figure(ctx, r.value, r.unit);
  const extra = [r.period, r.sampleSize !== undefined ? ctx.tr.t('solution.results.sampleShort', { n: ctx.tr.number(r.sampleSize) }) : undefined].filter(Boolean).join(', ');
  return `${r.metric}: ${main}${extra ? ` (${extra})` : ''}`;
}

/** ` lang="x"` when a block in language `lang` sits inside one in `parent`. */
export function langWithin(lang: string | null | undefined, parent: string): SafeHtml | '' {
  return lang && lang !== parent ? html` lang="${lang}"` : '';
}

/**
 * The results table: what was measured, before, after, the computed change, and how it was
 * measured. `textLang` is the language the results are written in (their cells inherit it),
 * `outerLang` the language of the block the table sits in.
 */
export function resultsTable(ctx: PageContext, results: Result[], textLang: string, outerLang: string = ctx.lang): SafeHtml {
  const { t } = ctx.tr;
  const ui = uiLangAttr(ctx, textLang);
  // On a narrow screen the table scrolls inside its region: focusable and named, so a keyboard can scroll it too (WCAG 2.1.1).
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="${t('solution.sections.results')}"><table class="ds-table results" data-border${langWithin(textLang, outerLang)}>
<thead${ui}><tr><th scope="col">${t('solution.results.metric')}</th><th scope="col" class="num">${t('solution.results.baseline')}</th><th scope="col" class="num">${t('solution.results.value')}</th><th scope="col" class="num">${t('solution.results.change')}</th><th scope="col">${t('solution.results.period')}</th><th scope="col" class="num">${t('solution.results.sampleSize')}</th><th scope="col">${t('solution.results.method')}</th><th scope="col">${t('solution.results.source')}</th></tr></thead>
<tbody>
${results.map((r) => html`<tr><th scope="row">${r.metric}</th><td class="num">${r.baseline !== undefined ? figure(ctx, r.baseline, r.unit) : ''}</td><td class="num">${figure(ctx, r.value, r.unit)}</td><td class="num"${ui}>${changeText(ctx, r) ?? ''}</td><td>${r.period ?? ''}</td><td class="num">${r.sampleSize !== undefined ? ctx.tr.number(r.sampleSize) : ''}</td><td>${r.method ?? ''}</td><td${ui}>${r.source ? html`<a class="ds-link" href="${r.source}" rel="nofollow noopener noreferrer">${t('solution.results.sourceLink')}<span class="ds-sr-only">: ${r.metric}</span></a>` : ''}</td></tr>`)}
</tbody></table></div>`;
}
