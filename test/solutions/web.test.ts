import t from 'tap';
import { makeApp } from '../helpers/app.js';
import { fullSolution, staffToken } from './fixtures.js';
import { SP_CONTEXT_DOCUMENT } from '../../src/activitypub/vocab/samspil.js';

t.test('the solution page: server-rendered HTML with every field, and AS2 at the same URL by content negotiation', async (t) => {
  const { app, deps } = await makeApp(t);
  const token = await staffToken(deps);
  const s = (await app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution() })).json();
  const path = new URL(s.url).pathname;

  const html = await app.inject({ url: path, headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'accept-language': 'da' } });
  t.equal(html.statusCode, 200);
  t.match(html.headers['content-type'], /^text\/html/);
  t.match(html.headers.vary, /^Accept\b/);
  const b = html.body;
  t.notMatch(b, /<script/i, 'no JavaScript needed or sent');
  t.match(b, /<html lang="da"/);
  t.match(b, /<h1 class="ds-heading p-name" data-size="xl">Sms-påmindelse før første samtale<\/h1>/);
  t.match(b, /Jobcenter Test<\/a> <span class="handle">@jobcenter@/, 'the agency');
  t.match(b, /Hanne Jensen/, 'the author');
  t.match(b, /<span class="badge">I drift<\/span>/, 'maturity, in the page\'s language');
  t.match(b, /<p class="ds-paragraph key">Udeblivelser fra første samtale: 18 → 11 % \(2025, n = 1\.240\)<\/p>/, 'the key result');
  t.match(b, /<h2 class="ds-heading" data-size="sm">Sådan gør vi<\/h2><div class="prose"><p>Dagen før sender sagssystemet en sms:<\/p><ul><li>tid og sted<\/li>/, 'approach rendered from the Markdown subset');
  t.match(b, /<strong>skabelonen<\/strong>/);
  t.match(b, /<table class="ds-table results"/, 'the results table');
  t.match(b, /<td class="num">18 %<\/td><td class="num">11 %<\/td><td class="num">−7 procentpoint<\/td>/, 'before, after and the computed change, in percentage points');
  t.match(b, /href="https:\/\/example.org\/evaluering-2025.pdf"/, 'the source');
  t.match(b, /<p>Før\/efter-måling på registerdata/, 'evidence');
  t.match(b, /Sms-modul i sagssystemet/, 'resources');
  t.match(b, /12\.000\skr\. <span>pr\. år<\/span>/, 'costs, with the period in words');
  t.match(b, /ledige borgere, rådgivere/, 'target groups');
  t.match(b, /rel="tag">#jobcenter<\/a>/, 'tags link to tag pages');
  t.match(b, /href="mailto:hanne@example.org"/, 'contacts');
  t.match(b, /CC-BY-4.0/, 'licence');
  t.match(b, /Evalueringsrapport<\/a> <span>\(Rapport\)<\/span>/, 'links');
  t.match(b, /Skærmbillede af sms’en<\/a> \(image\/png\)/, 'attachments');
  t.match(b, /https:\/\/example.org\/solutions\/1/, 'related');
  t.match(b, /Taget i brug af \(0\)/, 'adopters section');
  t.match(b, /Spørgsmål og drøftelse \(0\)/, 'discussion section');
  t.match(b, /Version 1: <time/, 'revision history');
  t.match(b, /<meta property="og:title" content="Sms-påmindelse før første samtale">/, 'OpenGraph for link previews');
  t.match(b, new RegExp(`<link rel="alternate" type="application/activity\\+json" href="${s.uri}">`));
  t.match(b, /href="[^"]+\?text=en" lang="en" hreflang="en">English<\/a>/, 'language switch');
  const en = await app.inject({ url: `${path}?lang=en`, headers: { accept: 'text/html' } });
  t.match(en.body, /<h1 class="ds-heading p-name" data-size="xl">Text reminder before the first meeting<\/h1>/);
  t.match(en.body, /<h2 class="ds-heading" data-size="sm">What we do<\/h2>/);

  for (const accept of ['application/activity+json', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"', 'application/json']) {
    const as = await app.inject({ url: path, headers: { accept } });
    t.equal(as.statusCode, 200, accept);
    t.match(as.headers['content-type'], /^application\/activity\+json/, accept);
    t.equal(as.headers.vary, 'Accept');
    t.match(as.json(), { id: s.uri, type: 'Article', name: s.title }, accept);
  }
  t.equal((await app.inject({ url: path, headers: { accept: 'image/png' } })).statusCode, 406);
  t.match((await app.inject({ url: `${path}/activity`, headers: { accept: 'application/activity+json' } })).json(), { type: 'Create', object: { id: s.uri } });
  t.match((await app.inject({ url: `${path}/replies`, headers: { accept: 'application/activity+json' } })).json(), { type: 'OrderedCollection', totalItems: 0 });
  t.match((await app.inject({ url: `${path}/adoptions`, headers: { accept: 'application/activity+json' } })).json(), { type: 'OrderedCollection', totalItems: 0 });

  // Hashtag pages and collections; the catalogue page; our context document.
  const tag = await app.inject({ url: '/tags/Jobcenter', headers: { accept: 'text/html' } });
  t.equal(tag.statusCode, 200);
  t.match(tag.body, /<h1 class="ds-heading" data-size="lg">#jobcenter<\/h1>/);
  t.match(tag.body, /<h3 class="ds-heading" data-size="xs"><a class="ds-link" href="\/solutions\/\d+">Text reminder before the first meeting<\/a>/, 'each hit in the page\'s language when the solution has it');
  const tagAs = (await app.inject({ url: '/tags/jobcenter', headers: { accept: 'application/activity+json' } })).json();
  t.match(tagAs, { type: 'OrderedCollection', totalItems: 1, orderedItems: [s.uri], name: '#jobcenter' });
  t.equal((await app.inject({ url: '/tags/nothing', headers: { accept: 'application/activity+json' } })).json().totalItems, 0);
  const catalogue = await app.inject({ url: '/solutions?q=sms&sector=employment', headers: { accept: 'text/html' } });
  t.match(catalogue.body, />1 solution</);
  t.match(catalogue.body, /<strong aria-current="true">Employment<\/strong> \(1\)/, 'the chosen facet value');
  const ns = await app.inject({ url: '/ns' });
  t.equal(ns.statusCode, 200);
  t.match(ns.headers['content-type'], /^application\/ld\+json/);
  t.same(ns.json(), SP_CONTEXT_DOCUMENT);
  t.equal(ns.json()['@context'].sp, 'https://w3id.org/samspil/ns#');

  // Deleted: 410 in both representations.
  await app.inject({ method: 'DELETE', url: `/api/v1/solutions/${s.id}`, headers: { authorization: `Bearer ${token}` } });
  t.equal((await app.inject({ url: path, headers: { accept: 'text/html' } })).statusCode, 410);
  const gone = await app.inject({ url: path, headers: { accept: 'application/activity+json' } });
  t.equal(gone.statusCode, 410);
  t.match(gone.json(), { type: 'Tombstone', formerType: 'Article' });
  t.equal((await app.inject({ url: '/solutions/999', headers: { accept: 'text/html' } })).statusCode, 404);
});
