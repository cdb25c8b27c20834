import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { fullSolution, staffToken } from './fixtures.js';
import { sendSigned, agencyFollows } from './federate.js';

const send = (from: TestInstance, to: TestInstance, activity: Record<string, unknown>) => sendSigned(from, to, activity);
const follow = agencyFollows;

const view = async (i: TestInstance, uri: string) => {
  const r = await i.it.deps.store.solutions.getByUri(uri);
  return r ? (await i.it.app.inject({ url: `/api/v1/solutions/${r.id}` })).json() : undefined;
};

t.test('replies from a remote actor thread under the solution; an adoption flows back to the origin and on to its followers', async (t) => {
  const a = await testInstance(t, 'adopt-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } });
  const b = await testInstance(t, 'adopt-b', { instance: { agencyUsername: 'agency', agencyDisplayName: 'NAV Asker', languages: ['nb'] } });
  const c = await testInstance(t, 'adopt-c', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Aarhus Kommune', languages: ['da'] } });
  await follow(b, a);
  await follow(c, a);
  const aToken = await staffToken(a.it.deps);
  const bToken = await staffToken(b.it.deps, 'kari');
  const s = (await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${aToken}` }, payload: fullSolution() })).json();
  const onB = await eventually('B has it', () => view(b, s.uri));
  await eventually('C has it', () => view(c, s.uri));

  // A question from another server: a Note in reply to the solution.
  const bAgency = `http://${b.domain}/users/agency`;
  const question = `${bAgency}/statuses/1`;
  t.equal(await send(b, a, {
    id: `${question}/activity`, type: 'Create', actor: bAgency, to: [PUBLIC], cc: [`http://${a.domain}/users/agency`],
    object: {
      id: question, type: 'Note', attributedTo: bAgency, inReplyTo: s.uri, to: [PUBLIC], cc: [`http://${a.domain}/users/agency`], published: new Date().toISOString(),
      content: '<p>Hvor lang er teksten i sms-en? <script>alert(1)</script><a href="javascript:x()">?</a></p>',
      tag: [{ type: 'Mention', href: `http://${a.domain}/users/agency`, name: `@agency@${a.domain}` }],
    },
  }), 202);
  const threaded = await eventually('the reply is threaded on A', async () => {
    const v = await view(a, s.uri);
    return v?.replies.count === 1 ? v : undefined;
  });
  t.equal(threaded.replies.count, 1);
  const page = (await a.it.app.inject({ url: `/solutions/${s.id}`, headers: { accept: 'text/html' } })).body;
  t.match(page, /Spørgsmål og drøftelse \(1\)/);
  t.match(page, /<p>Hvor lang er teksten i sms-en\? <a rel="nofollow noopener noreferrer">\?<\/a><\/p>/, 'the reply, sanitized');
  t.match(page, /NAV Asker<\/a> <span class="handle">@agency@/, 'with its author');
  t.notMatch(page, /<script|javascript:/);
  const replies = (await a.it.app.inject({ url: `/solutions/${s.id}/replies?page=true`, headers: { accept: 'application/activity+json' } })).json();
  t.same(replies.orderedItems, [question], 'the replies collection');

  // B adopts A's solution: Adopt + a paired Note go to A's inbox and to B's followers.
  const report = (payload: object, token = bToken, on = b, id = onB.id) => on.it.app.inject({ method: 'POST', url: `/api/v1/solutions/${id}/adoptions`, headers: { authorization: `Bearer ${token}` }, payload });
  const bad = await report({ status: 'maybe', results: [{ metric: 'x' }] });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().errors.map((e: any) => e.pointer).sort(), ['/results/0/value', '/status']);
  const first = await report({ status: 'piloting', note: 'Vi prøver det i to team fra mars.', startedAt: '2026-03-01', results: [{ metric: 'Uteblivelser fra første samtale', baseline: 15, value: 10, unit: '%', period: '2026-03/2026-08', sampleSize: 430 }] });
  t.equal(first.statusCode, 201, first.body);
  t.match(first.json(), { status: 'piloting', revision: 1, language: 'nb', adopter: { uri: bAgency }, solution: s.uri });
  const again = await report({ status: 'piloting', note: 'Vi prøver det i to team fra mars.', startedAt: '2026-03-01', results: first.json().results });
  t.equal(again.statusCode, 200, 'the same report again changes nothing');
  t.equal(again.json().revision, 1);

  const atOrigin = await eventually('the adoption reached the origin', async () => {
    const v = await view(a, s.uri);
    return v?.adoptions.count === 1 ? v : undefined;
  });
  const listed = (await a.it.app.inject({ url: '/api/v1/solutions' })).json().items.find((x: { uri: string }) => x.uri === s.uri);
  t.same(listed?.adoptions, { count: 1 }, 'the catalogue counts the adoption too (read for the whole page at once)');
  t.match(atOrigin.adoptions.items[0], {
    uri: first.json().uri, status: 'piloting', note: 'Vi prøver det i to team fra mars.', startedAt: '2026-03-01', language: 'nb', revision: 1,
    adopter: { uri: bAgency, name: 'NAV Asker', local: false },
    results: [{ metric: 'Uteblivelser fra første samtale', baseline: 15, value: 10, unit: '%', period: '2026-03/2026-08', sampleSize: 430 }],
  });
  const note = await eventually('the paired Note reached the origin too', () => a.it.deps.store.objects.getByUri(`${first.json().uri}/notes/1`));
  t.equal(note.inReplyToUri, s.uri, 'a reply to the solution, readable on any server');
  t.match(String(note.data.content), /NAV Asker prøver ut «SMS-påminnelse før første samtale» fra <span class="h-card"><a href="[^"]+" class="u-url mention"[^>]*>@<span>agency<\/span><\/a><\/span>/, 'in words, in the adopter\'s language, the solution title in that language');
  t.match(String(note.data.content), /Uteblivelser fra første samtale: 15 → 10 %/);
  t.match(note.data.tag, [{ type: 'Mention', href: `http://${a.domain}/users/agency` }], 'mentions the origin agency (it gets notified)');
  t.equal((await view(a, s.uri)).replies.count, 1, 'the adoption note is filed under adoptions, not counted as discussion');
  const pageA = (await a.it.app.inject({ url: `/solutions/${s.id}`, headers: { accept: 'text/html' } })).body;
  t.match(pageA, /Taget i brug af \(1\)/);
  t.match(pageA, /NAV Asker<\/a> <span class="handle">@agency@[^<]+<\/span><\/th>\s*<td><span class="badge">Under afprøvning<\/span><\/td>\s*<td><time datetime="2026-03-01">1\. marts 2026<\/time><\/td>\s*<td lang="nb"><p class="ds-paragraph">Vi prøver det i to team fra mars.<\/p><ul><li>Uteblivelser fra første samtale: 15 → 10 %/, 'who adopted it, with outcomes, the status in the page\'s language and the note in its own');
  t.match(pageA, /Spørgsmål og drøftelse \(1\)/);
  t.match((await a.it.app.inject({ url: `/solutions/${s.id}/adoptions?page=true`, headers: { accept: 'application/activity+json' } })).json(), { orderedItems: [first.json().uri] });

  // C follows only A: it learns of the adoption through A's Add, reading the record from B.
  const atC = await eventually('C learned of the adoption', async () => {
    const v = await view(c, s.uri);
    return v?.adoptions.count === 1 ? v : undefined;
  });
  t.match(atC.adoptions.items[0], { uri: first.json().uri, status: 'piloting', adopter: { uri: bAgency } });

  // A status change: a new revision; the origin keeps the history.
  const second = await report({ status: 'in-use', note: 'Nå i drift i hele kontoret.', startedAt: '2026-03-01', results: [{ metric: 'Uteblivelser fra første samtale', baseline: 15, value: 9, unit: '%' }] });
  t.equal(second.statusCode, 200);
  t.match(second.json(), { revision: 2, status: 'in-use', history: [{ revision: 1, status: 'piloting' }] });
  const updated = await eventually('the origin has revision 2', async () => {
    const v = await view(a, s.uri);
    return v?.adoptions.items[0].revision === 2 ? v.adoptions.items[0] : undefined;
  });
  t.match(updated, { status: 'in-use', note: 'Nå i drift i hele kontoret.', history: [{ revision: 1, status: 'piloting', note: 'Vi prøver det i to team fra mars.' }] });
  await eventually('C has revision 2', async () => (await view(c, s.uri))?.adoptions.items[0].status === 'in-use');
  t.match((await a.it.app.inject({ url: `/solutions/${s.id}`, headers: { accept: 'text/html' } })).body, /2 meldinger: Under afprøvning → I drift/);
  t.equal((await a.it.app.inject({ url: `/api/v1/solutions/${s.id}/adoptions` })).json().length, 1, 'one current adoption per agency');

  // The adoption's own id answers its document; an agency cannot adopt its own solution.
  const doc = await fetch(first.json().uri, { headers: { accept: 'application/activity+json' } });
  t.match(await doc.json(), { type: 'Adoption', adoptionOf: s.uri, adoptionStatus: 'sp:InUse', revision: 2, attributedTo: bAgency });
  const own = await report({ status: 'in-use' }, aToken, a, s.id);
  t.equal(own.statusCode, 409);
  t.equal(own.json().code, 'ADOPTION_OF_OWN_SOLUTION');
});

t.test('Adopt refusals: another actor\'s record, a mismatched object, a forged id are ignored', async (t) => {
  const a = await testInstance(t, 'adopt-x');
  const b = await testInstance(t, 'adopt-y');
  await follow(b, a);
  const aToken = await staffToken(a.it.deps);
  const s = (await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${aToken}` }, payload: fullSolution() })).json();
  const bAgency = `http://${b.domain}/users/agency`;
  const adoption = (over: object) => ({ id: `http://${b.domain}/adoptions/1`, type: 'Adoption', attributedTo: bAgency, adoptionOf: s.uri, adoptionStatus: 'sp:Piloting', revision: 1, ...over });
  t.equal(await send(b, a, { id: `http://${b.domain}/adoptions/1/reports/1`, type: 'Adopt', actor: bAgency, object: s.uri, adoption: adoption({ attributedTo: `http://${a.domain}/users/agency` }) }), 202);
  t.equal(await send(b, a, { id: `http://${b.domain}/adoptions/1/reports/2`, type: 'Adopt', actor: bAgency, object: 'http://elsewhere.example/x', adoption: adoption({}) }), 202);
  t.equal(await send(b, a, { id: `http://${b.domain}/adoptions/1/reports/3`, type: 'Adopt', actor: bAgency, object: s.uri, adoption: adoption({ id: `http://${a.domain}/adoptions/1` }) }), 202);
  t.equal(await send(b, a, { id: `http://${b.domain}/adoptions/1/reports/4`, type: 'Adopt', actor: bAgency, object: s.uri, adoption: adoption({ adoptionStatus: 'sp:Sleeping' }) }), 202);
  await eventually('inbox settled', async () => (await a.it.deps.store.jobs.list({ type: 'inbox', limit: 100 })).filter((j) => j.state !== 'done').length === 0);
  t.equal((await a.it.deps.store.solutions.listAdoptions(s.uri)).length, 0, 'none was stored');
  t.equal(await send(b, a, { id: `http://${b.domain}/adoptions/1/reports/5`, type: 'Adopt', actor: bAgency, object: s.uri, adoption: adoption({}) }), 202);
  await eventually('a valid one is', async () => (await a.it.deps.store.solutions.listAdoptions(s.uri)).length === 1);
});
