import t from 'tap';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, LOCALES_DIR, readCatalogue, translator, MissingTranslation, i18nextLookup, compileTemplate } from '../../src/http/web/i18n.js';

/** Keys whose value is reviewed markup (rendered with th()); every other value is plain text. */
const HTML_KEYS = new Set<string>([]);

function flatten(obj: Record<string, unknown>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out.set(key, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const vars = (s: string) => [...s.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]).sort();

const catalogues = new Map(LANGUAGES.map((l) => [l, flatten(readCatalogue(l))]));
const en = catalogues.get('en')!;

t.test('a catalogue folder with the same files for every language', async (t) => {
  const files = (l: string) => readdirSync(join(LOCALES_DIR, l)).filter((f) => f.endsWith('.json')).sort();
  for (const l of LANGUAGES) t.same(files(l), files('en'), `${l} has the same files as en`);
  t.ok(en.size > 50, `English has ${en.size} keys`);
});

t.test('every language has every key, no extra key, no empty text, the same variables', async (t) => {
  for (const lang of LANGUAGES) {
    const cat = catalogues.get(lang)!;
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    // Plural forms are compared by their base key: each language has the forms its own rules need.
    const base = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
    const missing = [...base(en)].filter((k) => !base(cat).has(k));
    const extra = [...base(cat)].filter((k) => !base(en).has(k));
    t.same(missing, [], `${lang}: no missing keys`);
    t.same(extra, [], `${lang}: no extra keys`);
    for (const [k, v] of cat) {
      if (!v.trim()) t.fail(`${lang}:${k} is empty`);
      const m = PLURAL.exec(k);
      if (m && !categories.includes(m[1] as Intl.LDMLPluralRule)) t.fail(`${lang}:${k} is a plural form ${lang} does not have`);
      const enKey = en.has(k) ? k : [...en.keys()].find((e) => e.replace(PLURAL, '') === k.replace(PLURAL, ''));
      if (enKey && JSON.stringify(vars(v).filter((x) => x !== 'count')) !== JSON.stringify(vars(en.get(enKey)!).filter((x) => x !== 'count'))) {
        t.fail(`${lang}:${k} has variables ${vars(v).join(',')} but English has ${vars(en.get(enKey)!).join(',')}`);
      }
      if (k.endsWith('_html') !== HTML_KEYS.has(k.replace(PLURAL, ''))) t.fail(`${lang}:${k}: markup only in allow-listed _html keys`);
      if (!k.endsWith('_html') && /<[a-z/][^>]*>/i.test(v)) t.fail(`${lang}:${k} contains markup but is not an _html key`);
    }
    for (const form of categories) {
      for (const k of en.keys()) {
        if (!k.endsWith('_other')) continue;
        const want = k.replace(/_other$/, `_${form}`);
        if (!cat.has(want)) t.fail(`${lang}: missing plural form ${want}`);
      }
    }
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

t.test('every key the code names exists in English (and so, by the test above, everywhere)', async (t) => {
  const root = join(LOCALES_DIR, '..', 'src');
  const used = new Set<string>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    // t('a.b'), th('a.b_html'), has('a.b'): literal keys only; keys built at run time are checked by the pages' tests.
    for (const m of text.matchAll(/\b(?:t|th|has)\(\s*'([a-zA-Z][\w.-]*\.[\w.-]+)'/g)) used.add(m[1]!);
  }
  t.ok(used.size > 30, `${used.size} keys named in src/`);
  const known = new Set([...en.keys()].map((k) => k.replace(PLURAL, '')));
  const missing = [...used].filter((k) => !known.has(k));
  t.same(missing, [], 'no key is named in the code without a text');
});

t.test('a missing key throws under test, so no page can show a raw key', async (t) => {
  const tr = translator('da');
  t.throws(() => tr.t('nowhere.to.be.found'), MissingTranslation);
  t.equal(tr.t('layout.signIn'), 'Log ind');
  t.equal(translator('fi').t('auth.signIn.errors.throttled', { count: 1 }).includes('1'), true);
});

t.test('texts with values, split once and filled, read exactly as i18next renders them', async (t) => {
  // Values that would trip a naive replace: $-patterns, braces, markup, numbers, null.
  const samples = (names: string[], round: number): Record<string, unknown> => {
    const out: Record<string, unknown> = { unused: 'never shown' };
    names.forEach((n, i) => {
      out[n] = [`«${n}» $& $1 $$ <b>&amp;`, 42 + i, `x${round}`, null, 0, 'ä\u00e5 ø'][(i + round) % 6];
    });
    return out;
  };
  let compared = 0;
  for (const lang of LANGUAGES) {
    const tr = translator(lang);
    const oracle = i18nextLookup(lang);
    for (const [key, value] of catalogues.get(lang)!) {
      if (PLURAL.test(key) || !value.includes('{{')) continue;
      const names = vars(value);
      t.ok(compileTemplate(value), `${lang}:${key} compiles`);
      for (let round = 0; round < 3; round++) {
        const v = samples(names, round);
        t.equal(tr.t(key, v), String(oracle(key, { ...v } as never)), `${lang}:${key} round ${round}`);
        compared++;
      }
      // A value left out stays as written, as i18next leaves it.
      const partial = samples(names, 1);
      delete partial[names[0]!];
      t.equal(tr.t(key, partial), String(oracle(key, { ...partial } as never)), `${lang}:${key} with ${names[0]} missing`);
    }
  }
  t.ok(compared > 100, `${compared} renderings compared`);
  // Plural texts (count) and what does not compile stay with i18next.
  t.equal(compileTemplate('{{n, number}} items'), null);
  t.equal(compileTemplate('see $t(other.key)'), null);
  t.equal(compileTemplate('{{- raw}}'), null);
  t.same(compileTemplate('a {{ b }} c'), { parts: ['a ', ' c'], names: ['b'], written: ['{{ b }}'] });
});
