import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { STAFF_PASSWORD, WebClient, fieldsOf, press, staffAccount, textOf } from '../helpers/web.js';
import { agencyFollows } from '../solutions/federate.js';

/**
 * Approval in the browser, over real HTTP between two real instances: an author submits from the
 * same form, a publisher approves or sends back with a comment, the author changes it; nothing
 * is public or federated until approval. Pages are used as a person uses them: by labels and buttons.
 */

const TYPED = {
  title: 'Fælles ventelister på tværs af kommuner',
  summary: 'Ventetiden til genoptræning faldt, da tre kommuner delte én venteliste.',
  language: 'da',
  problem: 'Borgere ventede længe i én kommune, mens nabokommunen havde ledige tider.',
  approach: 'Én fælles venteliste med ugentlig fordeling.',
};

async function signedIn(base: string, username: string, staffRole: 'author' | 'publisher', deps: Parameters<typeof staffAccount>[0]) {
  await staffAccount(deps, username, 'user', undefined, staffRole);
  const browser = new WebClient(base, 'en');
  await browser.signIn(username, STAFF_PASSWORD);
  return browser;
}

t.test('an author submits for approval, a publisher sends it back, the author changes it, the publisher approves: then it federates', async (t) => {
  const a = await testInstance(t, 'web-appr-a', { solutions: { requireApproval: true } });
  const b = await testInstance(t, 'web-appr-b');
  await agencyFollows(b, a);
  const base = `http://${a.domain}`;
  const author = await signedIn(base, 'hanne', 'author', a.it.deps);
  const publisher = await signedIn(base, 'pia', 'publisher', a.it.deps);

  const form = await author.get('/solutions/new');
  t.match(textOf(form.html), /A publisher in your agency approves solutions before they are published/, 'the form says so before anything is typed');
  const preview = await press(author, form.html, '/solutions/new', { action: 'preview' }, TYPED);
  t.equal(preview.status, 200, preview.html.slice(0, 400));
  t.match(textOf(preview.html), /Submit for approval\?/);
  t.notMatch(preview.html, />Publish</, 'no publish button for an author');
  const submitted = await press(author, preview.html, '/solutions/new', { action: 'publish' });
  t.equal(submitted.status, 303);
  const draftPath = /^(\/drafts\/\d+)\?notice=draft_submitted$/.exec(submitted.location ?? '')?.[1];
  t.ok(draftPath, `to the draft (${submitted.location})`);
  const mine = await author.get(`${draftPath}?notice=draft_submitted`);
  t.match(textOf(mine.html), /Your solution was submitted for approval/);
  t.match(textOf(mine.html), /State: Waiting for approval/);
  t.match(textOf(mine.html), new RegExp(TYPED.title));
  t.notMatch(mine.html, /Approve and publish/, 'an author has no approve button');
  t.match(mine.html, new RegExp(`href="${draftPath}/edit"`), 'but may change it');

  // Nobody else sees it; nothing federated.
  const anonymous = new WebClient(base, 'en');
  t.equal((await anonymous.get(draftPath!)).status, 303, 'signed out: to sign-in');
  const colleague = await signedIn(base, 'ole', 'author', a.it.deps);
  t.equal((await colleague.get(draftPath!)).status, 404, 'another author: not found');
  t.notMatch(textOf((await anonymous.get('/solutions')).html), new RegExp(TYPED.title), 'not in the catalogue');
  t.notMatch(textOf((await anonymous.get('/')).html), new RegExp(TYPED.title), 'not on the front page');
  const approveByAuthor = await author.post(`${draftPath}/approve`, {}, { csrf: WebClient.csrfOf(mine.html, `${draftPath}/withdraw`) });
  t.equal(approveByAuthor.status, 403, 'an author pressing approve by hand is refused');
  t.match(textOf(approveByAuthor.html), /Only a publisher of your agency can do this/, 'in words the person can act on');

  // The publisher finds it and sends it back; a missing comment is said, nothing changes.
  t.match(textOf((await publisher.get('/home')).html), /1 draft waits for your approval/);
  const queue = await publisher.get('/drafts');
  t.match(textOf(queue.html), new RegExp(`Waiting for your approval Solution Author State Submitted ${TYPED.title} Hanne Waiting for approval`));
  const review = await publisher.get(draftPath!);
  t.match(review.html, /Approve and publish/);
  const noComment = await publisher.post(`${draftPath}/return`, { comment: '   ' }, { csrfFrom: draftPath! });
  t.equal(noComment.status, 400);
  t.match(textOf(noComment.html), /Write what the author should change/);
  t.match(noComment.html, /href="#f-comment"/, 'the error summary links to the field');
  t.equal((await a.it.deps.store.solutionDrafts.getById(draftPath!.split('/')[2]!))!.state, 'pending', 'nothing changed');
  const back = await publisher.post(`${draftPath}/return`, { comment: 'Skriv hvor mange borgere der var med.' }, { csrfFrom: draftPath! });
  t.equal(back.status, 303);
  t.equal(back.location, '/drafts?notice=draft_returned');

  // The author sees why on /home and changes it from the same form.
  const home = textOf((await author.get('/home')).html);
  t.match(home, new RegExp(`Drafts ${TYPED.title} Sent back Skriv hvor mange borgere der var med.`));
  const edit = await author.get(`${draftPath}/edit`);
  t.equal(edit.status, 200);
  t.equal(fieldsOf(edit.html, `${draftPath}/edit`).title?.[0], TYPED.title, 'the form holds the draft');
  const changedPreview = await press(author, edit.html, `${draftPath}/edit`, { action: 'preview' }, { summary: 'Ventetiden faldt fra 9 til 4 uger for 310 borgere.' });
  t.equal(changedPreview.status, 200);
  const resubmitted = await press(author, changedPreview.html, `${draftPath}/edit`, { action: 'publish' });
  t.equal(resubmitted.location, `${draftPath}?notice=draft_resubmitted`);
  t.equal(await b.it.deps.store.solutions.getByUri(`${base}${draftPath}`), undefined);

  // Approved: public, federated once, and the author is told in their apps.
  const approved = await publisher.post(`${draftPath}/approve`, {}, { csrfFrom: draftPath! });
  t.equal(approved.status, 303);
  const solutionPath = /^(\/solutions\/\d+)\?notice=draft_approved$/.exec(approved.location ?? '')?.[1];
  t.ok(solutionPath, `to the published solution (${approved.location})`);
  const page = await anonymous.get(solutionPath!);
  t.equal(page.status, 200);
  t.match(textOf(page.html), /Ventetiden faldt fra 9 til 4 uger for 310 borgere/, 'what was approved is what is public');
  const onB = await eventually('B has it', () => b.it.deps.store.solutions.getByUri(`${base}${solutionPath}`));
  t.equal(onB.fields.summary, 'Ventetiden faldt fra 9 til 4 uger for 310 borgere.');
  t.match(textOf((await author.get(draftPath!)).html), /State: Approved and published/);

  // A change by the author to the published solution is a draft again.
  const revise = await author.get(`${solutionPath}/edit`);
  t.match(textOf(revise.html), /approves solutions before they are published/);
  const revPreview = await press(author, revise.html, `${solutionPath}/edit`, { action: 'preview' }, { maturity: 'scaled' });
  const revSubmitted = await press(author, revPreview.html, `${solutionPath}/edit`, { action: 'publish' });
  t.match(revSubmitted.location, /^\/drafts\/\d+\?notice=draft_submitted$/);
  t.equal((await a.it.deps.store.solutions.getByUri(`${base}${solutionPath}`))!.revision, 1, 'the published one is unchanged');

  // Following agencies is a publisher's.
  const agencies = textOf((await author.get('/agencies')).html);
  t.match(agencies, /Only publishers of your agency can follow and unfollow agencies/);
  const follow = await author.post('/agencies', { target: `@agency@${b.domain}` }, { csrf: WebClient.csrfOf((await author.get('/agencies')).html, '/auth/sign_out') });
  t.equal(follow.status, 403);
  t.match((await publisher.get('/agencies')).html, /name="target"/, 'a publisher has the follow form');
});
