import t from 'tap';
import { cataloguePage } from '../../src/http/web/pages/catalogue.js';
import type { PageContext } from '../../src/http/web/context.js';
import { translator } from '../../src/http/web/i18n.js';
import { FACET_NAMES, SEARCH_BOUNDS, type FacetName, type SolutionSearchResult } from '../../src/store/port/solutions.js';
import type { Deps } from '../../src/domain/deps.js';
import { tempDir, testConfig } from '../helpers/config.js';

/**
 * Past the store's bounds the catalogue must not present lower bounds as exact numbers: the total
 * says "more than", sampled facet counts carry a + and a sentence says what it means, and the
 * pages go on while pages come back full.
 */
function page(t: { teardown(fn: () => void): void }, lang: 'en' | 'da', result: Partial<SolutionSearchResult>, offset = 0): string {
  const deps = { config: testConfig(tempDir(t)), urls: { host: 'local.test' } } as unknown as Deps;
  const ctx: PageContext = { deps, tr: translator(lang), lang, viewer: null, csrfToken: 'x', path: '/solutions' };
  const all = <V>(v: V) => Object.fromEntries(FACET_NAMES.map((f) => [f, v])) as Record<FacetName, V>;
  return cataloguePage(ctx, {
    title: 'Solutions', path: '/solutions', fixed: {}, params: { q: 'ventetid' }, organisations: new Map(), offset, limit: 20,
    result: { items: [], total: 0, totalExact: true, facets: all([]), facetsExact: all(true), ...result },
  });
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const record = (i: number) => ({
  id: String(i), uri: `https://x.test/s/${i}`, actorId: 'a', authorId: null, local: false, url: null, origin: 'x.test', revision: 1, publishedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: null, deletedAt: null, repliesCount: 0, fields: { title: `T${i}`, summary: 'S', problem: 'P', approach: 'A', language: 'en' },
});

t.test('exact numbers are shown as they are', async (t) => {
  const html = text(page(t, 'en', { total: 2, facets: { ...Object.fromEntries(FACET_NAMES.map((f) => [f, []])), sector: [{ value: 'health', count: 2 }] } as SolutionSearchResult['facets'] }));
  t.match(html, /2 solutions/);
  t.notMatch(html, /More than|\+/);
  t.match(html, /\(2\)/);
});

t.test('a capped total and sampled facet counts are said to be lower bounds', async (t) => {
  const facets = { ...Object.fromEntries(FACET_NAMES.map((f) => [f, []])), sector: [{ value: 'health', count: 334 }], tag: [{ value: 'sms', count: 12 }] } as SolutionSearchResult['facets'];
  const facetsExact = { ...Object.fromEntries(FACET_NAMES.map((f) => [f, false])), tag: true } as SolutionSearchResult['facetsExact'];
  const items = Array.from({ length: 20 }, (_, i) => record(i));
  const en = text(page(t, 'en', { items, total: 10_000, totalExact: false, facets, facetsExact }, 9_980));
  t.match(en, /More than 10,000 solutions/);
  t.match(en, /\(334\+\)/, 'a sampled count carries a +');
  t.match(en, /\(12\)/, 'an exact one does not');
  t.match(en, new RegExp(`Counts marked \\+ are at least that many: they were counted among the ${SEARCH_BOUNDS.sample.toLocaleString('en')} most recent matches`));
  t.match(en, /Page 500 of more than 500/);
  t.match(en, /Next page/, 'a full page past the counted total: there is more');
  const da = text(page(t, 'da', { items, total: 10_000, totalExact: false, facets, facetsExact }));
  t.match(da, /Over 10\.000 løsninger/);
  t.match(da, /\(334\+\)/);
  t.match(da, /Tal med \+ er mindst så mange/);
});
