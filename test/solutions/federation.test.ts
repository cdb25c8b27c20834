import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { SOLUTION_CONTEXT, SOLUTION_PROFILE } from '../../src/activitypub/vocab/samspil.js';
import { FIELD_NAMES } from '../../src/domain/solutions/model.js';
import { fullSolution, staffToken } from './fixtures.js';
import { sendSigned, agencyFollows } from './federate.js';

const send = (from: TestInstance, to: TestInstance, activity: Record<string, unknown>) => sendSigned(from, to, activity, SOLUTION_CONTEXT);
const follow = agencyFollows;

const AS2 = { accept: 'application/activity+json' };

/** The native view of the copy a receiver holds of `uri`. */
async function viewOn(i: TestInstance, uri: string) {
  const record = await i.it.deps.store.solutions.getByUri(uri);
  if (!record) return undefined;
  const res = await i.it.app.inject({ url: `/api/v1/solutions/${record.id}` });
  return res.statusCode === 200 ? res.json() : undefined;
}

t.test('a solution federates as an Article and round-trips every field; Update and Delete propagate', async (t) => {
  const a = await testInstance(t, 'sol-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } });
  const b = await testInstance(t, 'sol-b', { instance: { agencyUsername: 'agency', agencyDisplayName: 'NAV Asker', languages: ['nb'] } });
  await follow(b, a);
  const token = await staffToken(a.it.deps);
  const posted = await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution() });
  t.equal(posted.statusCode, 201, posted.body);
  const s = posted.json();

  // What a Mastodon-style consumer reads, from the solution's id over HTTP.
  const wire = await fetch(s.uri, { headers: AS2 });
  t.equal(wire.status, 200);
  t.match(wire.headers.get('content-type'), /application\/activity\+json/);
  const article = (await wire.json()) as Record<string, any>;
  t.equal(article.type, 'Article', 'a plain Article, no type array');
  t.equal(article.id, s.uri);
  t.equal(article.name, 'Sms-påmindelse før første samtale', 'name = title (Mastodon shows it as the heading)');
  t.match(article.summary, /^<p>Udeblivelser fra første samtale faldt/, 'summary = the summary ...');
  t.match(article.summary, /18 → 11 %/, '... with the key result, since Mastodon does not show content');
  t.match(article.summary, /<a href="[^"]+\/tags\/jobcenter" class="mention hashtag" rel="tag">#<span>jobcenter<\/span><\/a>/);
  t.match(article.content, /^<h3>Problem<\/h3><p>Næsten hver femte borger/, 'content is HTML');
  t.match(article.content, /<h3>Resultater<\/h3><ul><li>Udeblivelser fra første samtale: 18 → 11 % \(2025, n = 1\.240\)<\/li>/);
  t.notMatch(article.content, /<script|<table/);
  t.equal(article.url, s.url, 'url = the HTML page');
  t.equal(article.attributedTo, `http://${a.domain}/users/agency`, 'attributed to the agency, one value');
  t.equal(article.published, s.published);
  t.same(article.to, [PUBLIC]);
  t.same(article.cc, [`http://${a.domain}/users/agency/followers`]);
  t.same(article.tag.map((x: any) => [x.type, x.name, x.href]), ['jobcenter', 'sms', 'beskæftigelse'].map((n) => ['Hashtag', `#${n}`, `http://${a.domain}/tags/${encodeURIComponent(n)}`]));
  t.same(Object.keys(article.contentMap), ['da', 'nb', 'en'], 'primary language first in every map');
  t.equal(article.content, article.contentMap.da, 'content equals the primary contentMap entry (GoToSocial finds the language)');
  t.same(Object.keys(article.nameMap), ['da', 'nb', 'en']);
  t.equal(article.summaryMap.en.startsWith('<p>No-shows at the first meeting fell'), true);
  t.equal(article.conformsTo, SOLUTION_PROFILE);
  t.same(article['@context'], SOLUTION_CONTEXT, 'our context is inline: nobody needs to fetch it');
  t.same(article.attachment.map((x: any) => x.type), ['Image', 'Document']);

  // B stored it: as an Article post and as a solution with every field.
  const onB = await eventually('B has the solution', () => viewOn(b, s.uri));
  for (const f of FIELD_NAMES) t.same(onB[f], s[f], `${f} survived the round trip`);
  t.match(onB, { uri: s.uri, url: s.url, published: s.published, revision: 1, local: false, origin: a.domain });
  t.equal(onB.organisation.uri, `http://${a.domain}/users/agency`);
  t.equal(onB.organisation.name, 'Jobcenter Middelfart');
  const objectOnB = await b.it.deps.store.objects.getByUri(s.uri);
  t.match(objectOnB, { type: 'Article', visibility: 'public', local: false, language: 'da' });

  // PATCH -> Update with the full object; B keeps the history.
  const patched = await a.it.app.inject({ method: 'PATCH', url: `/api/v1/solutions/${s.id}`, headers: { authorization: `Bearer ${token}` }, payload: { maturity: 'scaled', tags: ['jobcenter', 'sms'], translations: { en: { title: 'Text reminder', summary: 'Fewer no-shows.' } } } });
  t.equal(patched.statusCode, 200);
  const onB2 = await eventually('B has revision 2', async () => {
    const v = await viewOn(b, s.uri);
    return v?.revision === 2 ? v : undefined;
  });
  for (const f of FIELD_NAMES) t.same(onB2[f], patched.json()[f], `${f} after the update`);
  t.equal(onB2.updated, patched.json().updated);
  const revs = (await b.it.app.inject({ url: `/api/v1/solutions/${onB2.id}/revisions` })).json();
  t.same(revs.map((r: any) => [r.revision, r.fields.maturity]), [[1, 'in-use'], [2, 'scaled']], 'the receiver keeps the revision history');
  const pageB = (await b.it.app.inject({ url: `/solutions/${onB2.id}`, headers: { accept: 'text/html' } })).body;
  t.match(pageB, /Versjon 2: <time/, 'the history is visible on the page');

  // DELETE -> Delete(Tombstone); B drops it from its catalogue.
  t.equal((await a.it.app.inject({ method: 'DELETE', url: `/api/v1/solutions/${s.id}`, headers: { authorization: `Bearer ${token}` } })).statusCode, 204);
  await eventually('B deleted it', async () => (await b.it.deps.store.solutions.getByUri(s.uri))?.deletedAt);
  t.equal((await b.it.app.inject({ url: `/api/v1/solutions/${onB2.id}` })).statusCode, 410);
  t.equal((await b.it.app.inject({ url: '/api/v1/solutions' })).json().total, 0);
  t.equal((await b.it.deps.store.objects.getByUri(s.uri))?.data.type, 'Tombstone');
  t.equal((await fetch(s.uri, { headers: AS2 })).status, 410, 'the origin answers 410 with the Tombstone');
});

t.test('remote solution HTML is sanitized; a <script> never reaches a page', async (t) => {
  const evil = await testInstance(t, 'sol-evil');
  const b = await testInstance(t, 'sol-b2');
  const base = `http://${evil.domain}/users/agency`;
  const uri = `http://${evil.domain}/solutions/666`;
  const status = await send(evil, b, {
    id: `${uri}/activity`, type: 'Create', actor: base, to: [PUBLIC],
    object: {
      id: uri, type: 'Article', conformsTo: SOLUTION_PROFILE, attributedTo: base, url: uri, published: '2026-01-01T00:00:00Z', to: [PUBLIC], revision: 1,
      name: 'Nice <script>alert("name")</script>title', nameMap: { en: 'Nice <script>alert("name")</script>title' },
      summary: '<p onclick="x()">Hi<script>alert("summary")</script></p>', summaryMap: { en: '<p>Hi<script>alert(1)</script></p>' },
      content: '<p>Body<script>alert("content")</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a></p>',
      contentMap: { en: '<script>alert("map")</script><p>Body</p>' },
      primaryLanguage: 'en', summaryText: { en: 'Summary <script>alert("summaryText")</script>' },
      problem: { en: 'Problem <script>alert("problem")</script>' }, approach: { en: '<b>Approach</b> <script>alert(2)</script>' },
      results: [{ type: 'Result', metric: '<script>alert("metric")</script>', value: 1 }],
      contacts: [{ name: '<script>alert("contact")</script>', account: 'javascript:alert(1)' }],
      links: [{ type: 'Link', href: 'javascript:alert(1)', name: 'bad link' }, { type: 'Link', href: 'https://ok.example/', name: '<script>x</script>' }],
      tag: [{ type: 'Hashtag', name: '#<script>' }, { type: 'Hashtag', name: '#fine' }],
    },
  });
  t.equal(status, 202);
  const record = await eventually('B stored the solution', () => b.it.deps.store.solutions.getByUri(uri));
  const object = (await b.it.deps.store.objects.getByUri(uri))!;
  const stored = JSON.stringify([object.data.content, object.data.summary, object.data.contentMap, object.data.summaryMap]);
  t.notMatch(stored, /<script|onclick|onerror|javascript:/i, 'HTML fields were sanitized before storage');
  t.notMatch(String(object.data.name), /<script>alert/i, 'name is not markup: no script tag survives');
  t.same(record.fields.tags, ['fine'], 'a tag that is not a hashtag is dropped');
  t.same(record.fields.links?.map((l) => l.href), ['https://ok.example/'], 'only http(s) links are kept');
  t.equal(record.fields.contacts, undefined, 'a contact with a javascript: account is dropped (schema)');
  const page = await b.it.app.inject({ url: `/solutions/${record.id}`, headers: { accept: 'text/html' } });
  t.equal(page.statusCode, 200);
  t.notMatch(page.body, /<script/i, 'no script element on the page');
  t.notMatch(page.body, /href="javascript:/i);
  t.match(page.body, /Problem &lt;script&gt;alert\(&quot;problem&quot;\)&lt;\/script&gt;/, 'text is shown as text');
  const api = (await b.it.app.inject({ url: `/api/v1/solutions/${record.id}` })).json();
  t.equal(api.title, 'Nice title', 'the title is plain text: elements stripped');
  t.equal(api.problem, 'Problem <script>alert("problem")</script>', 'plain-text fields are text; every page escapes them (JSON clients must too)');
  const catalogue = await b.it.app.inject({ url: '/solutions', headers: { accept: 'text/html' } });
  t.notMatch(catalogue.body, /<script/i, 'nor on the catalogue page');
  const tag = await b.it.app.inject({ url: '/tags/fine', headers: { accept: 'text/html' } });
  t.notMatch(tag.body, /<script/i, 'nor on the tag page');
});
