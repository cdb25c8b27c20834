import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { STAFF_PASSWORD, WebClient, staffAccount, textOf } from '../helpers/web.js';
import { agencyFollows } from '../solutions/federate.js';
import { fullSolution, staffToken } from '../solutions/fixtures.js';

const json = { 'content-type': 'application/json' };

async function publish(i: TestInstance, token: string, body: Record<string, unknown>) {
  const res = await fetch(`http://${i.domain}/api/v1/solutions`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; uri: string; url: string };
}

/** The solution's results with a share in % and a figure in another unit with a baseline. */
const RESULTS = [
  { metric: 'Udeblivelser fra første samtale', baseline: 18, value: 11, unit: '%', period: '2025', sampleSize: 1240, method: 'registerdata før/efter' },
  { metric: 'Ventetid på første samtale', baseline: 12, value: 9, unit: 'uger' },
];

t.test('solution, catalogue and tag pages in Danish and English: translated labels and values, numbers in the page language', async (t) => {
  const a = await testInstance(t, 'pages-lang', { instance: { agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } });
  const token = await staffToken(a.it.deps, 'hanne');
  const s = await publish(a, token, fullSolution({ results: RESULTS, translations: undefined }));
  const nb = await publish(a, token, {
    title: 'Digital timebestilling i legevakten', summary: 'Ventetiden gikk ned da innbyggerne kunne bestille time selv.', problem: 'Lang ventetid i telefonen.',
    approach: 'Timebestilling på nett.', language: 'nb', sectors: ['health'], maturity: 'pilot', tags: ['legevakt'],
  });
  const base = `http://${a.domain}`;

  const da = new WebClient(base, 'da');
  const page = await da.get(`/solutions/${s.id}`);
  t.equal(page.status, 200);
  t.match(page.html, /<html lang="da"/);
  const text = textOf(page.html);
  for (const words of ['Sådan gør vi', 'Resultater', 'Før', 'Efter', 'Ændring', 'Beskæftigelse', 'Digitale services', 'I drift', 'pr. år', '(Rapport)', 'Hvem har gavn af det', 'Taget i brug af (0)', 'Spørgsmål og drøftelse (0)', 'Log ind for at stille et spørgsmål']) {
    t.ok(text.includes(words), `the Danish page says "${words}"`);
  }
  t.match(text, /−7 procentpoint/, 'a share in % changes by percentage points');
  t.match(text, /−3 uger \(−25 %\)/, 'another unit changes by its unit and relatively');
  t.match(text, /Udeblivelser fra første samtale: 18 → 11 % \(2025, n = 1\.240\)/, 'the key result with Danish numbers');
  t.match(text, /12\.000 kr\./, 'the cost in Danish kroner');
  for (const rawValue of [/\bemployment\b/, /\bP1Y\b/, /\bin-use\b/, /\breport\b/]) t.notMatch(text, rawValue, `no raw value ${rawValue} on the page`);
  t.notMatch(page.html, /<article class="solution h-entry" lang=/, 'a Danish solution on a Danish page needs no lang of its own');

  const en = new WebClient(base, 'en-GB,en;q=0.8');
  const enText = textOf((await en.get(`/solutions/${s.id}`)).html);
  for (const words of ['What we do', 'Before', 'After', 'Employment', 'In use', 'per year', 'Adopted by (0)', 'Sign in to ask a question']) t.ok(enText.includes(words), `the English page says "${words}"`);
  t.match(enText, /−7 percentage points/);
  t.match(enText, /n = 1,240/, 'English numbers');
  t.match(enText, /DKK\s?12,000/);
  t.notMatch(enText, /\bP1Y\b|\bemployment\b/);
  t.match(enText, /Sms-påmindelse før første samtale/, 'the solution text keeps its language');
  t.match((await en.get(`/solutions/${s.id}`)).html, /<article class="solution h-entry" lang="da">/, 'marked as Danish on the English page');

  // A Norwegian solution on a Danish page: its text says it is Norwegian, the page's words say Danish.
  const nbPage = (await da.get(`/solutions/${nb.id}`)).html;
  t.match(nbPage, /<article class="solution h-entry" lang="nb">/);
  t.match(nbPage, /<h2 class="ds-heading" data-size="sm" lang="da">Sådan gør vi<\/h2>/, 'the headings inside it are marked Danish');
  t.match(textOf(nbPage), /Sundhed/);
  t.match(textOf(nbPage), /Pilot/);

  // The catalogue: a labelled search field, facets in Danish with counts, plurals, pages.
  const cat = await da.get('/solutions?sector=employment');
  t.equal(cat.status, 200);
  t.match(cat.html, /<label class="ds-label" for="f-q">Søg i løsninger/, 'the search field has a label');
  const catText = textOf(cat.html);
  t.match(catText, /1 løsning\b/, 'one: singular');
  t.match(catText, /Beskæftigelse \(1\) Fjern filter ?: Beskæftigelse/, 'the chosen filter, and a link that says what it removes');
  t.match(catText, /Sundhed \(1\)/, 'other sectors with their counts');
  t.notMatch(catText, /\bemployment\b|\bhealth\b/);
  const all = textOf((await da.get('/solutions')).html);
  t.match(all, /2 løsninger/, 'other: plural');
  const paged = await da.get('/solutions?limit=1');
  t.match(textOf(paged.html), /Side 1 af 2/);
  t.match(paged.html, /<nav class="pagination" aria-label="Sider med resultater">/);
  t.match(paged.html, /href="\/solutions\?limit=1&amp;offset=1">Næste side<span class="ds-sr-only"> \(Side 2 af 2\)<\/span>/, 'the next page link keeps the page size and names where it leads');
  const second = await da.get('/solutions?limit=1&offset=1');
  t.match(second.html, /rel="prev" href="\/solutions\?limit=1">Forrige side/);
  t.match(textOf((await en.get('/solutions?q=sms')).html), /1 solution\b/);
  t.equal((await da.get('/solutions?offset=-1')).status, 400, 'a bad offset is a page that says so, not a failure');

  const tag = await da.get('/tags/legevakt');
  t.equal(tag.status, 200);
  t.match(tag.html, /<h1 class="ds-heading" data-size="lg">#legevakt<\/h1>/);
  t.match(textOf(tag.html), /1 løsning Digital timebestilling i legevakten/);
  t.match(tag.html, /<h3 class="ds-heading" data-size="xs" lang="nb">/, 'a Norwegian hit is marked Norwegian');
  t.equal((await da.get('/tags/not-a-tag!')).status, 404);
  t.match((await da.get('/tags/not-a-tag!')).html, /<html lang="da"/, 'a bad tag is a page, in Danish');

  // A Danish solution read in its Norwegian translation: what the translation lacks says it is Danish.
  const translated = await publish(a, token, fullSolution({ results: RESULTS }));
  const mixed = (await new WebClient(base, 'nb').get(`/solutions/${translated.id}`)).html;
  t.match(mixed, /<article class="solution h-entry">\s*<header>\s*<h1 class="ds-heading p-name" data-size="xl">SMS-påminnelse før første samtale<\/h1>/, 'the translation on a Norwegian page');
  t.match(mixed, /<div class="prose" lang="da"><p>Før\/efter-måling på registerdata/, 'the evidence, not translated, is marked Danish');
  t.match(mixed, /<table class="ds-table results" data-border lang="da">/, 'so are the results');
  t.match(mixed, /<td class="num" lang="nb">−7 prosentpoeng<\/td>/, 'and the page\'s own words inside them are marked Norwegian');
  t.match(mixed, /href="\/solutions\/\d+\?text=da" lang="da" hreflang="da">Dansk<\/a>/, 'the other languages of the solution are offered');
  const original = (await new WebClient(base, 'nb').get(`/solutions/${translated.id}?text=da`)).html;
  t.match(original, /<html lang="nb"/, 'choosing the text language leaves the page\'s');
  t.match(original, /<article class="solution h-entry" lang="da">[\s\S]*Sms-påmindelse før første samtale/);
});

t.test('a staff member on B asks on A\'s solution, and adopts it, through the web forms; A shows both', async (t) => {
  const a = await testInstance(t, 'pages-a', { instance: { agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } });
  const b = await testInstance(t, 'pages-b', { instance: { agencyDisplayName: 'NAV Asker', languages: ['nb'] } });
  await agencyFollows(b, a);
  const hanne = await staffToken(a.it.deps, 'hanne');
  const s = await publish(a, hanne, fullSolution({ results: RESULTS }));
  const onB = await eventually('B has the solution', () => b.it.deps.store.solutions.getByUri(s.uri));
  await staffAccount(b.it.deps, 'kari');
  const kari = new WebClient(`http://${b.domain}`, 'en');
  const path = `/solutions/${onB.id}`;

  // Signed out: a link to sign in that comes back to the form.
  const anonymous = await new WebClient(`http://${b.domain}`, 'en').get(path);
  t.match(anonymous.html, /href="\/auth\/sign_in\?next=%2Fsolutions%2F\d+%23ask">Sign in to ask a question<\/a>/);
  t.notMatch(anonymous.html, /name="text"/);
  await kari.signIn('kari', STAFF_PASSWORD);
  const form = await kari.get(path);
  t.match(form.html, /<form method="post" action="\/solutions\/\d+\/questions"/);
  t.match(form.html, /<label class="ds-label" for="f-text">Your question<\/label>/, 'a labelled text area');
  t.match(form.html, />Ask<\/button>/);

  // CSRF: without the token, or with another browser's, nothing is posted.
  t.equal((await kari.post(`${path}/questions`, { text: 'Forged?' }, { csrf: null })).status, 403);
  const other = new WebClient(`http://${b.domain}`, 'en');
  const foreign = WebClient.csrfOf((await other.get('/auth/sign_in')).html);
  t.equal((await kari.post(`${path}/questions`, { text: 'Forged?' }, { csrf: foreign })).status, 403);

  const blank = await kari.post(`${path}/questions`, { text: '   ' }, { csrfFrom: path });
  t.equal(blank.status, 400);
  t.match(blank.html, /<title>Error: /);
  t.match(blank.html, /href="#f-text">Write your question before you send it\./);
  const question = 'Hvor lang er teksten i sms-en, og sender dere den også til unge?';
  const key = /name="key" value="([^"]+)"/.exec(form.html)![1]!;
  const asked = await kari.post(`${path}/questions`, { text: question, key }, { csrfFrom: path });
  t.equal(asked.status, 303, asked.html);
  const twice = await kari.post(`${path}/questions`, { text: question, key }, { csrfFrom: path });
  t.equal(twice.status, 303, 'a double submit of the same form ...');
  t.equal((await b.it.deps.store.solutions.listReplies(s.uri, 10)).length, 1, '... posts the question once');
  t.equal(asked.location, `${path}?notice=question_posted#discussion`);
  const after = await kari.get(asked.location!);
  t.match(textOf(after.html), /Your question was posted/);
  t.match(textOf(after.html), new RegExp(question.replace(/[?]/g, '\\?')), 'the question is on B\'s page');

  // It federates to A like any reply: A's page shows it, and the author is told.
  const onA = new WebClient(`http://${a.domain}`, 'da');
  await eventually('A shows the question', async () => textOf((await onA.get(`/solutions/${s.id}`)).html).includes(question));
  t.match(textOf((await onA.get(`/solutions/${s.id}`)).html), /Spørgsmål og drøftelse \(1\)/);
  const told = await eventually('the author on A is told', async () => {
    const ns = (await (await fetch(`http://${a.domain}/api/v1/notifications`, { headers: { authorization: `Bearer ${hanne}` } })).json()) as Array<{ type: string; account: { acct: string }; status?: { content: string } }>;
    return ns.find((n) => n.status?.content.includes('Hvor lang er teksten'));
  });
  t.match(told, { type: 'mention', account: { acct: `kari@${b.domain}` } });

  // Adoption: signed out is sent to sign in and back; wrong input keeps everything typed.
  const adoptPath = `${path}/adopt`;
  const out = await new WebClient(`http://${b.domain}`).get(adoptPath);
  t.equal(out.status, 303);
  t.equal(out.location, `/auth/sign_in?next=${encodeURIComponent(adoptPath)}`);
  const blankForm = await kari.get(adoptPath);
  t.equal(blankForm.status, 200);
  t.match(blankForm.html, /<legend>How far have you come\?/);
  for (const label of ['Planned', 'Piloting', 'In use', 'Abandoned']) t.match(blankForm.html, new RegExp(`data-weight="regular">${label}</label>`), `status "${label}"`);
  t.match(blankForm.html, /<option value="en" selected>English<\/option>/, 'the language is the page\'s by default');
  t.notMatch(blankForm.html, /value="in-use" checked/);
  const note = 'Vi prøver det i to team fra mars.\nFørste tall er lovende.';
  const wrong = {
    note, startedAt: '2026-03-01', language: 'nb',
    'results.0.metric': 'Uteblivelser fra første samtale', 'results.0.baseline': '15 prosent', 'results.0.value': '', 'results.0.unit': '%', 'results.0.sampleSize': '43.5',
    'results.1.metric': 'Tid', 'results.1.value': '1,240',
  };
  t.equal((await kari.post(adoptPath, wrong, { csrf: null })).status, 403, 'CSRF: refused without the token');
  const bad = await kari.post(adoptPath, wrong);
  t.equal(bad.status, 400);
  const badText = textOf(bad.html);
  t.match(bad.html, /<title>Error: Report an adoption/);
  t.match(badText, /Choose how far you have come\./);
  t.match(badText, /Enter “Before” in result 1 as a number/);
  t.match(badText, /Enter the value after in result 1\./);
  t.match(badText, /Enter the number measured in result 1 as a whole number/);
  t.match(badText, /Write “After” in result 2 without a thousands separator/, '1,240 could be either: asked, not guessed');
  t.match(bad.html, /href="#f-status"[\s\S]*href="#f-results-0-baseline"/, 'the summary links to the fields, in page order');
  t.match(bad.html, /id="f-results-0-metric" name="results\.0\.metric" type="text" value="Uteblivelser fra første samtale"/, 'what was typed is kept');
  t.match(bad.html, /id="f-results-0-baseline" name="results\.0\.baseline" type="text" value="15 prosent"/);
  t.match(bad.html, /value="43\.5"/);
  t.match(bad.html, /name="results\.1\.value" type="text" value="1,240"/);
  t.match(bad.html, /Vi prøver det i to team fra mars\.\nFørste tall er lovende\.<\/textarea>/);
  t.match(bad.html, /type="date" value="2026-03-01"/);
  t.match(bad.html, /<option value="nb" selected>/);
  t.equal((await b.it.deps.store.solutions.listAdoptions(s.uri)).length, 0, 'nothing was stored');

  // Rows are added and removed by buttons; the form comes back with everything in it.
  const added = await kari.post(adoptPath, { ...wrong, status: 'piloting', add: 'results' });
  t.equal(added.status, 200);
  t.match(added.html, /id="f-results-1-metric"/, 'a second row');
  t.match(added.html, /value="piloting" checked/);
  t.match(added.html, />Remove result 2<\/button>/, 'each row\'s remove button names its row');
  const removed = await kari.post(adoptPath, { ...wrong, 'results.1.metric': 'Tid brukt per samtale', 'results.1.value': '30', remove: '0' });
  t.match(removed.html, /id="f-results-0-metric" name="results\.0\.metric" type="text" value="Tid brukt per samtale"/, 'the second row moved up');
  t.notMatch(removed.html, /f-results-1-metric/);

  const good = { status: 'piloting', note, startedAt: '2026-03-01', language: 'nb', 'results.0.metric': 'Uteblivelser fra første samtale', 'results.0.baseline': '15', 'results.0.value': '10', 'results.0.unit': '%', 'results.0.period': '2026-03/2026-08', 'results.0.sampleSize': '430', 'results.1.metric': '', 'results.1.value': '' };
  const sent = await kari.post(adoptPath, good);
  t.equal(sent.status, 303, sent.html.slice(0, 2000));
  t.equal(sent.location, `${path}?notice=adoption_reported#adoptions`);
  const mine = await kari.get(sent.location!);
  t.match(textOf(mine.html), /Your adoption report was sent\./);
  t.match(textOf(mine.html), /Your agency reported: Piloting/);

  // A shows it with its status in A's page language, and the change in percentage points.
  const adoptedOnA = await eventually('A shows the adoption', async () => {
    const text = textOf((await onA.get(`/solutions/${s.id}`)).html);
    return text.includes('Taget i brug af (1)') ? text : undefined;
  });
  t.match(adoptedOnA, /NAV Asker @agency@[^ ]+ Under afprøvning/);
  t.match(adoptedOnA, /Uteblivelser fra første samtale: 15 → 10 % \(2026-03\/2026-08, n = 430\)/);
  t.notMatch(adoptedOnA, /\bpiloting\b/);

  // A new report starts from the last one and becomes its next revision.
  const again = await kari.get(adoptPath);
  t.match(again.html, /value="piloting" checked/);
  t.match(again.html, /name="results\.0\.baseline" type="text" value="15"/);
  t.match(textOf(again.html), /becomes revision 2/);
  const same = await kari.post(adoptPath, good);
  t.equal(same.location, `${path}?notice=adoption_unchanged#adoptions`, 'the same report again changes nothing');
  const changed = await kari.post(adoptPath, { ...good, status: 'in-use' });
  t.equal(changed.location, `${path}?notice=adoption_reported#adoptions`);
  await eventually('A shows the history', async () => textOf((await onA.get(`/solutions/${s.id}`)).html).includes('2 meldinger: Under afprøvning → I drift'));

  // An agency does not adopt its own solution: A's staff is told so.
  const hanneWeb = new WebClient(`http://${a.domain}`, 'en');
  await hanneWeb.signIn('hanne', STAFF_PASSWORD);
  const own = await hanneWeb.get(`/solutions/${s.id}/adopt`);
  t.equal(own.status, 200);
  t.match(textOf(own.html), /Your agency shared this solution/);
  t.notMatch(own.html, /name="status"/);
  const token = WebClient.csrfOf((await hanneWeb.get(`/solutions/${s.id}`)).html);
  t.equal((await hanneWeb.post(`/solutions/${s.id}/adopt`, { status: 'in-use' }, { csrf: token })).status, 409);
  t.equal((await a.it.deps.store.solutions.listAdoptions(s.uri)).length, 1);
});

t.test('a post\'s page: public posts shown, followers-only never, AS2 at the same URL', async (t) => {
  const a = await testInstance(t, 'pages-post', { instance: { languages: ['da'] } });
  const token = await staffToken(a.it.deps, 'hanne');
  const s = await publish(a, token, fullSolution());
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`http://${a.domain}/api/v1/statuses`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    t.equal(res.status, 200);
    return (await res.json()) as { id: string; url: string; uri: string };
  };
  const open = await post({ status: 'Vi har delt vores sms-løsning #jobcenter', visibility: 'public', language: 'da' });
  const closed = await post({ status: 'Kun for følgere: intern note', visibility: 'private' });
  const reply = await post({ status: 'Vi har opdateret skabelonen.', visibility: 'public', in_reply_to_id: s.id });
  t.equal(new URL(open.url).pathname, `/@hanne/${open.id}`, 'the url Mastodon links to');

  const anon = new WebClient(`http://${a.domain}`, 'en');
  const page = await anon.get(new URL(open.url).pathname);
  t.equal(page.status, 200);
  t.match(page.html, /<article class="post h-entry" lang="da">/);
  const text = textOf(page.html);
  t.match(text, /Post by Hanne Jensen/);
  t.match(text, /Hanne Jensen @hanne@/);
  t.match(text, /Vi har delt vores sms-løsning # ?jobcenter/);
  t.match(page.html, /<time class="dt-published" datetime="/);
  t.match(page.html, new RegExp(`<link rel="alternate" type="application/activity\\+json" href="${open.uri}">`));

  const threaded = await anon.get(new URL(reply.url).pathname);
  t.match(threaded.html, new RegExp(`In reply to the solution <a class="ds-link in-reply-to" href="http://${a.domain}/solutions/${s.id}">Sms-påmindelse før første samtale</a>`));

  const as = await fetch(open.url, { headers: { accept: 'application/activity+json' } });
  t.equal(as.status, 200);
  t.match(as.headers.get('content-type'), /application\/activity\+json/);
  t.match(await as.json(), { id: open.uri, type: 'Note', url: open.url });

  // Followers-only: 404 for everyone, signed in (even its author) or not, in both representations.
  const closedPath = new URL(closed.url).pathname;
  const hidden = await anon.get(closedPath);
  t.equal(hidden.status, 404);
  t.match(hidden.html, /Page not found/);
  t.notMatch(hidden.html, /intern note/);
  const hanne = new WebClient(`http://${a.domain}`, 'en');
  await hanne.signIn('hanne', STAFF_PASSWORD);
  const own = await hanne.get(closedPath);
  t.equal(own.status, 404);
  t.notMatch(own.html, /intern note/);
  t.equal((await fetch(closed.url, { headers: { accept: 'application/activity+json' } })).status, 404);
  t.equal((await anon.get(`/@hanne/999999`)).status, 404);
  t.equal((await anon.get(`/@nobody/${open.id}`)).status, 404);
  t.equal((await anon.get(`/@hanne/${open.id}`, { accept: 'image/png' })).status, 406);
});
