import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest, type Signer } from '../../src/activitypub/signatures/sign.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { removeDomainPolicy, setDomainPolicy, setFederationMode } from '../../src/domain/policy/domains.js';

const actorOn = async (i: TestInstance, username = 'agency') => (await i.it.deps.store.actors.getByUsername(username, null))!;

async function post(to: TestInstance, activity: Record<string, unknown>, signer: Signer) {
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify(activity));
  const res = await fetch(url, { method: 'POST', headers: signRequest(signer, { method: 'POST', url, body }), body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

let n = 0;
function createNote(from: TestInstance, actorUri: string) {
  n++;
  return {
    '@context': 'https://www.w3.org/ns/activitystreams', id: `http://${from.domain}/users/agency/statuses/p${n}/activity`, type: 'Create', actor: actorUri, to: [PUBLIC],
    object: { id: `http://${from.domain}/users/agency/statuses/p${n}`, type: 'Note', attributedTo: actorUri, content: `<p>post ${n}</p>`, to: [PUBLIC] },
  };
}

t.test('domain blocks: inbox, fetch and delivery refused; existing content hidden; lifting restores', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  await followActor(b.it.fed, 'agency', `@agency@${a.domain}`);
  await followActor(a.it.fed, 'agency', `@agency@${b.domain}`);
  const aOnB = async () => (await b.it.deps.store.actors.getByUsername('agency', a.domain))!;
  await eventually('B follows A', async () => (await b.it.deps.store.follows.getByPair((await actorOn(b)).id, (await aOnB()).id))?.state === 'accepted');
  await eventually('A follows B', async () => {
    const bOnA = await a.it.deps.store.actors.getByUsername('agency', b.domain);
    return bOnA && (await a.it.deps.store.follows.getByPair((await actorOn(a)).id, bOnA.id))?.state === 'accepted';
  });
  const { object: before } = await publishNote(a.it.fed, 'agency', { text: 'before the block' });
  await eventually('B stored the first post', () => b.it.deps.store.objects.getByUri(before.uri));

  await setDomainPolicy(b.it.deps, { domain: a.domain, action: 'block', reason: 'test', by: 'admin' });
  t.ok((await aOnB()).suspendedAt, "the block suspends A's actor on B: its stored content is hidden");

  const signer = actorSigner(await actorOn(a));
  const direct = createNote(a, (await actorOn(a)).uri);
  const jobsBefore = await b.it.deps.store.jobs.count({ type: 'inbox' });
  const refused = await post(b, direct, signer);
  t.equal(refused.status, 403);
  t.equal(refused.body.code, 'DOMAIN_BLOCKED');
  t.equal(await b.it.deps.store.jobs.count({ type: 'inbox' }), jobsBefore, 'nothing queued');

  const { object: after, activity } = await publishNote(a.it.fed, 'agency', { text: 'after the block' });
  await eventually("A's delivery to B ends refused (403, not retried)", async () => {
    const jobs = (await a.it.deps.store.jobs.list({ type: 'deliver', limit: 100 })).filter((j) => j.payload.activityId === activity.id);
    return jobs.length === 1 && jobs[0]!.state === 'dead' && /403/.test(jobs[0]!.lastError ?? '');
  });
  t.equal(await b.it.deps.store.objects.getByUri(after.uri), undefined, 'B stored nothing new');

  await t.rejects(followActor(b.it.fed, 'agency', `http://${a.domain}/users/other`), { code: 'DOMAIN_BLOCKED' }, 'B does not even fetch from A');
  await t.rejects(followActor(b.it.fed, 'agency', `@agency@${a.domain}`), { code: 'DOMAIN_BLOCKED' }, 'nor follow a cached actor of A');

  const { activity: fromB } = await publishNote(b.it.fed, 'agency', { text: 'B posts while A is blocked' });
  await eventually("B's fan-out of its own post ran", async () => (await b.it.deps.store.jobs.list({ type: 'fanout', limit: 100 })).some((j) => j.payload.activityId === fromB.id && j.state === 'done'));
  t.equal((await b.it.deps.store.jobs.list({ type: 'deliver', limit: 100 })).filter((j) => j.payload.activityId === fromB.id).length, 0, "B does not even queue a delivery to the blocked domain's followers");

  await removeDomainPolicy(b.it.deps, { domain: a.domain, by: 'admin' });
  t.equal((await aOnB()).suspendedAt, null, 'lifting the block lifts exactly its suspensions');
  t.equal((await post(b, createNote(a, (await actorOn(a)).uri), signer)).status, 202);
});

t.test('allow-list mode: only listed domains federate', async (t) => {
  const a = await testInstance(t, 'a');
  const c = await testInstance(t, 'c');
  const signer = actorSigner(await actorOn(a));
  await setFederationMode(c.it.deps, { mode: 'allowlist', by: 'admin' });
  const refused = await post(c, createNote(a, (await actorOn(a)).uri), signer);
  t.equal(refused.status, 403);
  t.equal(refused.body.code, 'DOMAIN_BLOCKED');
  await t.rejects(followActor(c.it.fed, 'agency', `@agency@${a.domain}`), { code: 'DOMAIN_BLOCKED' });
  await setDomainPolicy(c.it.deps, { domain: a.domain, action: 'allow', by: 'admin' });
  t.equal((await post(c, createNote(a, (await actorOn(a)).uri), signer)).status, 202, 'allowed once listed');
  const outcome = await followActor(c.it.fed, 'agency', `@agency@${a.domain}`);
  t.equal(outcome.target.domain, a.domain);
});

t.test('a remote Flag about a local actor becomes one report', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  const reported = await actorOn(b);
  const instanceActorA = (await a.it.deps.store.actors.getByUri(a.it.deps.urls.instanceActor))!;
  const flag = { '@context': 'https://www.w3.org/ns/activitystreams', id: `http://${a.domain}/flags/1`, type: 'Flag', actor: instanceActorA.uri, object: [reported.uri, `http://${b.domain}/users/agency/statuses/404`], content: 'Spam links in every post' };
  const signer = actorSigner(instanceActorA);
  t.equal((await post(b, flag, signer)).status, 202);
  t.equal((await post(b, flag, signer)).status, 202, 'redelivered');
  const report = await eventually('B has a report', async () => (await b.it.deps.store.reports.list())[0]);
  t.equal(report.targetActorId, reported.id);
  t.equal(report.comment, 'Spam links in every post');
  t.equal(report.remoteFlagUri, flag.id);
  t.same(report.objectUris, [], 'a post B does not know is not kept');
  const reporter = await b.it.deps.store.actors.getById(report.reporterActorId);
  t.equal(reporter?.uri, instanceActorA.uri);
  await eventually('the redelivery was handled', async () => (await b.it.deps.store.jobs.list({ type: 'inbox' })).every((j) => j.state === 'done'));
  t.equal((await b.it.deps.store.reports.list()).length, 1, 'one report, however often delivered');
});
