import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { agencyFollows } from './federate.js';
import { fullSolution } from './fixtures.js';

/**
 * Approval before publishing, over real HTTP between two real instances: an author's draft is
 * invisible everywhere (native API, pages, ActivityPub, outbox, search, Mastodon API, a follower
 * instance) until a publisher approves it; then it federates once. Sending back tells the author.
 */

type Json = Record<string, any>;

async function call(i: TestInstance, token: string | null, method: string, path: string, body?: unknown, accept = 'application/json') {
  const res = await fetch(`http://${i.domain}${path}`, {
    method,
    headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, type: res.headers.get('content-type') ?? '', json, text };
}

async function staff(i: TestInstance, username: string, staffRole: 'author' | 'publisher'): Promise<string> {
  await createAccount(i.it.deps, { username, password: 'correct horse battery', displayName: username, staffRole });
  return (await createPersonalToken(i.it.deps, username, ['read', 'write'])).token;
}

t.test('an author\'s draft is invisible everywhere until a publisher approves it, then federates once', async (t) => {
  const a = await testInstance(t, 'appr-a', { solutions: { requireApproval: true }, instance: { languages: ['da'] } });
  const b = await testInstance(t, 'appr-b', { solutions: { requireApproval: true } });
  await agencyFollows(b, a);
  const author = await staff(a, 'hanne', 'author');
  const publisher = await staff(a, 'pia', 'publisher');
  const colleague = await staff(a, 'ole', 'author');
  const bPublisher = await staff(b, 'bent', 'publisher');

  const fanoutsBefore = await a.it.deps.store.jobs.count({ type: 'fanout' });
  // The Mastodon API says who may publish: an app shows the role's name.
  t.match((await call(a, publisher, 'GET', '/api/v1/accounts/verify_credentials')).json.role, { id: '2', name: 'Publisher', highlighted: true });
  t.match((await call(a, author, 'GET', '/api/v1/accounts/verify_credentials')).json.role, { id: '-99', name: '', highlighted: false });
  const direct = await call(a, author, 'POST', '/api/v1/solutions', fullSolution());
  t.equal(direct.status, 403, 'an author cannot publish directly');
  t.match(direct.type, /application\/problem\+json/);
  t.match(direct.json, { code: 'APPROVAL_REQUIRED' });
  t.match(direct.json.detail, /submit it as a draft/);

  const bad = await call(a, author, 'POST', '/api/v1/solution-drafts', { ...fullSolution(), title: 42 });
  t.equal(bad.status, 400, 'a draft is checked as publishing would check it');
  t.ok(bad.json.errors.some((e: Json) => e.pointer === '/title'));

  const submitted = await call(a, author, 'POST', '/api/v1/solution-drafts', fullSolution());
  t.equal(submitted.status, 201, submitted.text);
  const draft = submitted.json;
  t.match(draft, { state: 'pending', title: 'Sms-påmindelse før første samtale', author: '@hanne', solutionId: null });

  // Invisible everywhere but to the author and publishers.
  t.equal((await call(a, colleague, 'GET', `/api/v1/solution-drafts/${draft.id}`)).status, 404, 'another author does not see it');
  t.equal((await call(a, null, 'GET', `/api/v1/solution-drafts/${draft.id}`)).status, 401);
  t.equal((await call(a, publisher, 'GET', `/api/v1/solution-drafts/${draft.id}`)).json.title, draft.title, 'a publisher does');
  t.equal((await call(a, null, 'GET', `/api/v1/solutions/${draft.id}`)).status, 404, 'not a solution by its id');
  t.equal((await call(a, null, 'GET', `/solutions/${draft.id}`, undefined, 'text/html')).status, 404, 'no page');
  t.equal((await call(a, null, 'GET', `/solutions/${draft.id}`, undefined, 'application/activity+json')).status, 404, 'not fetchable by ActivityPub');
  t.match((await call(a, null, 'GET', '/api/v1/solutions?q=sms')).json, { total: 0, items: [] }, 'not in the catalogue search');
  const outbox = await call(a, null, 'GET', '/users/agency/outbox', undefined, 'application/activity+json');
  t.equal(outbox.json.totalItems, 0, 'not in the outbox');
  t.equal((await call(a, author, 'GET', `/api/v1/statuses/${draft.id}`)).status, 404, 'not a status in the Mastodon API');
  const search = await call(a, author, 'GET', '/api/v2/search?q=Sms-p%C3%A5mindelse');
  t.same(search.json.statuses, [], 'not found by Mastodon search');
  t.equal(await a.it.deps.store.jobs.count({ type: 'fanout' }), fanoutsBefore, 'nothing queued for delivery');
  t.equal(await a.it.deps.store.solutionDrafts.countByState('pending'), 1);

  // Only this agency's publishers decide.
  const selfApprove = await call(a, author, 'POST', `/api/v1/solution-drafts/${draft.id}/approve`);
  t.equal(selfApprove.status, 403, 'an author cannot approve');
  t.match(selfApprove.json, { code: 'PUBLISHER_REQUIRED' });
  t.equal((await call(a, bPublisher, 'POST', `/api/v1/solution-drafts/${draft.id}/approve`)).status, 401, 'a publisher of another agency is nobody here');
  t.equal((await call(a, author, 'GET', '/api/v1/solution-drafts?scope=queue')).status, 403, 'an author has no review queue');
  const queue = await call(a, publisher, 'GET', '/api/v1/solution-drafts?scope=queue');
  t.same(queue.json.map((d: Json) => [d.id, d.author]), [[draft.id, '@hanne']], 'the publisher\'s queue');

  // Sent back with a comment: the author hears it in their apps.
  t.equal((await call(a, publisher, 'POST', `/api/v1/solution-drafts/${draft.id}/return`, { comment: '' })).status, 400, 'a comment is required');
  t.equal((await call(a, publisher, 'POST', `/api/v1/solution-drafts/${draft.id}/return`, { comment: 7 })).status, 400, 'and is text');
  const returned = await call(a, publisher, 'POST', `/api/v1/solution-drafts/${draft.id}/return`, { comment: 'Tilføj hvor mange borgere det gjaldt.' });
  t.equal(returned.status, 200, returned.text);
  t.match(returned.json, { state: 'returned', comment: 'Tilføj hvor mange borgere det gjaldt.' });
  t.equal((await call(a, publisher, 'POST', `/api/v1/solution-drafts/${draft.id}/approve`)).status, 409, 'a returned draft is not approved');
  const told = await eventually('the author is told', async () => {
    const n = (await call(a, author, 'GET', '/api/v1/notifications')).json as Json[];
    return n.find((x) => x.type === 'mention' && /sendt tilbage/.test(x.status.content)) ;
  });
  t.equal(told.account.acct, 'pia', 'by the publisher');
  t.equal(told.status.visibility, 'direct', 'privately');
  t.match(told.status.content, /Tilføj hvor mange borgere det gjaldt/);
  t.match(told.status.content, new RegExp(`/drafts/${draft.id}`));

  // Changed and submitted again, then approved: published once, federated once.
  const again = await call(a, author, 'PUT', `/api/v1/solution-drafts/${draft.id}`, fullSolution({ summary: 'Færre udeblivelser blandt 1.240 borgere.' }));
  t.equal(again.status, 200, again.text);
  t.equal(again.json.state, 'pending');
  const approved = await call(a, publisher, 'POST', `/api/v1/solution-drafts/${draft.id}/approve`);
  t.equal(approved.status, 200, approved.text);
  const solution = approved.json.solution;
  t.equal(solution.summary, 'Færre udeblivelser blandt 1.240 borgere.', 'what was approved is what is published');
  t.equal(approved.json.draft.publishedId, solution.id);
  t.equal(await a.it.deps.store.jobs.count({ type: 'fanout' }), fanoutsBefore + 1, 'one delivery to the followers');
  t.equal((await call(a, publisher, 'POST', `/api/v1/solution-drafts/${draft.id}/approve`)).status, 409, 'approving twice publishes once');
  t.equal((await call(a, null, 'GET', `/api/v1/solutions/${solution.id}`)).status, 200, 'public now');
  const onB = await eventually('B has it', () => b.it.deps.store.solutions.getByUri(solution.uri));
  t.equal((await b.it.deps.store.solutions.listByActor(onB.actorId, { limit: 10 })).length, 1, 'the follower has it once: the draft never reached it');
  t.equal(onB.fields.summary, 'Færre udeblivelser blandt 1.240 borgere.');
  await eventually('the author is told of the approval', async () => {
    const n = (await call(a, author, 'GET', '/api/v1/notifications')).json as Json[];
    return n.some((x) => x.type === 'mention' && /godkendt/.test(x.status.content) && x.status.content.includes(solution.url));
  });

  // A revision by the author is a draft too; the published one stays as it is until approved.
  t.equal((await call(a, author, 'PATCH', `/api/v1/solutions/${solution.id}`, { maturity: 'scaled' })).status, 403, 'no direct revision');
  const rev = await call(a, author, 'POST', `/api/v1/solutions/${solution.id}/drafts`, { maturity: 'scaled' });
  t.equal(rev.status, 201, rev.text);
  t.match(rev.json, { solutionId: solution.id, state: 'pending' });
  t.equal(rev.json.solution.maturity, 'scaled', 'the draft shows the solution as it would be');
  t.equal(rev.json.solution.title, solution.title);
  t.equal((await call(a, null, 'GET', `/api/v1/solutions/${solution.id}`)).json.revision, 1, 'unchanged until approved');
  t.equal((await call(a, colleague, 'POST', `/api/v1/solutions/${solution.id}/drafts`, { maturity: 'idea' })).status, 403, 'another author cannot revise it');
  t.equal((await call(a, publisher, 'POST', `/api/v1/solution-drafts/${rev.json.id}/approve`)).status, 200);
  await eventually('B has revision 2', async () => (await b.it.deps.store.solutions.getByUri(solution.uri))?.revision === 2);
  t.equal((await b.it.deps.store.solutions.getByUri(solution.uri))!.fields.maturity, 'scaled');

  // A publisher revises directly; withdrawing is the author's.
  t.equal((await call(a, publisher, 'PATCH', `/api/v1/solutions/${solution.id}`, { maturity: 'in-use' })).status, 200, 'a publisher revises in the agency\'s name');
  const third = await call(a, author, 'POST', '/api/v1/solution-drafts', fullSolution({ title: 'Endnu en idé' }));
  t.equal((await call(a, colleague, 'DELETE', `/api/v1/solution-drafts/${third.json.id}`)).status, 404, 'not someone else\'s to withdraw');
  t.equal((await call(a, author, 'DELETE', `/api/v1/solution-drafts/${third.json.id}`)).json.state, 'withdrawn');
  t.same((await call(a, publisher, 'GET', '/api/v1/solution-drafts?scope=queue')).json, [], 'the queue is empty');
  t.same((await call(a, author, 'GET', '/api/v1/solution-drafts')).json.map((d: Json) => d.state).sort(), ['approved', 'approved', 'withdrawn']);

  const actions = (await a.it.deps.store.audit.list({ limit: 50 })).map((e) => `${e.actor} ${e.action}`);
  for (const entry of ['hanne solution.submit', 'pia solution.return', 'hanne solution.resubmit', 'pia solution.approve', 'hanne solution.revision.submit', 'pia solution.revision.approve', 'hanne solution.withdraw']) {
    t.ok(actions.includes(entry), `audit: ${entry}`);
  }
});

t.test('reporting adoptions and following agencies are a publisher\'s with approval on; everyone\'s with it off', async (t) => {
  const a = await testInstance(t, 'appr-c', { solutions: { requireApproval: true } });
  const b = await testInstance(t, 'appr-d', { solutions: { requireApproval: false } });
  await agencyFollows(a, b);
  const bAuthor = await staff(b, 'bo', 'author');
  const published = await call(b, bAuthor, 'POST', '/api/v1/solutions', fullSolution());
  t.equal(published.status, 201, 'with approval off an author publishes');
  const copy = await eventually('A has B\'s solution', () => a.it.deps.store.solutions.getByUri(published.json.uri));
  const author = await staff(a, 'hanne', 'author');
  const publisher = await staff(a, 'pia', 'publisher');
  const refused = await call(a, author, 'POST', `/api/v1/solutions/${copy.id}/adoptions`, { status: 'piloting' });
  t.equal(refused.status, 403);
  t.match(refused.json, { code: 'PUBLISHER_REQUIRED' });
  t.same(await a.it.deps.store.solutions.listAdoptions(copy.uri), [], 'nothing stored');
  const adopted = await call(a, publisher, 'POST', `/api/v1/solutions/${copy.id}/adoptions`, { status: 'piloting' });
  t.equal(adopted.status, 201, adopted.text);
});
