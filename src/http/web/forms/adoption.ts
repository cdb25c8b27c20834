import type { FieldError } from '../../../errors.js';
import type { AdoptionRecord } from '../../../store/port.js';
import type { Result } from '../../../domain/solutions/model.js';
import type { Translator } from '../i18n.js';
import type { FormErrors } from '../components/forms.js';
import { formString, type FormBody } from './body.js';

/** The columns of a result row on the form, in the order they are shown. */
export const RESULT_FIELDS = ['metric', 'baseline', 'value', 'unit', 'period', 'sampleSize', 'method', 'source'] as const;
/** Fields of a result the form does not show but carries, so a report made through the API loses nothing here. */
const CARRIED = ['target', 'direction'] as const;
type RowField = (typeof RESULT_FIELDS)[number] | (typeof CARRIED)[number];
export type ResultRow = Record<RowField, string>;
export const CARRIED_FIELDS: readonly RowField[] = CARRIED;
const NUMERIC = new Set<RowField>(['baseline', 'value', 'sampleSize', 'target']);

/** adoption.schema.json: at most 50 results. */
export const MAX_ROWS = 50;

/** The form as typed: strings only, so what was typed comes back exactly as it was. */
export interface AdoptionFormValues {
  status: string;
  note: string;
  startedAt: string;
  language: string;
  results: ResultRow[];
}

export function emptyRow(): ResultRow {
  return { metric: '', baseline: '', value: '', unit: '', period: '', sampleSize: '', method: '', source: '', target: '', direction: '' };
}

const isBlank = (row: ResultRow) => Object.values(row).every((v) => !v.trim());

/** Rows by their submitted index (`results.3.metric`), renumbered from 0 in that order. */
export function readAdoptionForm(body: FormBody): { values: AdoptionFormValues; add: boolean; remove: number | undefined } {
  const indices = new Set<number>();
  for (const name of Object.keys(body ?? {})) {
    const m = /^results\.(\d{1,3})\.([A-Za-z]+)$/.exec(name);
    if (m && Number(m[1]) < 200) indices.add(Number(m[1]));
  }
  const results = [...indices].sort((a, b) => a - b).slice(0, MAX_ROWS).map((i) => {
    const row = emptyRow();
    for (const f of [...RESULT_FIELDS, ...CARRIED]) row[f] = formString(body, `results.${i}.${f}`);
    return row;
  });
  const remove = formString(body, 'remove');
  return {
    values: { status: formString(body, 'status'), note: formString(body, 'note'), startedAt: formString(body, 'startedAt').trim(), language: formString(body, 'language'), results },
    add: formString(body, 'add') === 'results',
    remove: /^\d{1,3}$/.test(remove) ? Number(remove) : undefined,
  };
}

/** A number as the page's language writes it, without grouping, so it reads back unchanged. */
export function numberForInput(n: number, lang: string): string {
  return new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 20 }).format(n);
}

/** Our current adoption as the form shows it: a new report starts from the last one. */
export function valuesFromAdoption(a: AdoptionRecord, lang: string): AdoptionFormValues {
  const num = (n: number | undefined) => (n === undefined ? '' : numberForInput(n, lang));
  return {
    status: a.status, note: a.note, startedAt: a.startedAt ?? '', language: a.language ?? lang,
    results: a.results.map((r) => ({
      metric: r.metric, baseline: num(r.baseline), value: num(r.value), unit: r.unit ?? '', period: r.period ?? '', sampleSize: num(r.sampleSize),
      method: r.method ?? '', source: r.source ?? '', target: num(r.target), direction: r.direction ?? '',
    })),
  };
}

const decimalSeparators = new Map<string, string>();
function decimalSeparator(lang: string): string {
  let sep = decimalSeparators.get(lang);
  if (sep === undefined) {
    sep = new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    decimalSeparators.set(lang, sep);
  }
  return sep;
}

/**
 * A typed number, strictly: "12", "12,5", "12.5", "-3", "1 240" (spaces between groups of three).
 * Anything else is refused, never half-read ("12abc" is not 12). "1.240" on a Danish page (or
 * "1,240" on an English one) is most likely a thousands separator but could be a decimal, so it is
 * refused as ambiguous and the person is asked to write it without the separator.
 */
export function parseNumber(raw: string, lang: string): number | 'invalid' | 'ambiguous' {
  let s = raw.trim().replace(/\u2212/g, '-');
  if (/^-?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(s)) return 'invalid';
  const other = decimalSeparator(lang) === ',' ? '.' : ',';
  if (new RegExp(`^-?\\d{1,3}\\${other}\\d{3}$`).test(s)) return 'ambiguous';
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

export interface LocalError { name: string; row: number; field: RowField; kind: 'invalid' | 'ambiguous' }

/**
 * The form as the native API's body (schemas/adoption.schema.json): blank rows are left out, empty
 * fields are absent, numbers parsed. A number that cannot be read is left out of the body and
 * reported here; the domain's validation reports everything else in the same pass.
 */
export function toAdoptionBody(values: AdoptionFormValues, lang: string): { body: Record<string, unknown>; local: LocalError[]; rowOf: number[] } {
  const body: Record<string, unknown> = {};
  if (values.status) body.status = values.status;
  if (values.note.trim()) body.note = values.note;
  if (values.startedAt) body.startedAt = values.startedAt;
  if (values.language) body.language = values.language;
  const local: LocalError[] = [];
  const rowOf: number[] = [];
  const results: Array<Partial<Result>> = [];
  values.results.forEach((row, i) => {
    if (isBlank(row)) return;
    const r: Record<string, unknown> = {};
    for (const f of [...RESULT_FIELDS, ...CARRIED]) {
      const v = row[f].trim();
      if (!v) continue;
      if (NUMERIC.has(f)) {
        const n = parseNumber(v, lang);
        if (typeof n === 'number') r[f] = n;
        else local.push({ name: `results.${i}.${f}`, row: i, field: f, kind: n });
      } else r[f] = v;
    }
    rowOf.push(i);
    results.push(r);
  });
  if (results.length) body.results = results;
  return { body, local, rowOf };
}

const TOP = new Set(['status', 'note', 'startedAt', 'language', 'results']);

/** The order of the error summary: as the fields come on the page. */
export const ERROR_ORDER = ['status', 'note', 'startedAt', 'language', 'results'];

/**
 * The domain's field errors (JSON pointers into the body) and the form's own number errors as
 * messages by form field name, in the page's language.
 */
export function adoptionErrors(tr: Translator, domain: FieldError[], rowOf: number[], local: LocalError[]): FormErrors {
  const out: FormErrors = {};
  const label = (f: RowField) => (tr.has(`adopt.result.${f}`) ? tr.t(`adopt.result.${f}`) : f);
  for (const e of local) {
    const vars = { n: e.row + 1, field: label(e.field) };
    out[e.name] = e.field === 'sampleSize' && e.kind === 'invalid' ? tr.t('adopt.errors.result.sampleSize', vars) : tr.t(`adopt.errors.result.${e.kind === 'ambiguous' ? 'ambiguous' : 'number'}`, vars);
  }
  for (const e of domain) {
    const parts = e.pointer.split('/').slice(1);
    const missing = /required|fewer than 1|blank/.test(e.detail);
    if (parts[0] === 'results' && parts.length >= 3 && /^\d+$/.test(parts[1]!)) {
      const row = rowOf[Number(parts[1])] ?? Number(parts[1]);
      const field = parts[2] as RowField;
      const name = `results.${row}.${field}`;
      if (out[name]) continue;
      const vars = { n: row + 1, field: label(field) };
      if (field === 'metric') out[name] = tr.t(missing ? 'adopt.errors.result.metricRequired' : 'adopt.errors.result.metric', { ...vars, max: tr.number(300) });
      else if (field === 'value' && missing) out[name] = tr.t('adopt.errors.result.valueRequired', vars);
      else if (field === 'value' || field === 'baseline' || field === 'target') out[name] = tr.t('adopt.errors.result.number', vars);
      else if (field === 'sampleSize') out[name] = tr.t('adopt.errors.result.sampleSize', vars);
      else if (field === 'unit') out[name] = tr.t('adopt.errors.result.unit', { ...vars, max: tr.number(40) });
      else if (field === 'period') out[name] = tr.t('adopt.errors.result.period', { ...vars, max: tr.number(60) });
      else if (field === 'method') out[name] = tr.t('adopt.errors.result.method', { ...vars, max: tr.number(1000) });
      else if (field === 'source') out[name] = tr.t('adopt.errors.result.source', vars);
      else out[`results.${row}.metric`] ??= tr.t('adopt.errors.result.other', vars);
      continue;
    }
    const top = parts[0] ?? '';
    const name = TOP.has(top) ? top : 'status';
    if (out[name]) continue;
    if (name === 'note') out.note = tr.t('adopt.errors.note', { max: tr.number(5000) });
    else if (name === 'results') out.results = tr.t('adopt.errors.results', { max: tr.number(MAX_ROWS) });
    else out[name] = tr.t(`adopt.errors.${name}`);
  }
  return out;
}
