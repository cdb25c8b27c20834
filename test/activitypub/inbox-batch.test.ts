import t from 'tap';
import { FAST_FEDERATION, testInstance, type TestInstance } from '../helpers/instances.js';
import { apiAs, sendAs, settled } from '../helpers/signed.js';
import { eventually } from '../helpers/eventually.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { createJobRunner } from '../../src/activitypub/job-handlers.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';

type Json = Record<string, any>;

/**
 * Received activities applied in batches (one transaction for up to inboxBatchSize activities and
 * their jobs) must leave exactly what applying each alone leaves. B applies in batches of 32, C one
 * at a time; both get the same 45 activities from A while their job runners are stopped, so B's
 * runner finds a backlog and batches it. Activities inside one batch depend on each other: a reply
 * to a post of the same batch, an Update and a Delete of earlier posts, a Like and a Follow.
 */
t.test('inbox activities applied in batches leave what one-by-one application leaves', async (t) => {
  const a = await testInstance(t, 'batch-a');
  const b = await testInstance(t, 'batch-b');
  const c = await testInstance(t, 'batch-c', { federation: { ...FAST_FEDERATION, inboxBatchSize: 1 } });
  await createAccount(a.it.deps, { username: 'ann', password: 'correct horse battery' });
  for (const i of [b, c]) await createAccount(i.it.deps, { username: 'bob', password: 'correct horse battery' });
  const annUri = `http://${a.domain}/users/ann`;
  const bobPost: Record<string, Json> = {};
  for (const i of [b, c]) bobPost[i.name] = await (await apiAs(i, 'bob'))('POST', '/api/v1/statuses', { status: 'bob writes' });

  for (const i of [b, c]) await i.it.jobs.stop();
  const note = (n: number, extra: Json = {}) => ({
    id: `${annUri}/notes/${n}`, type: 'Note', attributedTo: annUri, to: [PUBLIC], cc: [`${annUri}/followers`],
    content: `<p>note ${n}</p>`, published: new Date(Date.UTC(2026, 11, 1, 0, n)).toISOString(), ...extra,
  });
  const activities = (i: TestInstance): Json[] => {
    const bobUri = `http://${i.domain}/users/bob`;
    const out: Json[] = [];
    for (let n = 0; n < 40; n++) {
      const mention = n % 10 === 0 ? { tag: [{ type: 'Mention', href: bobUri, name: `@bob@${i.domain}` }], cc: [bobUri], content: `<p>note ${n} for @bob</p>` } : {};
      out.push({ id: `${annUri}/notes/${n}/activity`, type: 'Create', actor: annUri, to: [PUBLIC], object: note(n, mention) });
    }
    out.push({ id: `${annUri}/notes/40/activity`, type: 'Create', actor: annUri, to: [PUBLIC], object: note(40, { inReplyTo: `${annUri}/notes/3` }) });
    out.push({ id: `${annUri}/notes/1#update`, type: 'Update', actor: annUri, to: [PUBLIC], object: note(1, { content: '<p>note 1, changed</p>', updated: new Date(Date.UTC(2026, 11, 2)).toISOString() }) });
    out.push({ id: `${annUri}/notes/2#delete`, type: 'Delete', actor: annUri, to: [PUBLIC], object: { id: `${annUri}/notes/2`, type: 'Tombstone' } });
    out.push({ id: `${annUri}#likes/1`, type: 'Like', actor: annUri, object: bobPost[i.name]!.uri });
    out.push({ id: `${annUri}#follows/1`, type: 'Follow', actor: annUri, object: bobUri });
    return out;
  };
  for (const i of [b, c]) {
    const answers: number[] = [];
    for (const activity of activities(i)) answers.push(await sendAs(a, 'ann', i, activity));
    t.ok(answers.every((s) => s === 202), `${i.name} accepts all 45`);
    t.equal(await i.it.deps.store.jobs.count({ type: 'inbox', state: 'pending' }), 45, `${i.name}: 45 activities queued`);
  }
  const runners = [b, c].map((i) => createJobRunner(i.it.fed));
  t.teardown(() => Promise.all(runners.map((r) => r.stop())));
  for (const r of runners) r.start();
  for (const i of [b, c]) t.ok(await settled(i, ['inbox']), `${i.name}: every inbox job finished`);

  const inboxJobs = (i: TestInstance) => i.it.deps.store.jobs.list({ type: 'inbox', limit: 100 });
  t.ok((await inboxJobs(b)).every((j) => j.state === 'done') && (await inboxJobs(c)).every((j) => j.state === 'done'), 'all done, none dead');
  // Completions inside one batch's transaction share its clock reading; one by one they do not.
  const completions = (jobs: { updatedAt: string }[]) => new Set(jobs.map((j) => j.updatedAt)).size;
  t.ok(completions(await inboxJobs(b)) <= 10, `B completed its 45 jobs in a few transactions (${completions(await inboxJobs(b))} distinct commits)`);

  const view = async (i: TestInstance) => {
    const bob = await apiAs(i, 'bob');
    const ann = (await i.it.deps.store.actors.getByUri(annUri))!;
    const statuses = await bob('GET', `/api/v1/accounts/${ann.id}/statuses?limit=40`) as unknown as Json[];
    const more = await bob('GET', `/api/v1/accounts/${ann.id}/statuses?limit=40&max_id=${statuses.at(-1)!.id}`) as unknown as Json[];
    const all = [...statuses, ...more];
    const reply = all.find((s) => s.uri === `${annUri}/notes/40`)!;
    const notifications = await bob('GET', '/api/v1/notifications?limit=40') as unknown as Json[];
    const mine = await bob('GET', `/api/v1/statuses/${bobPost[i.name]!.id}`);
    const rel = (await bob('GET', `/api/v1/accounts/relationships?id[]=${ann.id}`) as unknown as Json[])[0]!;
    return {
      uris: all.map((s) => s.uri).sort(),
      contents: Object.fromEntries(all.map((s) => [s.uri, s.content])),
      edited: all.find((s) => s.uri === `${annUri}/notes/1`)?.edited_at ?? null,
      replyTo: reply.in_reply_to_id === all.find((s) => s.uri === `${annUri}/notes/3`)?.id,
      annStatuses: (await bob('GET', `/api/v1/accounts/${ann.id}`)).statuses_count,
      notifications: notifications.map((n) => `${n.type}:${n.status?.uri ?? ''}`).sort(),
      favourites: mine.favourites_count,
      followedBy: rel.followed_by,
    };
  };
  const [vb, vc] = [await view(b), await view(c)];
  t.equal(vb.uris.length, 40, '41 posts, one deleted');
  t.notOk(vb.uris.includes(`${annUri}/notes/2`), 'the deleted post is gone');
  t.equal(vb.contents[`${annUri}/notes/1`], '<p>note 1, changed</p>', 'the update applied');
  t.ok(vb.edited && vb.replyTo, 'edited, and the reply points at its parent from the same batch');
  t.equal(vb.notifications.filter((n) => n.startsWith('mention:')).length, 4, 'four mentions notified');
  t.ok(vb.notifications.includes(`favourite:${bobPost[b.name]!.uri}`) && vb.notifications.includes('follow:'), 'the like and the follow notified');
  t.equal(vb.favourites, 1);
  t.equal(vb.followedBy, true, 'the follow was accepted');
  t.same(vb, { ...vc, notifications: vc.notifications.map((n) => n.replace(bobPost[c.name]!.uri, bobPost[b.name]!.uri)) }, 'B (batches) and C (one by one) show the same');
  // The Accept of the follow was queued inside the batch's transaction, as one by one.
  for (const i of [b, c]) {
    const accepts = (await i.it.deps.store.jobs.list({ type: 'deliver', limit: 100 })).filter((j) => /"type":"Accept"/.test(String(j.payload.body)) && String(j.payload.body).includes(`${annUri}#follows/1`));
    t.equal(accepts.length, 1, `${i.name} queued one Accept for ann's follow`);
  }
});

t.test('a batch with one activity that cannot be applied: the others apply, that one alone fails', async (t) => {
  const a = await testInstance(t, 'batch-fail-a');
  const b = await testInstance(t, 'batch-fail-b');
  await createAccount(a.it.deps, { username: 'ann', password: 'correct horse battery' });
  const annUri = `http://${a.domain}/users/ann`;
  await b.it.jobs.stop();
  for (let n = 0; n < 10; n++) {
    t.equal(await sendAs(a, 'ann', b, { id: `${annUri}/n/${n}/activity`, type: 'Create', actor: annUri, to: [PUBLIC], object: { id: `${annUri}/n/${n}`, type: 'Note', attributedTo: annUri, to: [PUBLIC], content: `<p>${n}</p>` } }), 202);
  }
  // The signer disappears from B's store for one job only: its payload names an actor B never stored.
  const jobs = await b.it.deps.store.jobs.list({ type: 'inbox', limit: 20 });
  t.equal(jobs.length, 10);
  await b.it.deps.store.jobs.enqueue({ type: 'inbox', key: 'inbox:orphan', payload: { activity: { id: 'http://gone.example/a/1', type: 'Create', actor: 'http://gone.example/u', object: { id: 'http://gone.example/n/1', type: 'Note' } }, actorUri: 'http://gone.example/u', recipient: null } }, new Date().toISOString());
  const runner = createJobRunner(b.it.fed);
  t.teardown(() => runner.stop());
  runner.start();
  t.ok(await settled(b, ['inbox']));
  const after = await b.it.deps.store.jobs.list({ type: 'inbox', limit: 20 });
  t.same(after.filter((j) => j.state === 'dead').map((j) => j.key), ['inbox:orphan'], 'only the job whose signer is gone is dead-lettered');
  t.equal(after.filter((j) => j.state === 'done').length, 10, 'the other ten applied');
  for (let n = 0; n < 10; n++) t.ok(await b.it.deps.store.objects.getByUri(`${annUri}/n/${n}`), `post ${n} stored`);
});
