import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { STAFF_PASSWORD, WebClient, fieldsOf, formOf, press, staffAccount, textOf } from '../helpers/web.js';
import { agencyFollows } from '../solutions/federate.js';
import { FIELD_NAMES } from '../../src/domain/solutions/model.js';
import { publishSolution } from '../../src/domain/solutions/publish.js';
import { RULES, fieldLabel, formMessages, parseNumber } from '../../src/http/web/forms/solution.js';
import { LANGUAGES, translator } from '../../src/http/web/i18n.js';

/** A 1×1 PNG: the smallest picture the media rules accept. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function signedIn(inst: TestInstance, username: string, lang = 'en', role: 'user' | 'moderator' | 'admin' = 'user') {
  await staffAccount(inst.it.deps, username, role);
  const browser = new WebClient(`http://${inst.domain}`, lang);
  await browser.signIn(username, STAFF_PASSWORD);
  return browser;
}

async function apiGet(inst: TestInstance, path: string) {
  const res = await fetch(`http://${inst.domain}${path}`, { headers: { accept: 'application/json' } });
  return { status: res.status, json: (res.status === 200 ? await res.json() : undefined) as Record<string, any> };
}

const clientFields = (view: Record<string, unknown>) => Object.fromEntries(FIELD_NAMES.filter((f) => view[f] !== undefined).map((f) => [f, view[f]]));

/** The whole form filled in as a Danish caseworker would. */
const FILLED: Record<string, string | string[]> = {
  title: 'Sms-påmindelse før første samtale',
  summary: 'Udeblivelser faldt fra 18 % til 11 % efter en sms dagen før.',
  language: 'da',
  problem: 'Næsten hver femte borger udeblev.\r\n\r\nDet kostede tid.',
  approach: 'Dagen før sender sagssystemet en sms:\r\n\r\n- tid og sted\r\n- rådgiverens navn',
  'results.0.metric': 'Udeblivelser fra første samtale',
  'results.0.baseline': '18',
  'results.0.value': '11',
  'results.0.unit': '%',
  'results.0.target': '10',
  'results.0.direction': 'lower-is-better',
  'results.0.period': '2025',
  'results.0.sampleSize': '1 240',
  'results.0.method': 'registerdata før/efter',
  'results.0.source': 'https://aarhus.example/evaluering.pdf',
  'results.1.metric': 'Rådgivertimer sparet pr. måned',
  'results.1.value': '12,5',
  'results.1.unit': 'timer',
  'results.1.direction': '',
  evidence: 'Før/efter-måling; ingen kontrolgruppe.',
  maturity: 'in-use',
  sectors: ['employment', 'digital'],
  tags: '#jobcenter, sms beskæftigelse',
  targetGroups: 'ledige borgere\r\nrådgivere\r\n',
  startedAt: '2025-01-01',
  'translations.0.language': 'en',
  'translations.0.title': 'Text reminder before the first meeting',
  'translations.0.summary': 'No-shows fell from 18% to 11% after a text the day before.',
  'translations.0.problem': '',
  'translations.0.approach': '',
  'translations.0.evidence': '',
  resources: 'Sms-modul i sagssystemet; 20 timers opsætning.',
  'costs.amount': '12000',
  'costs.currency': 'DKK',
  'costs.period': 'P1Y',
  'costs.note': 'sms-udgifter',
  'contacts.0.name': 'Hanne Jensen',
  'contacts.0.role': 'Teamleder',
  'contacts.0.email': 'hanne@aarhus.example',
  'contacts.0.actor': 'hanne@aarhus.example',
  licence: 'CC-BY-4.0',
  'links.0.title': 'Evalueringsrapport',
  'links.0.href': 'https://aarhus.example/rapport',
  'links.0.rel': 'report',
  relatedTo: 'https://odense.example/solutions/1',
};

t.test('numbers are read strictly: a decimal comma or point, groups of three with spaces, nothing else', async (t) => {
  t.equal(parseNumber('12,5'), 12.5);
  t.equal(parseNumber('12.5'), 12.5);
  t.equal(parseNumber(' -3 '), -3);
  t.equal(parseNumber('−3'), -3, 'the minus sign people paste');
  t.equal(parseNumber('1 240'), 1240);
  t.equal(parseNumber('0,125'), 0.125);
  for (const bad of ['12a', 'abc', '1.240,5', '1,2,3', '12 5', '1e999', 'Infinity', 'NaN', '0x10', '']) t.equal(parseNumber(bad), undefined, `"${bad}" is not a number`);
});

t.test('every rule has a message naming the field, in every language', async (t) => {
  for (const lang of LANGUAGES) {
    const tr = translator(lang);
    const label = fieldLabel(tr, 'results.1.sampleSize');
    t.match(label, /2/, `${lang}: the row is in the label (${label})`);
    for (const rule of RULES) {
      const text = formMessages(tr, [{ name: 'results.1.sampleSize', rule, vars: { max: 7, min: 0, value: 'x y' } }])['results.1.sampleSize']!;
      t.ok(text && !text.includes('{{'), `${lang}:${rule} has a message`);
      if (rule !== 'attachmentUnusable') t.ok(text.includes(label), `${lang}:${rule} names the field`);
    }
    for (const k of ['tooMany', 'tooLarge', 'full', 'type', 'empty', 'pixels', 'failed']) t.notMatch(tr.t(`solutionForm.uploadErrors.${k}`, { file: 'f.pdf', max: 4, pdf: 20, image: 16 }), /\{\{/);
  }
});

t.test('publish with two results, a translation and an uploaded picture: stored exactly so, and it federates', async (t) => {
  const a = await testInstance(t, 'form-a', { instance: { languages: ['da'] } });
  const b = await testInstance(t, 'form-b', { instance: { languages: ['nb'] } });
  await agencyFollows(b, a);
  const browser = await signedIn(a, 'hanne', 'da');

  const empty = await browser.get('/solutions/new');
  t.equal(empty.status, 200);
  t.match(empty.html, /<html lang="da"/);
  t.match(empty.html, /<form method="post" action="\/solutions\/new" enctype="multipart\/form-data"/);
  t.match(formOf(empty.html, '/solutions/new'), /^(?:(?!<button)[^])*<button[^>]*name="action" value="preview"/, 'the first button in the form previews: Enter never removes a row');
  t.match(empty.html, /<option value="da" selected>Dansk<\/option>/, 'the text language defaults to the page language');
  t.match(empty.html, /name="costs.currency" type="text" value="DKK"/, 'the currency follows the language');
  t.match(empty.html, /<textarea class="ds-input" id="f-problem" name="problem" rows="6" lang="da"/, 'text fields say their language');

  const preview = await press(browser, empty.html, '/solutions/new', { action: 'preview' }, FILLED, [{ field: 'upload', filename: 'skærmbillede.png', type: 'image/png', data: PNG }]);
  t.equal(preview.status, 200, textOf(preview.html).slice(0, 400));
  t.match(preview.html, /<title>Eksempel: Sms-påmindelse før første samtale/);
  t.match(textOf(preview.html), /Dette er et eksempel\. Intet er offentliggjort endnu/);
  t.match(preview.html, /<h1 class="ds-heading p-name"[^>]*>Sms-påmindelse før første samtale<\/h1>/, 'the solution page itself, as it will look');
  t.notMatch(preview.html, /action="\/solutions\/new\/questions"/, 'no question form on a preview');
  t.match(preview.html, /Udeblivelser fra første samtale: 18 → 11 % \(2025, n = 1\.240\)/);
  t.match(preview.html, /name="attachments.0.mediaId" value="\d+"/, 'the upload is carried by its id, not sent again');
  t.equal((await apiGet(a, '/api/v1/solutions')).json.total, 0, 'nothing is published by a preview');

  // "Change" goes back to the form with everything kept, the file included.
  const changed = await press(browser, preview.html, '/solutions/new', { action: 'change' });
  t.equal(changed.status, 200);
  t.match(changed.html, /id="f-results-1-value" name="results.1.value" type="text" value="12,5"/);
  t.match(changed.html, /name="attachments.0.name" type="text" value="skærmbillede.png"/);
  t.match(changed.html, /<textarea class="ds-input" id="f-translations-0-summary" name="translations.0.summary" rows="3" lang="en"[^>]*>No-shows fell/, 'a translation says its own language');

  const again = await press(browser, changed.html, '/solutions/new', { action: 'preview' });
  t.equal(again.status, 200);
  const published = await press(browser, again.html, '/solutions/new', { action: 'publish' });
  t.equal(published.status, 303);
  const m = /^\/solutions\/(\d+)\?notice=solution_published$/.exec(published.location ?? '');
  t.ok(m, `redirected to the solution page (${published.location})`);
  const id = m![1]!;
  const page = await browser.get(published.location!);
  t.equal(page.status, 200);
  t.match(textOf(page.html), /Din løsning er offentliggjort og sendt til de myndigheder, der følger jeres\./);

  const view = (await apiGet(a, `/api/v1/solutions/${id}`)).json;
  t.equal(view.revision, 1);
  t.equal(view.author.handle, `@hanne@${a.domain}`);
  const attachment = view.attachments?.[0];
  t.match(attachment?.url, new RegExp(`^http://${a.domain.replace('.', '\\.')}/media/\\d+-[0-9a-f]{16}\\.png$`));
  t.same(clientFields(view), {
    title: 'Sms-påmindelse før første samtale',
    summary: 'Udeblivelser faldt fra 18 % til 11 % efter en sms dagen før.',
    problem: 'Næsten hver femte borger udeblev.\n\nDet kostede tid.',
    approach: 'Dagen før sender sagssystemet en sms:\n\n- tid og sted\n- rådgiverens navn',
    results: [
      { metric: 'Udeblivelser fra første samtale', baseline: 18, value: 11, unit: '%', target: 10, direction: 'lower-is-better', period: '2025', sampleSize: 1240, method: 'registerdata før/efter', source: 'https://aarhus.example/evaluering.pdf' },
      { metric: 'Rådgivertimer sparet pr. måned', value: 12.5, unit: 'timer' },
    ],
    evidence: 'Før/efter-måling; ingen kontrolgruppe.',
    maturity: 'in-use',
    sectors: ['employment', 'digital'],
    tags: ['jobcenter', 'sms', 'beskæftigelse'],
    targetGroups: ['ledige borgere', 'rådgivere'],
    language: 'da',
    translations: { en: { title: 'Text reminder before the first meeting', summary: 'No-shows fell from 18% to 11% after a text the day before.' } },
    resources: 'Sms-modul i sagssystemet; 20 timers opsætning.',
    costs: { amount: 12000, currency: 'DKK', period: 'P1Y', note: 'sms-udgifter' },
    contacts: [{ name: 'Hanne Jensen', role: 'Teamleder', email: 'hanne@aarhus.example', actor: '@hanne@aarhus.example' }],
    licence: 'CC-BY-4.0',
    links: [{ href: 'https://aarhus.example/rapport', title: 'Evalueringsrapport', rel: 'report' }],
    attachments: [{ url: attachment?.url, mediaType: 'image/png', name: 'skærmbillede.png' }],
    relatedTo: ['https://odense.example/solutions/1'],
    startedAt: '2025-01-01',
  }, 'exactly the fields typed, as the native API holds them');
  const file = await fetch(attachment.url);
  t.equal(file.status, 200);
  t.same(Buffer.from(await file.arrayBuffer()), PNG, 'the uploaded file is served as it was sent');

  // B's agency follows A's: the Article arrives with every field.
  const onB = await eventually('B has the solution', async () => {
    const record = await b.it.deps.store.solutions.getByUri(view.uri);
    return record ? (await apiGet(b, `/api/v1/solutions/${record.id}`)).json : undefined;
  });
  t.same(clientFields(onB), clientFields(view), 'B holds the same fields');
  t.equal(onB.local, false);
});

t.test('a wrong value re-renders with the summary, messages by the fields and everything typed; nothing is stored', async (t) => {
  const a = await testInstance(t, 'form-errors');
  const browser = await signedIn(a, 'ole');
  const form = (await browser.get('/solutions/new')).html;
  const typed = {
    ...FILLED, title: '', 'results.0.value': 'abc', 'results.1.value': '12a', 'links.0.href': 'not a web address', 'contacts.0.email': 'hanne at aarhus',
    problem: 'Borgere <b>udeblev</b> & "glemte" tiden',
  };
  const bad = await press(browser, form, '/solutions/new', { action: 'preview' }, typed, [{ field: 'upload', filename: 'referat.docx', type: 'application/octet-stream', data: Buffer.from('PK\u0003\u0004 not a pdf') }]);
  t.equal(bad.status, 400);
  t.match(bad.html, /<title>Error: Share a solution/);
  const summary = /<div class="ds-error-summary"[\s\S]*?<\/div>/.exec(bad.html)?.[0] ?? '';
  for (const id of ['f-title', 'f-results-0-value', 'f-results-1-value', 'f-links-0-href', 'f-contacts-0-email', 'f-upload']) t.match(summary, `href="#${id}"`, `the summary links to ${id}`);
  t.ok(summary.indexOf('#f-title') < summary.indexOf('#f-results-0-value') && summary.indexOf('#f-results-0-value') < summary.indexOf('#f-links-0-href'), 'in the order of the form');
  const text = textOf(bad.html);
  t.match(text, /Title is missing\./);
  t.match(text, /After \(Result 1\) must be a number, for example 12 or 12,5\./);
  t.match(text, /After \(Result 2\) must be a number/);
  t.match(text, /Web address \(Link 1\) must be a web address starting with https:\/\/ or http:\/\//);
  t.match(text, /E-mail \(Contact 1\) must be an e-mail address/);
  t.match(text, /“referat\.docx” cannot be added\. Choose a PDF document or a picture/);
  t.match(bad.html, /<input class="ds-input" id="f-results-0-value" name="results.0.value" type="text" value="abc" inputmode="decimal" aria-describedby="f-results-0-value-error" aria-invalid="true">/, 'the message is by the field and tied to it');
  t.match(bad.html, /<p class="ds-validation-message" data-field="validation" id="f-results-0-value-error">/);

  // Every typed value is there, as typed.
  const kept = fieldsOf(bad.html, '/solutions/new');
  for (const [k, v] of Object.entries(typed)) {
    const want = (Array.isArray(v) ? v : [v]).map((x) => x.replace(/\r\n/g, '\n'));
    t.same(kept[k] ?? [''], want, `${k} kept`);
  }
  t.match(bad.html, />Borgere &lt;b&gt;udeblev&lt;\/b&gt; &amp; &quot;glemte&quot; tiden<\/textarea>/, 'escaped, not interpreted');
  t.equal((await apiGet(a, '/api/v1/solutions')).json.total, 0, 'nothing was published');

  // A language the select never offers (a crafted post) is an error, not a crash or a lost translation.
  const crafted = await press(browser, bad.html, '/solutions/new', { action: 'preview' }, { 'translations.0.language': '__proto__' });
  t.equal(crafted.status, 400);
  t.match(crafted.html, /href="#f-translations"/);

  // Fixed, it goes through.
  const fixed = await press(browser, bad.html, '/solutions/new', { action: 'preview' }, { title: 'Sms før samtalen', 'results.0.value': '11', 'results.1.value': '12.5', 'links.0.href': 'https://aarhus.example/r', 'contacts.0.email': 'hanne@aarhus.example' });
  t.equal(fixed.status, 200, textOf(fixed.html).slice(0, 300));
  t.equal((await press(browser, fixed.html, '/solutions/new', { action: 'publish' })).status, 303);
  t.equal((await apiGet(a, '/api/v1/solutions')).json.items[0].results[1].value, 12.5);
});

t.test('add and remove rows keep everything else; an upload survives every re-render until removed', async (t) => {
  const a = await testInstance(t, 'form-rows');
  const browser = await signedIn(a, 'kim');
  let page = (await browser.get('/solutions/new')).html;
  t.notMatch(page, /name="results.1.metric"/);
  const typed = { title: 'Fælles indkaldelse', 'results.0.metric': 'Ventetid', 'results.0.value': '14', 'contacts.0.name': 'Kim' };

  const added = await press(browser, page, '/solutions/new', { add: 'results' }, typed);
  t.equal(added.status, 200);
  page = added.html;
  t.match(page, /name="results.1.metric" type="text" value=""/, 'one more result row');
  t.match(page, /name="results.0.metric" type="text" value="Ventetid"/);
  t.match(page, /name="title" type="text" value="Fælles indkaldelse"/);
  t.match(page, />Remove result 2</);

  page = (await press(browser, page, '/solutions/new', { add: 'translations' }, { 'results.1.metric': 'Fremmøde', 'results.1.value': '92' })).html;
  t.match(page, /<select class="ds-input" id="f-translations-0-language" name="translations.0.language"/);

  const uploaded = await press(browser, page, '/solutions/new', { add: 'attachments' }, {}, [{ field: 'upload', filename: 'vejledning.pdf', type: 'application/pdf', data: PDF }]);
  t.equal(uploaded.status, 200);
  page = uploaded.html;
  const mediaId = /name="attachments.0.mediaId" value="(\d+)"/.exec(page)?.[1];
  t.ok(mediaId, 'the file became an upload, carried by its id');
  t.match(page, /File 1 \(PDF\)/);

  // Remove the first result: the second moves up, every other value stays, the upload too.
  const removed = await press(browser, page, '/solutions/new', { remove: 'results.0' });
  t.equal(removed.status, 200);
  page = removed.html;
  t.match(page, /name="results.0.metric" type="text" value="Fremmøde"/);
  t.match(page, /name="results.0.value" type="text" value="92"/);
  t.notMatch(page, /name="results.1.metric"/);
  t.match(page, /name="title" type="text" value="Fælles indkaldelse"/);
  t.match(page, /name="contacts.0.name" type="text" value="Kim"/);
  t.match(page, /id="f-translations-0-language"/);
  t.match(page, new RegExp(`name="attachments.0.mediaId" value="${mediaId}"`), 'the same upload, not a new one');

  const noFile = await press(browser, page, '/solutions/new', { remove: 'attachments.0' });
  t.notMatch(noFile.html, /name="attachments.0.mediaId"/);
  t.match(noFile.html, /name="results.0.metric" type="text" value="Fremmøde"/);

  // More files at once than the media rules allow: the first ones are added, the rest are named as not added.
  const five = Array.from({ length: 5 }, (_, i) => ({ field: 'upload', filename: `bilde-${i + 1}.png`, type: 'image/png', data: PNG }));
  const many = await press(browser, noFile.html, '/solutions/new', { add: 'attachments' }, {}, five);
  t.equal(many.status, 400);
  t.match(textOf(many.html), /You can add up to 4 files at a time/);
  t.same([...many.html.matchAll(/name="attachments.(\d+).name" type="text" value="([^"]*)"/g)].map((m) => m[2]), ['bilde-1.png', 'bilde-2.png', 'bilde-3.png', 'bilde-4.png']);
  t.match(many.html, /name="results.0.metric" type="text" value="Fremmøde"/, 'and nothing typed is lost');

  // A row number that does not exist changes nothing.
  const odd = await press(browser, noFile.html, '/solutions/new', { remove: 'results.7' });
  t.equal(odd.status, 200);
  t.match(odd.html, /name="results.0.metric" type="text" value="Fremmøde"/);
});

t.test('revising makes revision 2 and B gets the Update; someone else is refused; delete asks first and B gets the Delete', async (t) => {
  const a = await testInstance(t, 'form-edit-a', { instance: { languages: ['da'] } });
  const b = await testInstance(t, 'form-edit-b');
  await agencyFollows(b, a);
  const author = await signedIn(a, 'hanne', 'da');
  const hanne = (await a.it.deps.store.actors.getByUsername('hanne', null))!;
  const record = await publishSolution(a.it.fed, hanne, {
    title: 'Sms før samtalen', summary: 'Færre udeblivelser.', problem: 'Mange udeblev.', approach: 'En sms dagen før.', language: 'da', maturity: 'pilot',
    results: [{ metric: 'Udeblivelser', baseline: 18, value: 11.5, unit: '%' }, { metric: 'Timer sparet', value: 30 }],
  });
  await eventually('B has revision 1', async () => (await b.it.deps.store.solutions.getByUri(record.uri))?.revision === 1);
  const editPath = `/solutions/${record.id}/edit`;

  // Another staff member (no moderator) may not change it, by page or by post.
  const other = await signedIn(a, 'ole', 'en');
  const refused = await other.get(editPath);
  t.equal(refused.status, 403);
  t.match(textOf(refused.html), /You cannot change this solution Only the person who published it, a moderator or an administrator/);
  // A token of their own session, so what refuses them is the rule, not CSRF.
  const csrf = WebClient.csrfOf((await other.get('/solutions/new')).html, '/solutions/new');
  const sneak = await other.postMultipart(editPath, { title: 'Mine now', action: 'publish' }, [], { csrf });
  t.equal(sneak.status, 403);
  t.match(textOf(sneak.html), /You cannot change this solution/);
  t.equal((await other.get(`/solutions/${record.id}/delete`)).status, 403);
  t.equal((await other.post(`/solutions/${record.id}/delete`, {}, { csrf })).status, 403);
  t.equal((await apiGet(a, `/api/v1/solutions/${record.id}`)).json.revision, 1, 'nothing changed');
  const moderator = await signedIn(a, 'mona', 'en', 'moderator');
  t.equal((await moderator.get(editPath)).status, 200, 'a moderator may change anyone\'s solution');

  const form = await author.get(editPath);
  t.equal(form.status, 200);
  t.match(form.html, /name="title" type="text" value="Sms før samtalen"/, 'filled from the current revision');
  t.match(form.html, /name="results.0.value" type="text" value="11,5"/, 'with the page\'s decimal comma');
  t.match(form.html, /type="radio" id="f-maturity-\d" name="maturity" value="pilot" checked/);
  const preview = await press(author, form.html, editPath, { action: 'preview' }, { title: 'Sms dagen før samtalen', maturity: '', remove: '' });
  t.equal(preview.status, 200, textOf(preview.html).slice(0, 300));
  t.match(textOf(preview.html), /ændringerne bliver til version 2/i);
  const trimmed = await press(author, preview.html, editPath, { action: 'change' });
  const again = await press(author, (await press(author, trimmed.html, editPath, { remove: 'results.1' })).html, editPath, { action: 'preview' });
  const saved = await press(author, again.html, editPath, { action: 'publish' });
  t.equal(saved.status, 303);
  t.equal(saved.location, `/solutions/${record.id}?notice=solution_updated`);
  const view = (await apiGet(a, `/api/v1/solutions/${record.id}`)).json;
  t.equal(view.revision, 2);
  t.equal(view.title, 'Sms dagen før samtalen');
  t.equal(view.maturity, undefined, 'a stage cleared in the form is cleared');
  t.same(view.results, [{ metric: 'Udeblivelser', baseline: 18, value: 11.5, unit: '%' }]);
  await eventually('B has revision 2', async () => {
    const copy = await b.it.deps.store.solutions.getByUri(record.uri);
    return copy?.revision === 2 && copy.fields.title === 'Sms dagen før samtalen' && copy.fields.maturity === undefined;
  });

  // Saving without a change makes no revision.
  const same = await press(author, (await press(author, (await author.get(editPath)).html, editPath, { action: 'preview' })).html, editPath, { action: 'publish' });
  t.equal(same.location, `/solutions/${record.id}?notice=solution_unchanged`);
  t.equal((await apiGet(a, `/api/v1/solutions/${record.id}`)).json.revision, 2);

  const confirm = await author.get(`/solutions/${record.id}/delete`);
  t.equal(confirm.status, 200);
  t.match(textOf(confirm.html), /Vil du slette »Sms dagen før samtalen«\? Det kan ikke fortrydes\./);
  t.equal((await apiGet(a, `/api/v1/solutions/${record.id}`)).status, 200, 'asking deletes nothing');
  const deleted = await author.post(`/solutions/${record.id}/delete`, {});
  t.equal(deleted.status, 303);
  t.equal(deleted.location, '/solutions?notice=solution_deleted');
  t.match(textOf((await author.get(deleted.location!)).html), /Løsningen er slettet\./);
  t.equal((await apiGet(a, `/api/v1/solutions/${record.id}`)).status, 410);
  await eventually('B deleted its copy', async () => (await b.it.deps.store.solutions.getByUri(record.uri))?.deletedAt);
  t.equal((await author.get(editPath)).status, 410, 'a deleted solution cannot be edited');
});

t.test('signed out: the form sends you to sign-in and back; posts need sign-in and the CSRF token', async (t) => {
  const a = await testInstance(t, 'form-auth');
  await staffAccount(a.it.deps, 'bo');
  const browser = new WebClient(`http://${a.domain}`);
  const page = await browser.get('/solutions/new');
  t.equal(page.status, 303);
  t.equal(page.location, '/auth/sign_in?next=%2Fsolutions%2Fnew');
  const anonymous = await browser.postMultipart('/solutions/new', { ...FILLED, action: 'publish' }, [{ field: 'upload', filename: 'a.png', type: 'image/png', data: PNG }], { csrf: null });
  t.equal(anonymous.status, 303, 'a signed-out post goes to sign-in');
  t.match(anonymous.location, /^\/auth\/sign_in\?next=/);
  const signIn = await browser.post('/auth/sign_in', { login: 'bo', password: STAFF_PASSWORD, next: '/solutions/new' }, { csrfFrom: page.location! });
  t.equal(signIn.location, '/solutions/new', 'and back to the form after signing in');
  t.equal((await browser.get('/solutions/new')).status, 200);

  const missing = await browser.postMultipart('/solutions/new', { ...FILLED, action: 'publish' }, [], { csrf: null });
  t.equal(missing.status, 403);
  t.match(textOf(missing.html), /The form expired/);
  const foreign = await browser.postMultipart('/solutions/new', { ...FILLED, action: 'publish' }, [], { csrf: 'forged-token' });
  t.equal(foreign.status, 403);
  t.equal((await apiGet(a, '/api/v1/solutions')).json.total, 0, 'nothing was published');
  const bo = (await a.it.deps.store.actors.getByUsername('bo', null))!;
  t.same(await a.it.deps.store.media.listByOwner(bo.id), [], 'no upload was stored either');
});
