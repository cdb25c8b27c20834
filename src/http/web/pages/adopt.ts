import { html, type SafeHtml } from '../../../html/escape.js';
import { ADOPTION_STATUSES, textIn } from '../../../domain/solutions/model.js';
import type { Actor, AdoptionRecord, SolutionRecord } from '../../../store/port.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, choiceGroup, csrfField, errorSummary, selectField, textArea, textField, type FormErrors } from '../components/forms.js';
import { ownLanguageName, valueLabel } from '../components/values.js';
import { LANGUAGES } from '../i18n.js';
import { CARRIED_FIELDS, ERROR_ORDER, MAX_ROWS, type AdoptionFormValues, type ResultRow } from '../forms/adoption.js';
import { textLanguage } from './solution.js';

export interface AdoptState {
  record: SolutionRecord;
  organisation: Actor | undefined;
  ours: AdoptionRecord | undefined;
  values: AdoptionFormValues;
  errors?: FormErrors;
}

function resultRow(ctx: PageContext, row: ResultRow, i: number, errors: FormErrors): SafeHtml {
  const { t } = ctx.tr;
  const name = (f: string) => `results.${i}.${f}`;
  const n = i + 1;
  return html`<fieldset class="ds-fieldset result-row" id="${`result-${i}`}">
<legend class="ds-heading" data-size="2xs">${t('adopt.result.legend', { n })}</legend>
${textField(ctx, { name: name('metric'), label: t('adopt.result.metric'), hint: t('adopt.result.metricHint'), value: row.metric, required: true, maxlength: 300, error: errors[name('metric')] })}
<div class="row-fields">
${textField(ctx, { name: name('baseline'), label: t('adopt.result.baseline'), value: row.baseline, inputmode: 'decimal', className: 'narrow', error: errors[name('baseline')] })}
${textField(ctx, { name: name('value'), label: t('adopt.result.value'), value: row.value, inputmode: 'decimal', required: true, className: 'narrow', error: errors[name('value')] })}
${textField(ctx, { name: name('unit'), label: t('adopt.result.unit'), hint: t('adopt.result.unitHint'), value: row.unit, className: 'narrow', maxlength: 40, error: errors[name('unit')] })}
</div>
<div class="row-fields">
${textField(ctx, { name: name('period'), label: t('adopt.result.period'), hint: t('adopt.result.periodHint'), value: row.period, maxlength: 60, error: errors[name('period')] })}
${textField(ctx, { name: name('sampleSize'), label: t('adopt.result.sampleSize'), value: row.sampleSize, inputmode: 'numeric', className: 'narrow', error: errors[name('sampleSize')] })}
</div>
${textField(ctx, { name: name('method'), label: t('adopt.result.method'), hint: t('adopt.result.methodHint'), value: row.method, maxlength: 1000, error: errors[name('method')] })}
${textField(ctx, { name: name('source'), label: t('adopt.result.source'), hint: t('adopt.result.sourceHint'), value: row.source, type: 'url', spellcheck: false, error: errors[name('source')] })}
${CARRIED_FIELDS.filter((f) => row[f]).map((f) => html`<input type="hidden" name="${name(f)}" value="${row[f]}">`)}
<div class="actions">${button(t('adopt.result.remove', { n }), { variant: 'tertiary', name: 'remove', value: String(i), formnovalidate: true, color: 'danger' })}</div>
</fieldset>`;
}

/**
 * Report an adoption of another agency's solution: how far we are, a note, when we started, in
 * which language, and our own results, rows added and removed by submit buttons (no JavaScript).
 * A report when one exists starts from it and becomes its next revision.
 */
export function adoptPage(ctx: PageContext, s: AdoptState): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const v = s.values;
  const f = s.record.fields;
  const title = textIn(f, 'title', textLanguage(f, undefined, ctx.lang)) ?? f.title;
  const agency = s.organisation?.displayName || s.organisation?.username || s.record.origin;
  const action = `/solutions/${s.record.id}/adopt`;
  const languages = LANGUAGES.map((l) => ({ value: l as string, label: ownLanguageName(l) }));
  if (v.language && !languages.some((o) => o.value === v.language)) languages.push({ value: v.language, label: ownLanguageName(v.language) });

  // Enter in a field submits the first submit button in tree order: the report, never a row's removal.
  const defaultSubmit = html`<button type="submit" class="ds-sr-only" tabindex="-1" aria-hidden="true">${t('adopt.submit')}</button>`;
  const body = html`<div class="narrow-page wide-form">
<p class="ds-paragraph"><a class="ds-link" href="${`/solutions/${s.record.id}`}">${t('adopt.back', { title })}</a></p>
<h1 class="ds-heading" data-size="lg">${t('adopt.title')}</h1>
${errorSummary(ctx, errors, ERROR_ORDER)}
<p class="ds-paragraph">${t('adopt.intro', { title, agency })}</p>
${s.ours ? html`<div class="ds-alert" data-color="info"><p class="ds-paragraph">${t('adopt.earlier', { status: valueLabel(ctx, 'adoptionStatus', s.ours.status), date: ctx.tr.date(s.ours.at), revision: ctx.tr.number(s.ours.revision + 1) })}</p></div>` : ''}
<form method="post" action="${action}" class="stack" novalidate>
${csrfField(ctx)}
${defaultSubmit}
${choiceGroup(ctx, { name: 'status', legend: t('adopt.status.legend'), hint: t('adopt.status.hint', { abandoned: valueLabel(ctx, 'adoptionStatus', 'abandoned') }), type: 'radio', values: [v.status], required: true, error: errors.status,
    options: ADOPTION_STATUSES.map((st) => ({ value: st, label: valueLabel(ctx, 'adoptionStatus', st) })) })}
${textArea(ctx, { name: 'note', label: t('adopt.note.label'), hint: t('adopt.note.hint'), value: v.note, rows: 6, lang: v.language && v.language !== ctx.lang ? v.language : undefined, error: errors.note })}
${textField(ctx, { name: 'startedAt', label: t('adopt.startedAt.label'), hint: t('adopt.startedAt.hint'), type: 'date', value: v.startedAt, className: 'narrow', error: errors.startedAt })}
${selectField(ctx, { name: 'language', label: t('adopt.language.label'), hint: t('adopt.language.hint'), value: v.language || ctx.lang, options: languages, required: true, error: errors.language })}
<fieldset class="ds-fieldset results-fieldset" id="f-results"${errors.results ? html` aria-describedby="f-results-error"` : ''}>
<legend class="ds-heading" data-size="xs">${t('adopt.results.legend')} <span class="optional">(${t('forms.optional')})</span></legend>
<p class="ds-paragraph hint">${t('adopt.results.hint')}</p>
${errors.results ? html`<p class="ds-validation-message" data-field="validation" id="f-results-error">${errors.results}</p>` : ''}
${v.results.map((row, i) => resultRow(ctx, row, i, errors))}
${v.results.length < MAX_ROWS ? html`<div class="actions">${button(t(v.results.length ? 'adopt.results.addAnother' : 'adopt.results.add'), { variant: 'secondary', name: 'add', value: 'results', formnovalidate: true })}</div>` : ''}
</fieldset>
<div class="actions">${button(t('adopt.submit'))}<a class="ds-button" data-variant="tertiary" href="${`/solutions/${s.record.id}`}">${t('adopt.cancel')}</a></div>
</form>
</div>`;
  return renderPage(ctx, { title: `${t('adopt.title')}: ${title}`, body, hasErrors: Object.keys(errors).length > 0, section: 'solutions' });
}

/** An agency does not adopt its own solution: said plainly, with the way back. */
export function ownSolutionPage(ctx: PageContext, record: SolutionRecord): string {
  const { t } = ctx.tr;
  const f = record.fields;
  const title = textIn(f, 'title', textLanguage(f, undefined, ctx.lang)) ?? f.title;
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('adopt.own.title')}</h1>
<p class="ds-paragraph">${t('adopt.own.text', { title })}</p>
<p class="ds-paragraph"><a class="ds-link" href="${`/solutions/${record.id}`}">${t('adopt.back', { title })}</a></p>
</div>`;
  return renderPage(ctx, { title: t('adopt.own.title'), body, section: 'solutions' });
}
