import { html } from '../../../html/escape.js';
import type { Actor } from '../../../store/port.js';
import { AGENCY_LIMITS } from '../../../domain/admin/agency-profile.js';
import type { PageContext } from '../context.js';
import { renderPage } from '../components/layout.js';
import { button, csrfField, errorSummary, fieldId, textArea, textField, type FormErrors } from '../components/forms.js';
import { adminNavFor } from './admin.js';

export interface AgencyProfileValues {
  displayName: string;
  note: string;
  fields: Array<{ name: string; value: string }>;
  removeAvatar: boolean;
  removeHeader: boolean;
}

function fileField(ctx: PageContext, name: string, label: string, hint: string, error?: string) {
  const id = fieldId(name);
  const described = [error ? `${id}-error` : '', `${id}-hint`].filter(Boolean).join(' ');
  return html`<div class="ds-field">
<label class="ds-label" for="${id}">${label} <span class="optional">(${ctx.tr.t('forms.optional')})</span></label>
<div data-field="description" class="ds-paragraph hint" id="${`${id}-hint`}">${hint}</div>
${error ? html`<p class="ds-validation-message" data-field="validation" id="${`${id}-error`}"><span class="ds-sr-only">${ctx.tr.t('layout.errorPrefix')} </span>${error}</p>` : ''}
<input class="ds-input" type="file" id="${id}" name="${name}" accept="image/jpeg,image/png,image/gif,image/webp" aria-describedby="${described}"${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

function checkbox(name: string, label: string, checked: boolean) {
  return html`<div class="ds-field choice"><input class="ds-input" type="checkbox" id="${fieldId(name)}" name="${name}" value="1"${checked ? html` checked` : ''}><label class="ds-label" for="${fieldId(name)}" data-weight="regular">${label}</label></div>`;
}

/** `/admin/profile`: the agency's name, text, images and fields, sent to followers on save. */
export function agencyProfilePage(ctx: PageContext, s: { actor: Actor; edited: boolean; values: AgencyProfileValues; errors?: FormErrors }): string {
  const { t } = ctx.tr;
  const errors = s.errors ?? {};
  const rows = Array.from({ length: AGENCY_LIMITS.fields }, (_, i) => s.values.fields[i] ?? { name: '', value: '' });
  const body = html`${adminNavFor(ctx, 'profile')}
<div class="narrow-page">
${errorSummary(ctx, errors, ['displayName', 'note', 'avatar', 'header', 'fields'])}
<h1 class="ds-heading" data-size="lg">${t('admin.profile.title')}</h1>
<p class="ds-paragraph">${t('admin.profile.intro')}</p>
${s.edited ? '' : html`<p class="ds-paragraph">${t('admin.profile.configNote')}</p>`}
<form method="post" action="/admin/profile" enctype="multipart/form-data" class="stack" novalidate>
${csrfField(ctx)}
${textField(ctx, { name: 'displayName', label: t('admin.profile.displayName'), hint: t('admin.profile.displayNameHint', { max: AGENCY_LIMITS.displayName }), value: s.values.displayName, required: true, autocomplete: 'organization', error: errors.displayName })}
${textArea(ctx, { name: 'note', label: t('admin.profile.note'), hint: t('admin.profile.noteHint', { max: AGENCY_LIMITS.note }), value: s.values.note, rows: 5, error: errors.note })}
${s.actor.avatarUrl ? html`<figure class="profile-image"><img src="${s.actor.avatarUrl}" alt="${t('admin.profile.currentAvatar')}" class="avatar-preview" width="96" height="96"></figure>` : ''}
${fileField(ctx, 'avatar', t('admin.profile.avatar'), t('admin.profile.avatarHint'), errors.avatar)}
${s.actor.avatarUrl ? checkbox('removeAvatar', t('admin.profile.removeAvatar'), s.values.removeAvatar) : ''}
${s.actor.headerUrl ? html`<figure class="profile-image"><img src="${s.actor.headerUrl}" alt="${t('admin.profile.currentHeader')}" class="header-preview"></figure>` : ''}
${fileField(ctx, 'header', t('admin.profile.header'), t('admin.profile.headerHint'), errors.header)}
${s.actor.headerUrl ? checkbox('removeHeader', t('admin.profile.removeHeader'), s.values.removeHeader) : ''}
<fieldset class="ds-fieldset" id="${fieldId('fields')}" aria-describedby="${`${fieldId('fields')}-hint`}">
<legend>${t('admin.profile.fieldsLegend')} <span class="optional">(${t('forms.optional')})</span></legend>
<p class="ds-paragraph hint" id="${`${fieldId('fields')}-hint`}">${t('admin.profile.fieldsHint', { max: AGENCY_LIMITS.fields })}</p>
${errors.fields ? html`<p class="ds-validation-message" data-field="validation">${errors.fields}</p>` : ''}
${rows.map((f, i) => html`<div class="field-pair">
${textField(ctx, { name: `fields.${i}.name`, label: t('admin.profile.fieldName', { n: i + 1 }), value: f.name, maxlength: AGENCY_LIMITS.fieldName, error: errors[`fields.${i}.name`] })}
${textField(ctx, { name: `fields.${i}.value`, label: t('admin.profile.fieldValue', { n: i + 1 }), value: f.value, maxlength: AGENCY_LIMITS.fieldValue, error: errors[`fields.${i}.value`] })}
</div>`)}
</fieldset>
<div class="actions">${button(t('admin.profile.submit'))}</div>
</form>
</div>`;
  return renderPage(ctx, { title: t('admin.profile.title'), body, hasErrors: Object.keys(errors).length > 0, section: 'admin' });
}
