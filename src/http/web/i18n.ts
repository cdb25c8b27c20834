import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { escapeHtml, raw, type SafeHtml } from '../../html/escape.js';

/** The languages every page speaks; one catalogue folder each under locales/. */
export const LANGUAGES = ['da', 'nb', 'nn', 'sv', 'fi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Each language's own name, for the switcher (written in that language, so everyone finds theirs). */
export const LANGUAGE_NAMES: Record<Lang, string> = { da: 'Dansk', nb: 'Norsk bokmål', nn: 'Norsk nynorsk', sv: 'Svenska', fi: 'Suomi', en: 'English' };

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const LOCALES_DIR = join(root, 'locales');

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/**
 * A catalogue is locales/<lang>/<area>.json; the file name is the first key segment
 * (locales/da/auth.json's "title" is "auth.title"), so each area of the app owns its files.
 */
export function readCatalogue(lang: string, dir = LOCALES_DIR): Record<string, unknown> {
  const folder = join(dir, lang);
  const out: Record<string, unknown> = {};
  if (!existsSync(folder)) return out;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    out[file.slice(0, -5)] = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  }
  return out;
}

let instance: I18n | undefined;

/** Tests fail on a missing key; a running server logs it and shows the English text. */
const strict = () => process.env.TAP === '1' || process.env.SAMSPIL_STRICT_I18N === '1';

export class MissingTranslation extends Error {
  override name = 'MissingTranslation';
}

function i18n(): I18n {
  if (instance) return instance;
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  for (const lang of LANGUAGES) resources[lang] = { translation: readCatalogue(lang) };
  const created = i18next.createInstance();
  void created.init({
    resources,
    supportedLngs: [...LANGUAGES],
    fallbackLng: { nn: ['nb', 'en'], default: ['en'] },
    initImmediate: false,
    // The html tag escapes every value; escaping here too would show "&amp;amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  } as Parameters<I18n['init']>[0]);
  instance = created;
  return created;
}

export interface Translator {
  readonly lang: Lang;
  /** Plain text; values are inserted as they are (the html tag escapes the result). */
  t(key: string, vars?: Record<string, unknown>): string;
  /** Keys ending in `_html` only: reviewed markup, with every value escaped before it goes in. */
  th(key: string, vars?: Record<string, unknown>): SafeHtml;
  /** Whether a key exists (for optional texts such as a field's hint). */
  has(key: string): boolean;
  number(n: number, options?: Intl.NumberFormatOptions): string;
  /** A calendar date, e.g. "2. december 2026". */
  date(iso: string): string;
  /** Date and time, e.g. "2. dec. 2026 14.05". */
  dateTime(iso: string): string;
}

/**
 * A text split at its {{name}} placeholders. Only plain names compile; nesting ($t), formats
 * ({{n, number}}), the unescaped form ({{- x}}) and paths ({{a.b}}) stay with i18next.
 */
interface Compiled {
  readonly parts: readonly string[];
  readonly names: readonly string[];
  readonly written: readonly string[];
}

const PLACEHOLDER = /\{\{(.+?)\}\}/g;

export function compileTemplate(template: string): Compiled | null {
  if (template.includes('$t(')) return null;
  const parts: string[] = [];
  const names: string[] = [];
  const written: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!.trim();
    if (!/^\w+$/.test(name)) return null;
    parts.push(template.slice(last, m.index));
    names.push(name);
    written.push(m[0]);
    last = m.index! + m[0].length;
  }
  parts.push(template.slice(last));
  return { parts, names, written };
}

/** As i18next inserts a value: missing stays as written, null is empty, the rest as a string. */
function fill(c: Compiled, vars: Record<string, unknown>): string {
  let out = c.parts[0]!;
  for (let i = 0; i < c.names.length; i++) {
    const v = vars[c.names[i]!];
    out += (v === undefined ? c.written[i]! : v === null ? '' : typeof v === 'string' ? v : String(v)) + c.parts[i + 1]!;
  }
  return out;
}

/** Values i18next reads as options (plural count, context, language...): those calls go to i18next. */
const OPTION_NAMES = ['count', 'context', 'ordinal', 'lng', 'lngs', 'ns', 'defaultValue', 'returnObjects', 'replace', 'interpolation', 'postProcess', 'keyPrefix', 'fallbackLng', 'joinArrays', 'returnDetails'];
function hasOption(vars: Record<string, unknown>): boolean {
  for (const name of OPTION_NAMES) if (name in vars) return true;
  return false;
}

/** The uncached i18next lookup: the oracle the compiled texts are tested against. */
export function i18nextLookup(lang: Lang): TFunction {
  return i18n().getFixedT(lang);
}

const cache = new Map<Lang, Translator>();

export function translator(lang: Lang): Translator {
  const hit = cache.get(lang);
  if (hit) return hit;
  const inst = i18n();
  // getFixedT per language, never changeLanguage: concurrent requests would swap each other's language.
  const fixed: TFunction = inst.getFixedT(lang);
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const dates = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const dateTimes = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  // Texts without values, by key: i18next resolves every call from scratch, and that was a third
  // of a page's CPU. Only keys the catalogue holds are kept (a fixed set), never keys built from
  // data, so the map cannot grow with what the pages show.
  const plain = new Map<string, string>();
  // Texts with values, split once at their placeholders; null: leave the key to i18next.
  const compiled = new Map<string, Compiled | null>();
  const resolve = (key: string, vars?: Record<string, unknown>): string => {
    const exists = inst.exists(key, { ...(vars ?? {}), lng: lang, fallbackLng: false } as never);
    if (!exists && strict()) throw new MissingTranslation(`missing translation ${lang}:${key}`);
    const text = String(fixed(key, { ...(vars ?? {}) } as never));
    if (!vars && exists) plain.set(key, text);
    return text;
  };
  const lookup = (key: string, vars?: Record<string, unknown>): string => {
    if (!vars) return plain.get(key) ?? resolve(key);
    if (hasOption(vars)) return resolve(key, vars);
    let c = compiled.get(key);
    if (c === undefined) {
      // Without values i18next keeps every {{placeholder}} as written: that is the template.
      const template = plain.get(key) ?? resolve(key);
      if (!plain.has(key)) return resolve(key, vars);
      compiled.set(key, (c = compileTemplate(template)));
    }
    return c ? fill(c, vars) : resolve(key, vars);
  };
  const tr: Translator = {
    lang,
    t: lookup,
    th(key, vars) {
      if (!key.endsWith('_html')) throw new Error(`th() is only for _html keys, got ${key}`);
      const safe: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(vars ?? {})) safe[k] = v && typeof v === 'object' && 'value' in v ? (v as SafeHtml).value : escapeHtml(String(v));
      return raw(lookup(key, safe));
    },
    has: (key) => inst.exists(key, { lng: lang, fallbackLng: false } as never),
    number(n, options) {
      const k = JSON.stringify(options ?? {});
      let f = numberFormats.get(k);
      if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: 2, ...options })));
      return f.format(n);
    },
    date: (iso) => (Number.isNaN(Date.parse(iso)) ? iso : dates.format(new Date(iso))),
    dateTime: (iso) => (Number.isNaN(Date.parse(iso)) ? iso : dateTimes.format(new Date(iso))),
  };
  cache.set(lang, tr);
  return tr;
}

/** The best of our languages for an Accept-Language header (`no`, `nb-NO` -> nb; `nn-NO` -> nn). */
export function fromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.tag && x.tag !== '*' && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0]!;
    if (primary === 'no') return 'nb';
    if (isLang(primary)) return primary;
  }
  return undefined;
}

/** The instance's default page language: its first configured language we have words for. */
export function instanceLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const p = l.toLowerCase().split('-')[0]!;
    if (p === 'no') return 'nb';
    if (isLang(p)) return p;
  }
  return 'en';
}
