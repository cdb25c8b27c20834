import { html, type SafeHtml } from '../../../html/escape.js';
import type { PageContext } from '../context.js';

/** One message per field name; names are the form's (and the API's) field names, e.g. `results.0.metric`. */
export type FormErrors = Record<string, string>;

/** An id safe in CSS selectors and anchors for a field name such as `results.0.metric`. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Wrapper class for width ("narrow"), never for look. */
  className?: string;
}

function describedBy(f: FieldBase): string | undefined {
  const ids = [f.error ? `${fieldId(f.name)}-error` : '', f.hint ? `${fieldId(f.name)}-hint` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function labelAndHelp(ctx: PageContext, f: FieldBase): SafeHtml {
  const optionalWord = ctx.tr.t('forms.optional');
  return html`<label class="ds-label" for="${fieldId(f.name)}">${f.label}${!f.required && optionalWord ? html` <span class="optional">(${optionalWord})</span>` : ''}</label>
${f.hint ? html`<div data-field="description" class="ds-paragraph hint" id="${`${fieldId(f.name)}-hint`}">${f.hint}</div>` : ''}
${f.error ? html`<p class="ds-validation-message" data-field="validation" id="${`${fieldId(f.name)}-error`}"><span class="ds-sr-only">${ctx.tr.t('layout.errorPrefix')} </span>${f.error}</p>` : ''}`;
}

/**
 * Designsystemet's field without its custom element: `for`, `aria-describedby` and `aria-invalid`
 * are written here, on the server, because nothing wires them when JavaScript is off.
 */
export function textField(ctx: PageContext, f: FieldBase & { value?: string | number; type?: string; autocomplete?: string; inputmode?: string; spellcheck?: boolean; maxlength?: number; lang?: string }): SafeHtml {
  return html`<div class="${`ds-field${f.className ? ` ${f.className}` : ''}`}">
${labelAndHelp(ctx, f)}
<input class="ds-input" id="${fieldId(f.name)}" name="${f.name}" type="${f.type ?? 'text'}" value="${f.value ?? ''}"${f.lang ? html` lang="${f.lang}"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${f.spellcheck === false ? html` spellcheck="false" autocapitalize="none"` : ''}${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${describedBy(f) ? html` aria-describedby="${describedBy(f)}"` : ''}${f.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

export function textArea(ctx: PageContext, f: FieldBase & { value?: string; rows?: number; lang?: string }): SafeHtml {
  return html`<div class="${`ds-field${f.className ? ` ${f.className}` : ''}`}">
${labelAndHelp(ctx, f)}
<textarea class="ds-input" id="${fieldId(f.name)}" name="${f.name}" rows="${f.rows ?? 5}"${f.lang ? html` lang="${f.lang}"` : ''}${describedBy(f) ? html` aria-describedby="${describedBy(f)}"` : ''}${f.error ? html` aria-invalid="true"` : ''}>${f.value ?? ''}</textarea>
</div>`;
}

export function selectField(ctx: PageContext, f: FieldBase & { value?: string; options: Array<{ value: string; label: string }>; blank?: string }): SafeHtml {
  return html`<div class="${`ds-field${f.className ? ` ${f.className}` : ''}`}">
${labelAndHelp(ctx, f)}
<select class="ds-input" id="${fieldId(f.name)}" name="${f.name}"${describedBy(f) ? html` aria-describedby="${describedBy(f)}"` : ''}${f.error ? html` aria-invalid="true"` : ''}>
${f.blank !== undefined ? html`<option value="">${f.blank}</option>` : ''}
${f.options.map((o) => html`<option value="${o.value}"${o.value === f.value ? html` selected` : ''}>${o.label}</option>`)}
</select>
</div>`;
}

/** A group of checkboxes (or radios) with a legend; the error and hint belong to the fieldset. */
export function choiceGroup(ctx: PageContext, f: Omit<FieldBase, 'label'> & { legend: string; type: 'checkbox' | 'radio'; values: string[]; options: Array<{ value: string; label: string }> }): SafeHtml {
  const id = fieldId(f.name);
  const described = [f.error ? `${id}-error` : '', f.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="ds-fieldset" id="${id}"${described ? html` aria-describedby="${described}"` : ''}>
<legend>${f.legend}${!f.required ? html` <span class="optional">(${ctx.tr.t('forms.optional')})</span>` : ''}</legend>
${f.hint ? html`<p class="ds-paragraph hint" id="${`${id}-hint`}">${f.hint}</p>` : ''}
${f.error ? html`<p class="ds-validation-message" data-field="validation" id="${`${id}-error`}">${f.error}</p>` : ''}
<div class="choices">
${f.options.map((o, i) => html`<div class="ds-field choice"><input class="ds-input" type="${f.type}" id="${`${id}-${i}`}" name="${f.name}" value="${o.value}"${f.values.includes(o.value) ? html` checked` : ''}${f.error ? html` aria-invalid="true"` : ''}><label class="ds-label" for="${`${id}-${i}`}" data-weight="regular">${o.label}</label></div>`)}
</div>
</fieldset>`;
}

/**
 * The error summary at the top of the form: a heading and one link per problem, each to its field.
 * After a server-rendered POST the page is new, so no live region: the title's "Error:" prefix
 * and the summary first in <main> are what a screen-reader user meets.
 */
export function errorSummary(ctx: PageContext, errors: FormErrors, order?: string[]): SafeHtml | '' {
  const names = Object.keys(errors);
  if (!names.length) return '';
  const sorted = order ? [...names].sort((a, b) => rank(order, a) - rank(order, b)) : names;
  return html`<div class="ds-error-summary" tabindex="-1" id="error-summary" aria-labelledby="error-summary-heading">
<h2 class="ds-heading" data-size="xs" id="error-summary-heading">${ctx.tr.t('forms.errorSummary')}</h2>
<ul class="ds-list">${sorted.map((n) => html`<li><a class="ds-link" href="${`#${fieldId(n)}`}">${errors[n]}</a></li>`)}</ul>
</div>`;
}

function rank(order: string[], name: string): number {
  const i = order.findIndex((o) => name === o || name.startsWith(`${o}.`));
  return i < 0 ? order.length : i;
}

export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
}

export function button(text: string, options: { variant?: 'primary' | 'secondary' | 'tertiary'; name?: string; value?: string; formnovalidate?: boolean; color?: 'danger' } = {}): SafeHtml {
  return html`<button type="submit" class="ds-button" data-variant="${options.variant ?? 'primary'}"${options.color ? html` data-color="${options.color}"` : ''}${options.name ? html` name="${options.name}"` : ''}${options.value !== undefined ? html` value="${options.value}"` : ''}${options.formnovalidate ? html` formnovalidate` : ''}>${text}</button>`;
}
