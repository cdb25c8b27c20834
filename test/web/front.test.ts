import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { STAFF_PASSWORD, WebClient, staffAccount, textOf } from '../helpers/web.js';
import { createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { fullSolution } from '../solutions/fixtures.js';
import { agencyFollows } from '../solutions/federate.js';
import { translator } from '../../src/http/web/i18n.js';

const json = { 'content-type': 'application/json' };

async function api(i: TestInstance, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://${i.domain}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...json }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A staff member with a web password and an API token (the API is how the other agency acts here). */
async function staff(i: TestInstance, username: string) {
  await staffAccount(i.it.deps, username);
  return (await createPersonalToken(i.it.deps, username, ['read', 'write'])).token;
}

/** The part of a page between one heading id and the next section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const end = html.indexOf('</section>', start);
  return html.slice(start, end < 0 ? undefined : end);
}

/** A reminder solution of B, in Norwegian only. */
const norwegian = (over: Record<string, unknown> = {}) => ({
  title: 'Digital timebestilling hos NAV', summary: 'Brukerne bestiller selv time på nett, og færre ringer.', problem: 'Telefonkøene var lange.', approach: 'En enkel side for timebestilling.',
  language: 'nb', maturity: 'in-use', results: [{ metric: 'Telefonhenvendelser', baseline: 1200, value: 800, unit: 'per uke' }], ...over,
});

t.test('front page, agencies, start page and impact report between two agencies', async (t) => {
  const a = await testInstance(t, 'front-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } });
  const b = await testInstance(t, 'front-b', { instance: { agencyUsername: 'agency', agencyDisplayName: 'NAV Asker', languages: ['nb'] } });
  const hanneToken = await staff(a, 'hanne');
  const kariToken = await staff(b, 'kari');

  // Signed out: who we are, a search box, empty lists said in words, and "Sign in".
  const visitor = new WebClient(`http://${a.domain}`);
  let front = await visitor.get('/');
  t.equal(front.status, 200);
  let text = textOf(front.html);
  t.match(front.html, /<h1[^>]*>Jobcenter Middelfart<\/h1>/, 'the agency name is the heading');
  t.match(text, /Jobcenter Middelfart shares working methods that work with other public agencies/, 'the description falls back to a translated sentence');
  t.match(front.html, /<form method="get" action="\/solutions"[\s\S]*?<label class="ds-label" for="front-q">Search solutions<\/label>[\s\S]*?<input class="ds-input" id="front-q" name="q" type="search"/, 'a labelled search box that asks the catalogue');
  t.match(text, /We have not shared any solutions yet\./);
  t.match(text, /No solutions from agencies we follow yet\./);
  t.match(text, /No agency has reported adopting a solution here yet\./);
  t.match(front.html, /href="\/auth\/sign_in\?next=%2Fhome">Sign in<\/a>/, 'a call to sign in');
  t.notMatch(front.html, /href="\/solutions\/new"/, 'no "Share a solution" for a visitor');
  t.match(textOf((await visitor.get('/?lang=da')).html), /Vi har ikke delt nogen løsninger endnu/, 'and in Danish');
  visitor.cookies.delete('samspil_lang');

  // The start page needs a signed-in person.
  const signedOutHome = await visitor.get('/home');
  t.equal(signedOutHome.status, 303);
  t.equal(signedOutHome.location, '/auth/sign_in?next=%2Fhome');

  // B follows A (so A's solutions reach B), then Hanne publishes one.
  await agencyFollows(b, a);
  const published = await api(a, hanneToken, 'POST', '/api/v1/solutions', fullSolution());
  t.equal(published.status, 201);
  const solutionA = published.body;
  front = await visitor.get('/');
  t.match(section(front.html, 'front-ours'), new RegExp(`href="/solutions/${solutionA.id}">Text reminder before the first meeting</a>`), 'our newest solution, in the page language when it has a translation');
  t.match(section((await visitor.get('/?lang=sv')).html, 'front-ours'), new RegExp(`href="/solutions/${solutionA.id}" lang="da">Sms-påmindelse før første samtale</a>`), 'else in its own, with its lang');
  visitor.cookies.delete('samspil_lang');

  // Hanne signs in; the front page offers sharing instead of signing in; her start page is calm.
  const hanne = new WebClient(`http://${a.domain}`);
  await hanne.signIn('hanne', STAFF_PASSWORD);
  t.match((await hanne.get('/')).html, /<a class="ds-button" data-variant="primary" href="\/solutions\/new">Share a solution<\/a>/);
  let home = await hanne.get('/home');
  t.equal(home.status, 200);
  t.match(textOf(section(home.html, 'incoming-heading')), /This is your first visit|Nothing has come in yet/);
  t.match(section(home.html, 'own-heading'), new RegExp(`href="/solutions/${solutionA.id}/edit">Edit<span class="ds-sr-only">: <span>Text reminder before the first meeting</span>`), 'her own solution, with a link to edit it');

  // Following: errors are said by the field and the typed value stays.
  let agencies = await hanne.post('/agencies', { target: '' });
  t.equal(agencies.status, 400);
  t.match(agencies.html, /<title>Error: Agencies/);
  t.match(agencies.html, /class="ds-error-summary"[\s\S]*href="#f-target">Enter the agency&#39;s handle or address/);
  agencies = await hanne.post('/agencies', { target: 'jobcenter at aarhus' });
  t.equal(agencies.status, 400);
  t.match(agencies.html, /id="f-target-error"[\s\S]*Enter a handle like @jobcenter@samspil\.aarhus\.example/);
  t.match(agencies.html, /id="f-target" name="target" type="text" value="jobcenter at aarhus"/, 'what was typed is kept');
  t.match(agencies.html, /aria-invalid="true"/);
  agencies = await hanne.post('/agencies', { target: `@nobody@${b.domain}` });
  t.equal(agencies.status, 400);
  t.match(textOf(agencies.html), /There is no agency with that handle or address/);
  t.match(agencies.html, new RegExp(`value="@nobody@${b.domain.replace(/\./g, '\\.')}"`));
  const closed = await hanne.post('/agencies', { target: '@agency@127.0.0.1:1' });
  t.equal(closed.status, 400, 'an unreachable server is an error by the field, not a 5xx');
  t.match(textOf(closed.html), /We could not get an agency from that address/);
  t.equal((await a.it.deps.store.follows.countFollowing((await a.it.deps.store.actors.getByUsername('agency', null))!.id)), 0, 'nothing stored by a failed follow');

  // Without the form's token, nothing is followed.
  const forged = await hanne.post('/agencies', { target: `@agency@${b.domain}` }, { csrf: null });
  t.equal(forged.status, 403);
  t.equal((await a.it.deps.store.follows.countFollowing((await a.it.deps.store.actors.getByUsername('agency', null))!.id)), 0, 'CSRF refused: no follow');

  // Follow B by its handle: listed with name, handle and server, accepted once B answers.
  const followed = await hanne.post('/agencies', { target: `  @agency@${b.domain} ` });
  t.equal(followed.status, 303);
  t.match(followed.location, /^\/agencies\?notice=agency_(follow_sent|followed)$/);
  agencies = await hanne.get(followed.location!);
  const listed = textOf(section(agencies.html, 'following-heading'));
  t.match(listed, /NAV Asker/);
  t.match(listed, new RegExp(`@agency@${b.domain.replace(/\./g, '\\.')}`));
  t.match(listed, /Waiting for them to accept|Following/);
  await eventually('B accepted A', async () => /Following/.test(textOf(section((await hanne.get('/agencies')).html, 'following-heading'))));
  t.match(textOf(section((await hanne.get('/agencies')).html, 'followers-heading')), /NAV Asker/, 'B follows us too');

  // Unfollow, then follow again while B is down: pending until B is back and accepts.
  agencies = await hanne.get('/agencies');
  const bOnA = (await a.it.deps.store.actors.getByUsername('agency', b.domain))!;
  t.match(agencies.html, new RegExp(`name="actor" value="${bOnA.id}"><button type="submit"[^>]*aria-label="Unfollow NAV Asker">Unfollow</button>`));
  const unfollowed = await hanne.post('/agencies/unfollow', { actor: bOnA.id }, { csrfFrom: '/agencies' });
  t.equal(unfollowed.status, 303);
  t.equal(unfollowed.location, '/agencies?notice=agency_unfollowed');
  agencies = await hanne.get(unfollowed.location!);
  t.match(textOf(agencies.html), /We no longer follow the agency\./);
  t.match(textOf(section(agencies.html, 'following-heading')), /We do not follow any agencies yet\./);
  const aOnB = async () => (await b.it.deps.store.actors.getByUsername('agency', a.domain))!;
  const bAgency = async () => (await b.it.deps.store.actors.getByUsername('agency', null))!;
  await eventually('B saw the Undo', async () => !(await b.it.deps.store.follows.getByPair((await aOnB()).id, (await bAgency()).id)));
  const token = WebClient.csrfOf((await hanne.get('/agencies')).html, '/agencies');
  t.equal((await hanne.post('/agencies/unfollow', { actor: bOnA.id }, { csrf: token })).location, '/agencies?notice=agency_not_followed', 'unfollowing twice changes nothing');

  await b.stop();
  const again = await hanne.post('/agencies', { target: `@agency@${b.domain}` });
  t.equal(again.location, '/agencies?notice=agency_follow_sent');
  t.match(textOf((await hanne.get(again.location!)).html), /Follow request sent/);
  t.match(textOf(section((await hanne.get('/agencies')).html, 'following-heading')), /NAV Asker .* Waiting for them to accept/, 'pending while B cannot answer');
  await b.start();
  await eventually('B is back and accepted', async () => /Following/.test(textOf(section((await hanne.get('/agencies')).html, 'following-heading'))), 20_000);

  // Signed out, the lists are there but not the forms.
  const seen = await visitor.get('/agencies');
  t.match(textOf(section(seen.html, 'following-heading')), /NAV Asker/);
  t.notMatch(seen.html, /action="\/agencies"/, 'no follow form');
  t.notMatch(seen.html, /action="\/agencies\/unfollow"/, 'no unfollow buttons');
  t.match(textOf(seen.html), /Sign in to follow or unfollow agencies/);

  // B acts on A's solution: a question, an adoption with results, and a new solution of its own.
  const onB = await eventually('B has A\'s solution', () => b.it.deps.store.solutions.getByUri(solutionA.uri));
  const asked = await api(b, kariToken, 'POST', '/api/v1/statuses', { status: 'Hvor lang er sms-en, og hvem sender den?', in_reply_to_id: onB.id, visibility: 'public' });
  t.equal(asked.status, 200);
  const adopted = await api(b, kariToken, 'POST', `/api/v1/solutions/${onB.id}/adoptions`, {
    status: 'piloting', note: 'Vi prøver det i to team.', language: 'nb', startedAt: '2026-03-01',
    results: [{ metric: 'Uteblivelser', baseline: 20, value: 14, unit: '%', sampleSize: 1240 }],
  });
  t.equal(adopted.status, 201);
  const solutionB = await api(b, kariToken, 'POST', '/api/v1/solutions', norwegian());
  t.equal(solutionB.status, 201);

  // A's front page lists B's solution among those from agencies we follow.
  await eventually('A has B\'s solution', () => a.it.deps.store.solutions.getByUri(solutionB.body.uri));
  const onA = (await a.it.deps.store.solutions.getByUri(solutionB.body.uri))!;
  front = await visitor.get('/');
  t.match(section(front.html, 'front-others'), new RegExp(`href="/solutions/${onA.id}" lang="nb">Digital timebestilling hos NAV</a>`), 'B\'s solution, marked as Norwegian on an English page');
  t.match(textOf(section(front.html, 'front-others')), /NAV Asker/);
  t.notMatch(section(front.html, 'front-ours'), /Digital timebestilling/, 'not among ours');
  await eventually('A has B\'s adoption', async () => (await a.it.deps.store.solutions.listAdoptions(solutionA.uri)).length === 1);
  front = await visitor.get('/');
  t.match(textOf(section(front.html, 'front-most-adopted')), /Text reminder before the first meeting .* Adopted by 1 agency/, 'the most adopted, with the count');

  // Hanne's start page: the question, the adoption and B's solution, marked new.
  // Waited for in the store: every visit to the start page moves the markers.
  const hanneActor = (await a.it.deps.store.actors.getByUsername('hanne', null))!;
  await eventually('the question and the adoption reached Hanne', async () => {
    const types = (await a.it.deps.store.notifications.list(hanneActor.id, {}, { limit: 20 })).map((n) => n.type);
    return types.includes('mention') && types.includes('adoption');
  });
  home = await hanne.get('/home');
  const incoming = section(home.html, 'incoming-heading');
  text = textOf(incoming);
  t.match(text, /Question New From Kari @kari@\S+ About Text reminder before the first meeting/);
  t.equal(incoming.match(/Hvor lang er sms-en/g)?.length, 1, 'told to Hanne and to the agency, shown once');
  t.match(incoming, /<blockquote class="question" lang="nb"><p class="ds-paragraph">[^<]*Hvor lang er sms-en, og hvem sender den\?/, 'the question in its language');
  t.match(text, /Adoption New From NAV Asker .* Status Piloting/);
  t.match(incoming, /Vi prøver det i to team\./);
  t.match(text, /New solution New From NAV Asker .* Digital timebestilling hos NAV/);
  t.match(text, /\d+ new since your last visit\./);
  const again2 = await hanne.get('/home');
  t.match(textOf(section(again2.html, 'incoming-heading')), /Nothing new since your last visit\./, 'seen once, not new the next time');
  t.notMatch(section(again2.html, 'incoming-heading'), /class="badge new"/);

  // A's impact report: B's adoption under its status, with the outcome it reported.
  const impact = await visitor.get('/impact');
  t.equal(impact.status, 200);
  const ours = section(impact.html, 'impact-ours');
  t.match(ours, /<caption id="[^"]+">Piloting \(1\)<\/caption>/, 'grouped by status');
  t.match(textOf(ours), /NAV Asker .* Vi prøver det i to team\. Uteblivelser: 20 → 14 % \(n = 1,240\)/, 'the outcome, numbers in the page language');
  t.match(ours, /<div lang="nb"><p class="ds-paragraph" data-size="sm">Vi prøver det i to team\./, 'the outcome carries its language');
  t.match(textOf(section(impact.html, 'impact-totals')), /Solutions we have shared 1 Of these, in use or planned elsewhere 1 Agencies that adopted our solutions 1 Adoptions reported 1 Planned 0 Piloting 1 In use 0 Abandoned 0/);
  t.match(textOf(section(impact.html, 'impact-adopted')), /We have not reported adopting another agency's solution yet\./);
  const danish = await visitor.get('/impact?lang=da');
  t.match(textOf(section(danish.html, 'impact-ours')), /Under afprøvning \(1\)[\s\S]*n = 1\.240/, 'status words and numbers in Danish');
  const adoptionOnA = (await a.it.deps.store.solutions.listAdoptions(solutionA.uri))[0]!;
  t.match(danish.html, new RegExp(`<time datetime="${adoptionOnA.at}">${translator('da').date(adoptionOnA.at)}</time>`), 'dates in Danish');
  visitor.cookies.delete('samspil_lang');
  t.match(await (await fetch(`http://${a.domain}/assets/samspil.css`)).text(), /@media print \{[^}]*\.site-header nav/, 'printed without the navigation');

  // B's impact report: what B adopted from others.
  const bImpact = await new WebClient(`http://${b.domain}`).get('/impact');
  const adoptedList = textOf(section(bImpact.html, 'impact-adopted'));
  t.match(adoptedList, /Text reminder before the first meeting Jobcenter Middelfart Piloting Vi prøver det i to team\./);
  t.match(textOf(section(bImpact.html, 'impact-ours')), /Digital timebestilling hos NAV .* No agency has reported adopting it yet\./);
});

t.test('the pages work on a fresh instance and refuse what they should', async (t) => {
  const a = await testInstance(t, 'front-fresh', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Borgerservice Test', description: 'Vi deler det, der virker.', languages: ['da'] } });
  await staffAccount(a.it.deps, 'bo');
  const base = `http://${a.domain}`;
  const visitor = new WebClient(base);
  const front = await visitor.get('/');
  t.match(front.html, /<p class="ds-paragraph lead" lang="da">Vi deler det, der virker\.<\/p>/, 'the configured description, in the instance language');
  t.match((await visitor.get('/?lang=da')).html, /<p class="ds-paragraph lead">Vi deler det, der virker\.<\/p>/, 'no lang of its own on a Danish page');
  visitor.cookies.delete('samspil_lang');
  t.match(textOf((await visitor.get('/impact')).html), /We have not shared any solutions yet\./);
  t.match(textOf((await visitor.get('/agencies')).html), /No agency follows us yet\./);

  // A signed-out POST goes to sign-in; a bad unfollow changes nothing and is no error.
  const signedOut = await visitor.post('/agencies', { target: '@agency@example.org' }, { csrf: WebClient.csrfOf((await visitor.get('/auth/sign_in')).html) });
  t.equal(signedOut.status, 303);
  t.match(signedOut.location, /^\/auth\/sign_in/);
  const bo = new WebClient(base);
  await bo.signIn('bo', STAFF_PASSWORD);
  const nothing = await bo.post('/agencies/unfollow', { actor: 'no-such-actor' }, { csrf: WebClient.csrfOf((await bo.get('/agencies')).html, '/agencies') });
  t.equal(nothing.location, '/agencies?notice=agency_not_followed');
  const self = await bo.post('/agencies', { target: `@agency@${a.domain}` });
  t.equal(self.status, 400);
  t.match(textOf(self.html), /That is our own agency/);
  const tooLong = await bo.post('/agencies', { target: `@${'x'.repeat(600)}@example.org` });
  t.equal(tooLong.status, 400);
  t.match(textOf(tooLong.html), /at most 500 characters/);
  const home = await bo.get('/home');
  t.match(textOf(home.html), /Nothing has come in yet/);
  t.match(textOf(home.html), /You have not shared a solution yet\./);
});
