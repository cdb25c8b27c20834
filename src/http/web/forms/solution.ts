import type { SolutionFields } from '../../../domain/solutions/model.js';
import type { FieldError } from '../../../errors.js';
import type { Translator } from '../i18n.js';
import type { FormErrors } from '../components/forms.js';
import { formString, formStrings, type FormBody } from './body.js';

/**
 * The publish/revise form as the person typed it: every value a string, repeatable groups as rows.
 * Field names are the native API's (`title`, `results.0.metric`, `translations.1.title`), so a
 * field in the form, a pointer in a domain error and a key in the API body name the same thing.
 */
export const GROUP_KEYS = {
  results: ['metric', 'baseline', 'value', 'unit', 'target', 'direction', 'period', 'sampleSize', 'method', 'source'],
  translations: ['language', 'title', 'summary', 'problem', 'approach', 'evidence'],
  contacts: ['name', 'role', 'email', 'actor'],
  links: ['title', 'href', 'rel'],
  // mediaId for an upload of this form; url + mediaType for a file the solution already has.
  attachments: ['mediaId', 'url', 'mediaType', 'name'],
} as const;

export type Group = keyof typeof GROUP_KEYS;
export const GROUPS = Object.keys(GROUP_KEYS) as Group[];
export type Row<G extends Group> = Record<(typeof GROUP_KEYS)[G][number], string>;

/** The schema's maxItems / maxProperties: the form offers no row beyond them. */
export const MAX_ROWS: Record<Group, number> = { results: 50, translations: 12, contacts: 20, links: 50, attachments: 20 };

export const COST_KEYS = ['amount', 'currency', 'period', 'note'] as const;

export interface SolutionForm {
  title: string;
  summary: string;
  problem: string;
  approach: string;
  language: string;
  evidence: string;
  maturity: string;
  sectors: string[];
  /** One field, words separated by spaces or commas. */
  tags: string;
  /** One per line. */
  targetGroups: string;
  resources: string;
  costs: Record<(typeof COST_KEYS)[number], string>;
  licence: string;
  /** One URL per line. */
  relatedTo: string;
  startedAt: string;
  results: Array<Row<'results'>>;
  translations: Array<Row<'translations'>>;
  contacts: Array<Row<'contacts'>>;
  links: Array<Row<'links'>>;
  attachments: Array<Row<'attachments'>>;
}

const SCALARS = ['title', 'summary', 'problem', 'approach', 'language', 'evidence', 'maturity', 'tags', 'targetGroups', 'resources', 'licence', 'relatedTo', 'startedAt'] as const;

/** The order fields appear in the form, for the error summary. */
export const FIELD_ORDER = [
  'title', 'summary', 'language', 'problem', 'approach', 'results', 'evidence', 'maturity', 'sectors', 'tags', 'targetGroups', 'startedAt',
  'translations', 'resources', 'costs', 'contacts', 'licence', 'links', 'relatedTo', 'attachments', 'upload',
];

/** The usual currency where each page language is spoken; English pages get the euro. */
export function defaultCurrency(lang: string): string {
  return ({ da: 'DKK', nb: 'NOK', nn: 'NOK', no: 'NOK', sv: 'SEK', fi: 'EUR' } as Record<string, string>)[lang.split('-')[0]!] ?? 'EUR';
}

export function emptyRow<G extends Group>(group: G): Row<G> {
  return Object.fromEntries(GROUP_KEYS[group].map((k) => [k, ''])) as Row<G>;
}

/** A new solution: one empty result, contact and link to start from; language and currency from the page. */
export function emptyForm(lang: string): SolutionForm {
  return {
    title: '', summary: '', problem: '', approach: '', language: lang, evidence: '', maturity: '', sectors: [], tags: '', targetGroups: '',
    resources: '', costs: { amount: '', currency: defaultCurrency(lang), period: '', note: '' }, licence: '', relatedTo: '', startedAt: '',
    results: [emptyRow('results')], translations: [], contacts: [emptyRow('contacts')], links: [emptyRow('links')], attachments: [],
  };
}

// Browsers send textarea line breaks as CRLF; the stored text has one spelling.
const lf = (s: string) => s.replace(/\r\n?/g, '\n');

function readRows<G extends Group>(body: FormBody, group: G): Array<Row<G>> {
  const keys = GROUP_KEYS[group] as readonly string[];
  const indexes = new Set<number>();
  const prefix = `${group}.`;
  for (const name of Object.keys(body)) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d{1,4})\.([A-Za-z]+)$/.exec(name.slice(prefix.length));
    if (m && keys.includes(m[2]!)) indexes.add(Number(m[1]));
  }
  // Row numbers are only an order: they are renumbered 0, 1, 2 … on every render.
  return [...indexes].sort((a, b) => a - b).slice(0, MAX_ROWS[group])
    .map((i) => Object.fromEntries(keys.map((k) => [k, lf(formString(body, `${group}.${i}.${k}`))])) as Row<G>);
}

/** The posted form, exactly as typed (line breaks aside), for re-rendering and for building the API body. */
export function readForm(body: FormBody | undefined): SolutionForm {
  const b = body ?? {};
  const form = {
    ...Object.fromEntries(SCALARS.map((k) => [k, lf(formString(b, k))])),
    sectors: formStrings(b, 'sectors'),
    costs: Object.fromEntries(COST_KEYS.map((k) => [k, lf(formString(b, `costs.${k}`))])),
  } as unknown as SolutionForm;
  for (const g of GROUPS) (form as unknown as Record<Group, unknown>)[g] = readRows(b, g);
  return form;
}

/** A stored solution as the form shows it: numbers with the page's decimal mark, lists as text. */
export function formFromFields(f: SolutionFields, pageLang: string): SolutionForm {
  const num = (n: number | undefined) => (n === undefined ? '' : numberText(n, pageLang));
  return {
    title: f.title, summary: f.summary, problem: f.problem, approach: f.approach, language: f.language, evidence: f.evidence ?? '',
    maturity: f.maturity ?? '', sectors: [...(f.sectors ?? [])], tags: (f.tags ?? []).join(' '), targetGroups: (f.targetGroups ?? []).join('\n'),
    resources: f.resources ?? '',
    costs: f.costs
      ? { amount: num(f.costs.amount), currency: f.costs.currency, period: f.costs.period ?? '', note: f.costs.note ?? '' }
      : { amount: '', currency: defaultCurrency(f.language), period: '', note: '' },
    licence: f.licence ?? '', relatedTo: (f.relatedTo ?? []).join('\n'), startedAt: f.startedAt ?? '',
    results: (f.results ?? []).map((r) => ({
      metric: r.metric, baseline: num(r.baseline), value: num(r.value), unit: r.unit ?? '', target: num(r.target), direction: r.direction ?? '',
      period: r.period ?? '', sampleSize: num(r.sampleSize), method: r.method ?? '', source: r.source ?? '',
    })),
    translations: Object.entries(f.translations ?? {}).map(([language, t]) => ({
      language, title: t.title ?? '', summary: t.summary ?? '', problem: t.problem ?? '', approach: t.approach ?? '', evidence: t.evidence ?? '',
    })),
    contacts: (f.contacts ?? []).map((c) => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', actor: c.actor ?? '' })),
    links: (f.links ?? []).map((l) => ({ title: l.title, href: l.href, rel: l.rel ?? '' })),
    attachments: (f.attachments ?? []).map((a) => ({ mediaId: '', url: a.url, mediaType: a.mediaType, name: a.name })),
  };
}

/** 12.5 as the page writes it ("12,5" on a Danish page); parseNumber reads both marks. */
function numberText(n: number, lang: string): string {
  const s = String(n);
  return /e/i.test(s) || lang.startsWith('en') ? s : s.replace('.', ',');
}

/**
 * A number as people type it: "12", "-3", "12,5" or "12.5", "1 240" (spaces between groups of
 * three). Anything else is undefined: "12a" or "1.240,5" is refused, never read as something else.
 */
export function parseNumber(text: string): number | undefined {
  let s = text.trim().replace(/\u2212/g, '-');
  if (/^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

/** Each has a message, solutionForm.errors.<rule>, with the field's label in it. */
export const RULES = [
  'required', 'tooLong', 'tooMany', 'number', 'integer', 'minimum', 'url', 'urlItem', 'email', 'handle', 'choice', 'date',
  'tag', 'duplicate', 'currency', 'language', 'languageTwice', 'attachmentUnusable', 'generic',
] as const;
export type Rule = (typeof RULES)[number];

/** A problem with one field, before it is put into words. */
export interface FormProblem {
  /** A form field name (`results.1.value`), a group (`results`), or '' for the form as a whole. */
  name: string;
  rule: Rule;
  vars?: Record<string, string | number>;
}

/** Which form row each API array item (or translation language) came from, since empty rows are dropped. */
export interface RowMap {
  results: number[];
  contacts: number[];
  links: number[];
  attachments: number[];
  translations: Record<string, number>;
  tags: string[];
  targetGroups: string[];
  relatedTo: string[];
  sectors: string[];
}

const blank = (row: Record<string, string>, keys: readonly string[]) => keys.every((k) => !(row[k] ?? '').trim());
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * The native API body for POST /api/v1/solutions: empty rows and empty fields left out, numbers
 * parsed strictly (a bad one is a problem naming its field), lists split. Rules the schema holds
 * (required, lengths, URLs) are left to the domain, which reports them by pointer.
 */
export function toApiBody(form: SolutionForm): { body: Record<string, unknown>; problems: FormProblem[]; map: RowMap } {
  const body: Record<string, unknown> = {};
  const problems: FormProblem[] = [];
  // Keyed by what was typed as a language: no prototype, so "__proto__" is only a (bad) language code.
  const map: RowMap = { results: [], contacts: [], links: [], attachments: [], translations: Object.create(null) as Record<string, number>, tags: [], targetGroups: [], relatedTo: [], sectors: [] };
  const text = (key: string, value: string, into: Record<string, unknown> = body) => {
    const v = value.trim();
    if (v) into[key] = v;
  };
  const number = (name: string, key: string, value: string, into: Record<string, unknown>) => {
    if (!value.trim()) return;
    const n = parseNumber(value);
    if (n === undefined) problems.push({ name, rule: 'number' });
    else into[key] = n;
  };

  for (const k of ['title', 'summary', 'problem', 'approach'] as const) text(k, form[k]);
  text('language', form.language);

  const results = form.results.flatMap((r, i) => {
    if (blank(r, GROUP_KEYS.results)) return [];
    const out: Record<string, unknown> = {};
    text('metric', r.metric, out);
    number(`results.${i}.baseline`, 'baseline', r.baseline, out);
    number(`results.${i}.value`, 'value', r.value, out);
    text('unit', r.unit, out);
    number(`results.${i}.target`, 'target', r.target, out);
    text('direction', r.direction, out);
    text('period', r.period, out);
    number(`results.${i}.sampleSize`, 'sampleSize', r.sampleSize, out);
    text('method', r.method, out);
    text('source', r.source, out);
    map.results.push(i);
    return [out];
  });
  if (results.length) body.results = results;

  text('evidence', form.evidence);
  text('maturity', form.maturity);
  const sectors = form.sectors.map((s) => s.trim()).filter(Boolean);
  if (sectors.length) body.sectors = map.sectors = sectors;
  // "#jobcenter, sms" and "jobcenter sms" are the same two tags; the API wants them without '#'.
  const tags = [...new Set(form.tags.split(/[\s,]+/).map((t) => t.replace(/^#+/, '')).filter(Boolean))];
  if (tags.length) body.tags = map.tags = tags;
  const groups = lines(form.targetGroups);
  if (groups.length) body.targetGroups = map.targetGroups = groups;

  const translations = new Map<string, Record<string, string>>();
  form.translations.forEach((row, i) => {
    const texts = ['title', 'summary', 'problem', 'approach', 'evidence'] as const;
    if (blank(row, texts)) return;
    const lang = row.language.trim();
    if (!lang) return void problems.push({ name: `translations.${i}.language`, rule: 'required' });
    if (translations.has(lang)) return void problems.push({ name: `translations.${i}.language`, rule: 'languageTwice' });
    const out: Record<string, string> = {};
    for (const k of texts) text(k, row[k], out);
    translations.set(lang, out);
    map.translations[lang] = i;
  });
  if (translations.size) body.translations = Object.fromEntries(translations);

  text('resources', form.resources);
  // The currency is filled in beforehand, so it alone does not make a cost figure.
  if (!blank(form.costs, ['amount', 'period', 'note'])) {
    const costs: Record<string, unknown> = {};
    number('costs.amount', 'amount', form.costs.amount, costs);
    text('currency', form.costs.currency.toUpperCase(), costs);
    text('period', form.costs.period, costs);
    text('note', form.costs.note, costs);
    body.costs = costs;
  }

  const contacts = form.contacts.flatMap((c, i) => {
    if (blank(c, GROUP_KEYS.contacts)) return [];
    const out: Record<string, unknown> = {};
    for (const k of GROUP_KEYS.contacts) text(k, c[k], out);
    map.contacts.push(i);
    return [out];
  });
  if (contacts.length) body.contacts = contacts;

  text('licence', form.licence);

  const links = form.links.flatMap((l, i) => {
    if (blank(l, GROUP_KEYS.links)) return [];
    const out: Record<string, unknown> = {};
    text('href', l.href, out);
    text('title', l.title, out);
    text('rel', l.rel, out);
    map.links.push(i);
    return [out];
  });
  if (links.length) body.links = links;

  const attachments = form.attachments.flatMap((a, i) => {
    const name = a.name.trim();
    let out: Record<string, unknown>;
    // Exactly what the native API takes: an upload by id, or a file the solution already has.
    if (a.mediaId.trim()) out = { mediaId: a.mediaId.trim(), ...(name ? { name } : {}) };
    else if (a.url.trim()) out = { url: a.url.trim(), mediaType: a.mediaType.trim(), ...(name ? { name } : {}) };
    else return [];
    map.attachments.push(i);
    return [out];
  });
  if (attachments.length) body.attachments = attachments;

  const related = lines(form.relatedTo);
  if (related.length) body.relatedTo = map.relatedTo = related;
  text('startedAt', form.startedAt);
  return { body, problems, map };
}

/**
 * The PATCH body for a revision: the whole form, and "" or [] for every field the current
 * revision has and the form left empty, so clearing a field in the form clears it.
 */
export function toPatchBody(body: Record<string, unknown>, current: SolutionFields): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...body };
  for (const [k, v] of Object.entries(current)) if (!(k in patch)) patch[k] = Array.isArray(v) ? [] : '';
  return patch;
}

const URL_FIELDS = /^(results\.\d+\.source|links\.\d+\.href|attachments\.\d+\.url|relatedTo)$/;
const LIST_FIELDS = new Set(['tags', 'targetGroups', 'relatedTo', 'sectors']);
const ROW_GROUPS = new Set(['results', 'contacts', 'links', 'attachments']);

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Where a domain error's JSON pointer is in the form, and the value it is about for list fields. */
function locate(pointer: string, map: RowMap): { name: string; value?: string } {
  const [head = '', second, third] = pointer.split('/').slice(1).map(unescapePointer);
  if (ROW_GROUPS.has(head)) {
    const group = head as 'results' | 'contacts' | 'links' | 'attachments';
    const row = second === undefined ? undefined : map[group][Number(second)];
    if (row === undefined) return { name: group };
    let key = third ?? GROUP_KEYS[group][0];
    // An upload's id and a kept file's address are hidden: the error goes by the file's title.
    if (group === 'attachments' && key !== 'name') key = 'name';
    return { name: `${group}.${row}.${key}` };
  }
  if (head === 'translations') {
    const row = second === undefined ? undefined : map.translations[second];
    return row === undefined ? { name: 'translations' } : { name: `translations.${row}.${third ?? 'language'}` };
  }
  if (head === 'costs') return { name: `costs.${third === undefined && second && (COST_KEYS as readonly string[]).includes(second) ? second : 'amount'}` };
  if (LIST_FIELDS.has(head)) {
    const list = map[head as 'tags'];
    return { name: head, ...(second !== undefined && list[Number(second)] !== undefined ? { value: list[Number(second)] } : {}) };
  }
  if ((SCALARS as readonly string[]).includes(head)) return { name: head };
  return { name: '' };
}

/** Ajv's sentence for a broken rule (validate.ts fieldErrors) as the rule it is. */
function ruleOf(detail: string, name: string, value: string | undefined): Pick<FormProblem, 'rule' | 'vars'> {
  let m: RegExpExecArray | null;
  if (detail === 'is required' || detail === 'must not be blank' || /fewer than 1 characters/.test(detail)) return { rule: 'required' };
  if ((m = /^must NOT have more than (\d+) characters/.exec(detail))) return { rule: 'tooLong', vars: { max: Number(m[1]) } };
  if ((m = /^must NOT have more than (\d+) (items|properties)/.exec(detail))) return { rule: 'tooMany', vars: { max: Number(m[1]) } };
  if ((m = /at most (\d+) attachments/.exec(detail))) return { rule: 'tooMany', vars: { max: Number(m[1]) } };
  if (name === 'attachments' || (name.startsWith('attachments.') && /media|upload/i.test(detail))) return { rule: 'attachmentUnusable' };
  if (detail === 'must be number') return { rule: 'number' };
  if (detail === 'must be integer') return { rule: 'integer' };
  if ((m = /^must be >= (\S+)/.exec(detail))) return { rule: 'minimum', vars: { min: m[1]! } };
  if (/format "email"/.test(detail)) return { rule: 'email' };
  if (/format "date"/.test(detail)) return { rule: 'date' };
  if (/duplicate items/.test(detail)) return { rule: 'duplicate' };
  if (/^must be one of/.test(detail)) return { rule: 'choice' };
  if (/format "uri"|pattern "\^https\?:/.test(detail) || (/pattern/.test(detail) && URL_FIELDS.test(name))) {
    return value !== undefined ? { rule: 'urlItem', vars: { value } } : { rule: 'url' };
  }
  if (/pattern/.test(detail)) {
    if (name === 'tags') return value !== undefined ? { rule: 'tag', vars: { value } } : { rule: 'generic' };
    if (name === 'costs.currency') return { rule: 'currency' };
    if (/^contacts\.\d+\.actor$/.test(name)) return { rule: 'handle' };
    if (name === 'language' || /^translations\.\d+\.language$/.test(name)) return { rule: 'language' };
    if (name === 'licence') return { rule: 'choice' };
  }
  return { rule: 'generic' };
}

/** The domain's VALIDATION_FAILED entries as problems with form field names. */
export function problemsFromDomain(errors: FieldError[] | undefined, map: RowMap): FormProblem[] {
  return (errors ?? []).map((e) => {
    const { name, value } = locate(e.pointer, map);
    return { name, ...ruleOf(e.detail, name, value) };
  });
}

/** The visible label of a form field, with its row ("What was measured (result 2)") so a message stands alone. */
export function fieldLabel(tr: Translator, name: string): string {
  const m = /^(results|translations|contacts|links|attachments)\.(\d+)\.(\w+)$/.exec(name);
  if (m) {
    const [, group, index, key] = m;
    const label = group === 'translations' && key !== 'language' ? tr.t(`solutionForm.fields.${key}`) : tr.t(`solutionForm.${group}.${key}`);
    return tr.t('solutionForm.rowLabel', { label, row: tr.t(`solutionForm.${group}.item`, { n: Number(index) + 1 }) });
  }
  if (name.startsWith('costs.')) return tr.t(`solutionForm.costs.${name.slice(6)}`);
  if (GROUPS.includes(name as Group)) return tr.t(`solutionForm.sections.${name}`);
  if (name === 'upload') return tr.t('solutionForm.attachments.upload');
  return tr.t(`solutionForm.fields.${name || 'title'}`);
}

/** Problems as one translated message per field (the first problem of a field wins). */
export function formMessages(tr: Translator, problems: FormProblem[]): FormErrors {
  const out: FormErrors = {};
  for (const p of problems) {
    const name = p.name || 'title';
    if (out[name]) continue;
    const label = p.name ? fieldLabel(tr, p.name) : tr.t('solutionForm.fields.title');
    out[name] = tr.t(`solutionForm.errors.${p.rule}`, { label, ...(p.vars ?? {}) });
  }
  return out;
}

/** Every value of the form as hidden fields (name, value), for the preview page's Publish and Change. */
export function hiddenValues(form: SolutionForm): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const k of SCALARS) if (form[k]) out.push([k, form[k]]);
  for (const s of form.sectors) out.push(['sectors', s]);
  for (const k of COST_KEYS) if (form.costs[k]) out.push([`costs.${k}`, form.costs[k]]);
  for (const g of GROUPS) {
    (form[g] as Array<Record<string, string>>).forEach((row, i) => {
      for (const k of GROUP_KEYS[g]) if (row[k]) out.push([`${g}.${i}.${k}`, row[k]!]);
    });
  }
  return out;
}

/** "Add another result": one empty row more, unless the group is full. */
export function addRow(form: SolutionForm, group: string): SolutionForm {
  if (!GROUPS.includes(group as Group) || group === 'attachments') return form;
  const g = group as Exclude<Group, 'attachments'>;
  if (form[g].length >= MAX_ROWS[g]) return form;
  return { ...form, [g]: [...form[g], emptyRow(g)] };
}

/** "Remove result 2" (value `results.1`): that row goes, every other value stays. */
export function removeRow(form: SolutionForm, which: string): SolutionForm {
  const m = /^(results|translations|contacts|links|attachments)\.(\d{1,4})$/.exec(which);
  if (!m) return form;
  const g = m[1] as Group;
  const i = Number(m[2]);
  return { ...form, [g]: (form[g] as unknown[]).filter((_, j) => j !== i) };
}
