import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { SCHEMAS_DIR } from '../../src/schemas.js';
import { solutionToArticle } from '../../src/activitypub/convert/solution.js';
import { SP_NS } from '../../src/activitypub/vocab/samspil.js';
import { renderMarkdown } from '../../src/html/markdown.js';
import type { Actor } from '../../src/store/port.js';
import type { SolutionFields } from '../../src/domain/solutions/model.js';
import { fullSolution } from './fixtures.js';

const AS = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'contexts', 'activitystreams.jsonld'), 'utf8'));
// Offline: only the AS2 context, from schemas/; anything else would be a fetch, which we never do.
const documentLoader = async (url: string) => {
  if (url === 'https://www.w3.org/ns/activitystreams') return { contextUrl: undefined, documentUrl: url, document: AS };
  throw new Error(`refused to fetch ${url}`);
};

t.test('our inline context is valid JSON-LD: a solution Article expands in safe mode with every term kept', async (t) => {
  const organisation = { uri: 'https://dk.example/users/jobcenter', followersUri: 'https://dk.example/users/jobcenter/followers' } as Actor;
  const article = solutionToArticle({
    record: { uri: 'https://dk.example/solutions/1', url: 'https://dk.example/solutions/1', revision: 2, publishedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z', fields: fullSolution() as unknown as SolutionFields },
    organisation, author: { uri: 'https://dk.example/users/hanne', displayName: 'Hanne', username: 'hanne' } as Actor, base: 'https://dk.example',
  });
  const expanded = (await jsonld.expand(article as never, { documentLoader: documentLoader as never, safe: true } as never)) as unknown as Array<Record<string, unknown>>;
  t.equal(expanded.length, 1);
  const node = expanded[0]!;
  t.same(node['@type'], ['http://www.w3.org/ns/activitystreams#Article']);
  for (const term of ['problem', 'approach', 'summaryText', 'evidence', 'resourcesNeeded', 'result', 'maturity', 'sector', 'targetGroup', 'contact', 'author', 'link', 'revision', 'primaryLanguage', 'adoptions']) {
    t.ok(node[`${SP_NS}${term}`], `sp:${term} expands`);
  }
  const byLang = (v: unknown) => Object.fromEntries((v as Array<{ '@language': string; '@value': string }>).map((x) => [x['@language'], x['@value']]));
  t.same(byLang(node[`${SP_NS}problem`]), {
    da: 'Næsten hver femte borger udeblev fra den første samtale i jobcentret.\n\nDet kostede tid og forsinkede indsatsen.',
    nb: 'Nesten hver femte borger uteble fra første samtale.',
    en: 'Almost one in five citizens missed the first meeting.',
  }, 'language maps');
  t.same(node[`${SP_NS}maturity`], [{ '@id': `${SP_NS}InUse` }]);
  t.ok(node['http://purl.org/dc/terms/license'] && node['http://purl.org/dc/terms/conformsTo'] && node['http://schema.org/estimatedCost'] && node['http://schema.org/startDate']);
  const results = (node[`${SP_NS}result`] as Array<{ '@list': Array<Record<string, unknown>> }>)[0]!['@list'];
  t.same(results[0]!['http://schema.org/value'], [{ '@value': 11, '@type': 'http://www.w3.org/2001/XMLSchema#decimal' }]);
  t.same(results[0]!['@type'], [`${SP_NS}Result`]);
});

t.test('the Markdown subset: escapes first, renders a few marks, nothing else', async (t) => {
  t.equal(renderMarkdown('a <b>x</b> & "y"'), '<p>a &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</p>');
  t.equal(renderMarkdown('one\ntwo\n\n- a\n- **b**\n\n1. x\n2. _y_'), '<p>one<br>two</p><ul><li>a</li><li><strong>b</strong></li></ul><ol><li>x</li><li><em>y</em></li></ol>');
  t.equal(renderMarkdown('see https://example.org/a?b=1&c=2.'), '<p>see <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>.</p>');
  t.equal(renderMarkdown('javascript:alert(1) <script>x</script>'), '<p>javascript:alert(1) &lt;script&gt;x&lt;/script&gt;</p>');
  t.equal(renderMarkdown('**"><img src=x>**'), '<p><strong>&quot;&gt;&lt;img src=x&gt;</strong></p>');
});
