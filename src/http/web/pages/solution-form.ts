import { escapeHtml, html, type SafeHtml } from '../../../html/escape.js';
import { MATURITIES, SECTORS } from '../../../domain/solutions/model.js';
import { MEDIA_LIMITS } from '../../../domain/media/media.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, choiceGroup, csrfField, errorSummary, fieldId, selectField, textArea, textField, type FormErrors } from '../components/forms.js';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n.js';
import { solutionPage } from './solution.js';
import type { SolutionPageData } from '../../../domain/solutions/pages.js';
import { FIELD_ORDER, MAX_ROWS, hiddenValues, type Group, type SolutionForm } from '../forms/solution.js';

/** The schema's enums, in the order the form offers them; their words are in values.*. */
const DIRECTIONS = ['lower-is-better', 'higher-is-better', 'neutral'];
const LINK_RELS = ['report', 'documentation', 'code', 'publiccode', 'dataset', 'video', 'website', 'other'];
const COST_PERIODS = ['once', 'P1D', 'P1W', 'P1M', 'P3M', 'P6M', 'P1Y'];
/** Common SPDX ids; an id is a name in every language, so it is its own label. */
const LICENCES = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0', 'MIT', 'EUPL-1.2'];
const ACCEPT = 'application/pdf,image/png,image/jpeg,image/gif,image/webp';

export const MB = (bytes: number) => Math.round(bytes / 1024 / 1024);

export interface SolutionFormState {
  form: SolutionForm;
  errors?: FormErrors;
  /** Where the form posts: /solutions/new or /solutions/:id/edit. */
  action: string;
  /** Set when revising: the solution's id and current title. */
  editing?: { id: string; title: string };
  /** The viewer's work goes to a publisher (an author, solutions.requireApproval on). */
  approval?: boolean;
  /** Set when changing a draft. */
  draft?: { id: string; title: string };
}

type Option = { value: string; label: string };

/** A stored value the list does not offer (a language or licence set through the API) stays choosable. */
function withCurrent(options: Option[], current: string): Option[] {
  return current && !options.some((o) => o.value === current) ? [...options, { value: current, label: current }] : options;
}

const languageOptions = (current: string): Option[] => withCurrent(LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })), current);

function section(id: string, heading: string, content: SafeHtml, hint?: string, error?: string): SafeHtml {
  return html`<fieldset class="ds-fieldset form-section" id="${id}"${hint ? html` aria-describedby="${`${id}-hint`}"` : ''}>
<legend><h2 class="ds-heading" data-size="sm">${heading}</h2></legend>
${hint ? html`<p class="ds-paragraph hint" id="${`${id}-hint`}">${hint}</p>` : ''}
${error ? html`<p class="ds-validation-message" data-field="validation" id="${`${id}-error`}">${error}</p>` : ''}
${content}
</fieldset>`;
}

function addButton(ctx: PageContext, form: SolutionForm, group: Exclude<Group, 'attachments'>): SafeHtml | '' {
  if (form[group].length >= MAX_ROWS[group]) return '';
  return html`<div class="actions">${button(ctx.tr.t(`solutionForm.add.${group}`), { variant: 'secondary', name: 'add', value: group, formnovalidate: true })}</div>`;
}

function rowFieldset(ctx: PageContext, group: Group, i: number, content: SafeHtml, legend?: SafeHtml): SafeHtml {
  const { t } = ctx.tr;
  return html`<fieldset class="ds-fieldset form-row" id="${fieldId(`${group}.${i}`)}">
<legend><h3 class="ds-heading" data-size="xs">${legend ?? t(`solutionForm.${group}.item`, { n: i + 1 })}</h3></legend>
${content}
<div class="actions">${button(t(`solutionForm.remove.${group}`, { n: i + 1 }), { variant: 'tertiary', name: 'remove', value: `${group}.${i}`, formnovalidate: true })}</div>
</fieldset>`;
}

/** The publish and revise form: every field of the native API, no JavaScript needed. */
export function solutionFormPage(ctx: PageContext, s: SolutionFormState): string {
  const { t } = ctx.tr;
  const f = s.form;
  const e = s.errors ?? {};
  const lang = f.language || undefined;
  const md = t('solutionForm.markdownHint');
  const v = (key: string, value: string) => ({ value, label: t(`values.${key}.${value}`) });

  const about = section('section-about', t('solutionForm.sections.about'), html`
${textField(ctx, { name: 'title', label: t('solutionForm.fields.title'), hint: t('solutionForm.hints.title'), value: f.title, required: true, lang, error: e.title })}
${textArea(ctx, { name: 'summary', label: t('solutionForm.fields.summary'), hint: t('solutionForm.hints.summary'), value: f.summary, rows: 3, required: true, lang, error: e.summary })}
${selectField(ctx, { name: 'language', label: t('solutionForm.fields.language'), hint: t('solutionForm.hints.language'), value: f.language, options: languageOptions(f.language), required: true, error: e.language })}
${textArea(ctx, { name: 'problem', label: t('solutionForm.fields.problem'), hint: `${t('solutionForm.hints.problem')} ${md}`, value: f.problem, rows: 6, required: true, lang, error: e.problem })}
${textArea(ctx, { name: 'approach', label: t('solutionForm.fields.approach'), hint: `${t('solutionForm.hints.approach')} ${md}`, value: f.approach, rows: 8, required: true, lang, error: e.approach })}`);

  const resultRows = f.results.map((r, i) => {
    const n = (k: string) => `results.${i}.${k}`;
    return rowFieldset(ctx, 'results', i, html`
${textField(ctx, { name: n('metric'), label: t('solutionForm.results.metric'), hint: i === 0 ? t('solutionForm.hints.metric') : undefined, value: r.metric, required: true, lang, error: e[n('metric')] })}
<div class="field-row">
${textField(ctx, { name: n('baseline'), label: t('solutionForm.results.baseline'), value: r.baseline, inputmode: 'decimal', className: 'narrow', error: e[n('baseline')] })}
${textField(ctx, { name: n('value'), label: t('solutionForm.results.value'), value: r.value, inputmode: 'decimal', required: true, className: 'narrow', error: e[n('value')] })}
${textField(ctx, { name: n('unit'), label: t('solutionForm.results.unit'), value: r.unit, className: 'narrow', lang, error: e[n('unit')] })}
${textField(ctx, { name: n('target'), label: t('solutionForm.results.target'), value: r.target, inputmode: 'decimal', className: 'narrow', error: e[n('target')] })}
</div>
${selectField(ctx, { name: n('direction'), label: t('solutionForm.results.direction'), value: r.direction, blank: t('solutionForm.notStated'), options: withCurrent(DIRECTIONS.map((d) => v('direction', d)), r.direction), error: e[n('direction')] })}
<div class="field-row">
${textField(ctx, { name: n('period'), label: t('solutionForm.results.period'), hint: t('solutionForm.hints.period'), value: r.period, lang, error: e[n('period')] })}
${textField(ctx, { name: n('sampleSize'), label: t('solutionForm.results.sampleSize'), hint: t('solutionForm.hints.sampleSize'), value: r.sampleSize, inputmode: 'numeric', error: e[n('sampleSize')] })}
</div>
${textArea(ctx, { name: n('method'), label: t('solutionForm.results.method'), value: r.method, rows: 2, lang, error: e[n('method')] })}
${textField(ctx, { name: n('source'), label: t('solutionForm.results.source'), hint: t('solutionForm.hints.url'), value: r.source, type: 'url', spellcheck: false, error: e[n('source')] })}`);
  });
  const results = section(fieldId('results'), t('solutionForm.sections.results'), html`${resultRows}${addButton(ctx, f, 'results')}
${textArea(ctx, { name: 'evidence', label: t('solutionForm.fields.evidence'), hint: `${t('solutionForm.hints.evidence')} ${md}`, value: f.evidence, rows: 4, lang, error: e.evidence })}`, `${t('solutionForm.hints.results')} ${t('solutionForm.hints.numbers')}`, e.results);

  const classification = section('section-classification', t('solutionForm.sections.classification'), html`
${choiceGroup(ctx, { name: 'maturity', legend: t('solutionForm.fields.maturity'), type: 'radio', values: [f.maturity], options: [{ value: '', label: t('solutionForm.notStated') }, ...withCurrent(MATURITIES.map((m) => v('maturity', m)), f.maturity)], error: e.maturity })}
${choiceGroup(ctx, { name: 'sectors', legend: t('solutionForm.fields.sectors'), type: 'checkbox', values: f.sectors, options: SECTORS.map((x) => v('sector', x)), error: e.sectors })}
${textField(ctx, { name: 'tags', label: t('solutionForm.fields.tags'), hint: t('solutionForm.hints.tags'), value: f.tags, spellcheck: false, lang, error: e.tags })}
${textArea(ctx, { name: 'targetGroups', label: t('solutionForm.fields.targetGroups'), hint: t('solutionForm.hints.targetGroups'), value: f.targetGroups, rows: 3, lang, error: e.targetGroups })}
${textField(ctx, { name: 'startedAt', label: t('solutionForm.fields.startedAt'), hint: t('solutionForm.hints.startedAt'), value: f.startedAt, type: 'date', className: 'narrow', error: e.startedAt })}`);

  const translationRows = f.translations.map((r, i) => {
    const n = (k: string) => `translations.${i}.${k}`;
    const rl = r.language || undefined;
    return rowFieldset(ctx, 'translations', i, html`
${selectField(ctx, { name: n('language'), label: t('solutionForm.translations.language'), value: r.language, blank: t('solutionForm.choose'), options: languageOptions(r.language), required: true, error: e[n('language')] })}
${textField(ctx, { name: n('title'), label: t('solutionForm.fields.title'), value: r.title, lang: rl, error: e[n('title')] })}
${textArea(ctx, { name: n('summary'), label: t('solutionForm.fields.summary'), value: r.summary, rows: 3, lang: rl, error: e[n('summary')] })}
${textArea(ctx, { name: n('problem'), label: t('solutionForm.fields.problem'), hint: md, value: r.problem, rows: 5, lang: rl, error: e[n('problem')] })}
${textArea(ctx, { name: n('approach'), label: t('solutionForm.fields.approach'), hint: md, value: r.approach, rows: 6, lang: rl, error: e[n('approach')] })}
${textArea(ctx, { name: n('evidence'), label: t('solutionForm.fields.evidence'), hint: md, value: r.evidence, rows: 3, lang: rl, error: e[n('evidence')] })}`);
  });
  const translations = section(fieldId('translations'), t('solutionForm.sections.translations'), html`${translationRows}${addButton(ctx, f, 'translations')}`, t('solutionForm.hints.translations'), e.translations);

  const adoption = section('section-adoption', t('solutionForm.sections.adoption'), html`
${textArea(ctx, { name: 'resources', label: t('solutionForm.fields.resources'), hint: `${t('solutionForm.hints.resources')} ${md}`, value: f.resources, rows: 4, lang, error: e.resources })}
<fieldset class="ds-fieldset" id="${fieldId('costs')}">
<legend><h3 class="ds-heading" data-size="xs">${t('solutionForm.costs.legend')}</h3></legend>
<div class="field-row">
${textField(ctx, { name: 'costs.amount', label: t('solutionForm.costs.amount'), value: f.costs.amount, inputmode: 'decimal', className: 'narrow', error: e['costs.amount'] })}
${textField(ctx, { name: 'costs.currency', label: t('solutionForm.costs.currency'), hint: t('solutionForm.hints.currency'), value: f.costs.currency, maxlength: 3, spellcheck: false, className: 'narrow', error: e['costs.currency'] })}
${selectField(ctx, { name: 'costs.period', label: t('solutionForm.costs.period'), value: f.costs.period, blank: t('solutionForm.notStated'), options: withCurrent(COST_PERIODS.map((p) => v('costPeriod', p)), f.costs.period), error: e['costs.period'] })}
</div>
${textField(ctx, { name: 'costs.note', label: t('solutionForm.costs.note'), value: f.costs.note, lang, error: e['costs.note'] })}
</fieldset>`);

  const contactRows = f.contacts.map((c, i) => {
    const n = (k: string) => `contacts.${i}.${k}`;
    return rowFieldset(ctx, 'contacts', i, html`
${textField(ctx, { name: n('name'), label: t('solutionForm.contacts.name'), value: c.name, autocomplete: 'off', required: true, error: e[n('name')] })}
${textField(ctx, { name: n('role'), label: t('solutionForm.contacts.role'), value: c.role, lang, error: e[n('role')] })}
${textField(ctx, { name: n('email'), label: t('solutionForm.contacts.email'), value: c.email, type: 'email', spellcheck: false, autocomplete: 'off', error: e[n('email')] })}
${textField(ctx, { name: n('actor'), label: t('solutionForm.contacts.actor'), hint: t('solutionForm.hints.actor'), value: c.actor, spellcheck: false, error: e[n('actor')] })}`);
  });
  const contacts = section(fieldId('contacts'), t('solutionForm.sections.contacts'), html`${contactRows}${addButton(ctx, f, 'contacts')}`, t('solutionForm.hints.contacts'), e.contacts);

  const linkRows = f.links.map((l, i) => {
    const n = (k: string) => `links.${i}.${k}`;
    return rowFieldset(ctx, 'links', i, html`
${textField(ctx, { name: n('title'), label: t('solutionForm.links.title'), value: l.title, required: true, lang, error: e[n('title')] })}
${textField(ctx, { name: n('href'), label: t('solutionForm.links.href'), hint: t('solutionForm.hints.url'), value: l.href, type: 'url', required: true, spellcheck: false, error: e[n('href')] })}
${selectField(ctx, { name: n('rel'), label: t('solutionForm.links.rel'), value: l.rel, blank: t('solutionForm.notStated'), options: withCurrent(LINK_RELS.map((r) => v('linkRel', r)), l.rel), error: e[n('rel')] })}`);
  });
  const reuse = section(fieldId('links'), t('solutionForm.sections.links'), html`
${selectField(ctx, { name: 'licence', label: t('solutionForm.fields.licence'), hint: t('solutionForm.hints.licence'), value: f.licence, blank: t('solutionForm.noLicence'), options: withCurrent([...LICENCES.map((l) => ({ value: l, label: l })), { value: 'other', label: t('values.licence.other') }], f.licence), error: e.licence })}
${linkRows}${addButton(ctx, f, 'links')}
${textArea(ctx, { name: 'relatedTo', label: t('solutionForm.fields.relatedTo'), hint: t('solutionForm.hints.relatedTo'), value: f.relatedTo, rows: 3, error: e.relatedTo })}`, undefined, e.links);

  const fileRows = f.attachments.map((a, i) => {
    const n = (k: string) => `attachments.${i}.${k}`;
    const kind = a.mediaType === 'application/pdf' ? 'PDF' : a.mediaType.replace(/^image\//, '').toUpperCase();
    // The upload itself is kept by its id (or, for a file the solution has, its address): nothing is sent twice.
    const keep = html`${a.mediaId ? html`<input type="hidden" name="${n('mediaId')}" value="${a.mediaId}">` : ''}${a.url ? html`<input type="hidden" name="${n('url')}" value="${a.url}">` : ''}`;
    const legend = html`${t('solutionForm.attachments.item', { n: i + 1 })}${kind ? ` (${kind})` : ''}${/^https?:\/\//.test(a.url) ? html`: <a class="ds-link" href="${a.url}">${t('solutionForm.attachments.open')}</a>` : ''}`;
    return rowFieldset(ctx, 'attachments', i, html`${keep}<input type="hidden" name="${n('mediaType')}" value="${a.mediaType}">
${textField(ctx, { name: n('name'), label: t('solutionForm.attachments.name'), hint: t('solutionForm.hints.attachmentName'), value: a.name, required: true, lang, error: e[n('name')] })}`, legend);
  });
  const uploadHint = t('solutionForm.hints.upload', { pdf: MB(MEDIA_LIMITS.documentBytes), image: MB(MEDIA_LIMITS.imageBytes), files: MEDIA_LIMITS.perPost });
  const uploadDescribed = [e.upload ? `${fieldId('upload')}-error` : '', `${fieldId('upload')}-hint`].filter(Boolean).join(' ');
  const files = section(fieldId('attachments'), t('solutionForm.sections.attachments'), html`${fileRows}
${f.attachments.length < MAX_ROWS.attachments ? html`<div class="ds-field">
<label class="ds-label" for="${fieldId('upload')}">${t('solutionForm.attachments.upload')} <span class="optional">(${t('forms.optional')})</span></label>
<div data-field="description" class="ds-paragraph hint" id="${`${fieldId('upload')}-hint`}">${uploadHint}</div>
${e.upload ? html`<p class="ds-validation-message" data-field="validation" id="${`${fieldId('upload')}-error`}"><span class="ds-sr-only">${t('layout.errorPrefix')} </span>${e.upload}</p>` : ''}
<input type="file" id="${fieldId('upload')}" name="upload" multiple accept="${ACCEPT}" aria-describedby="${uploadDescribed}"${e.upload ? html` aria-invalid="true"` : ''}>
</div>
<div class="actions">${button(t('solutionForm.add.attachments'), { variant: 'secondary', name: 'add', value: 'attachments', formnovalidate: true })}</div>` : ''}`, t('solutionForm.hints.attachments'), e.attachments);

  const title = s.draft ? t('solutionForm.draftTitle', { title: s.draft.title }) : s.editing ? t('solutionForm.editTitle', { title: s.editing.title }) : t('solutionForm.newTitle');
  const back = s.draft ? `/drafts/${s.draft.id}` : s.editing ? `/solutions/${s.editing.id}` : '/solutions';
  const body = html`<div class="form-page">
<h1 class="ds-heading" data-size="lg">${title}</h1>
<p class="ds-paragraph">${s.editing ? t('solutionForm.editIntro') : t('solutionForm.intro')}</p>
${s.approval ? html`<div class="ds-alert" data-color="info"><p class="ds-paragraph">${t('solutionForm.approvalNote')}</p></div>` : ''}
${errorSummary(ctx, e, FIELD_ORDER)}
<form method="post" action="${s.action}" enctype="multipart/form-data" class="stack solution-form" novalidate>
${csrfField(ctx)}
<button type="submit" name="action" value="preview" class="ds-sr-only" tabindex="-1" aria-hidden="true">${t('solutionForm.preview.button')}</button>
${about}
${results}
${classification}
${translations}
${adoption}
${contacts}
${reuse}
${files}
<div class="actions">${button(t('solutionForm.preview.button'), { name: 'action', value: 'preview' })}
<a class="ds-link" href="${back}">${t('solutionForm.cancel')}</a>
${s.editing && !s.draft ? html`<a class="ds-link" href="${`/solutions/${s.editing.id}/delete`}">${t('solutionForm.deleteLink')}</a>` : ''}</div>
</form>
</div>`;
  // The first button in the form is a hidden twin of "Preview": Enter in any field previews, it never removes a row.
  return renderPage(ctx, { title, body, hasErrors: Object.keys(e).length > 0, section: s.editing ? 'solutions' : 'publish' });
}

export interface PreviewState {
  data: SolutionPageData;
  form: SolutionForm;
  action: string;
  editing?: { id: string; revision: number };
  approval?: boolean;
}

/**
 * The solution page as it will look (solutionPage in preview mode: no question or adoption forms), with what was typed carried
 * in hidden fields under it and two buttons: publish (or save), or go back and change it.
 */
export function previewPage(ctx: PageContext, s: PreviewState): string {
  const { t } = ctx.tr;
  const notice = { kind: 'info' as const, text: t(s.approval ? 'solutionForm.preview.submitNotice' : s.editing ? 'solutionForm.preview.editNotice' : 'solutionForm.preview.notice') };
  const page = solutionPage({ ...ctx, notice }, s.data, { askedText: s.data.record.fields.language, question: { key: '' }, preview: true });
  const actions = html`<section class="preview-actions" id="preview-actions" aria-labelledby="preview-actions-heading">
<h2 class="ds-heading" data-size="md" id="preview-actions-heading">${s.approval ? t('solutionForm.preview.submitHeading') : s.editing ? t('solutionForm.preview.editHeading') : t('solutionForm.preview.heading')}</h2>
<p class="ds-paragraph">${s.approval ? t('solutionForm.preview.submitText') : s.editing ? t('solutionForm.preview.editText', { revision: s.editing.revision }) : t('solutionForm.preview.text')}</p>
<form method="post" action="${s.action}" enctype="multipart/form-data" novalidate>
${csrfField(ctx)}
${hiddenValues(s.form).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="actions">${button(s.approval ? t('solutionForm.preview.submit') : s.editing ? t('solutionForm.preview.save') : t('solutionForm.preview.publish'), { name: 'action', value: 'publish' })}
${button(t('solutionForm.preview.change'), { variant: 'secondary', name: 'action', value: 'change' })}</div>
</form>
</section>`;
  // Everything user-typed in `page` is escaped, so these two markers can only be the layout's own.
  const at = page.lastIndexOf('</main>');
  const withActions = at < 0 ? page : `${page.slice(0, at)}${actions.value}\n${page.slice(at)}`;
  return withActions.replace('<title>', `<title>${escapeHtml(t('solutionForm.preview.titlePrefix'))} `);
}

/** "You cannot change this solution": the domain said NOT_AUTHOR. */
export function refusedPage(ctx: PageContext, solutionId: string): string {
  const { t } = ctx.tr;
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${t('solutionForm.refused.title')}</h1>
<p class="ds-paragraph">${t('solutionForm.refused.text')}</p>
<p class="ds-paragraph"><a class="ds-link" href="${`/solutions/${solutionId}`}">${t('solutionForm.refused.back')}</a></p>
</div>`;
  return renderPage(ctx, { title: t('solutionForm.refused.title'), body, section: 'solutions' });
}

/** "Delete …? This cannot be undone": one button that deletes, one link that does not. */
export function deletePage(ctx: PageContext, s: { id: string; title: string }): string {
  const { t } = ctx.tr;
  const title = t('solutionForm.delete.title', { title: s.title });
  const body = html`<div class="narrow-page">
<h1 class="ds-heading" data-size="lg">${title}</h1>
<p class="ds-paragraph">${t('solutionForm.delete.text')}</p>
<form method="post" action="${`/solutions/${s.id}/delete`}" class="stack">
${csrfField(ctx)}
<div class="actions">${button(t('solutionForm.delete.confirm'), { color: 'danger' })}
<a class="ds-link" href="${`/solutions/${s.id}`}">${t('solutionForm.delete.cancel')}</a></div>
</form>
</div>`;
  return renderPage(ctx, { title, body, section: 'solutions' });
}
