import t, { type Test } from 'tap';
import { makeDeps } from '../helpers/app.js';
import { putRemoteActor } from '../helpers/actors.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { createFederation, type FedDeps } from '../../src/activitypub/federation.js';
import { federationJobHandlers } from '../../src/activitypub/job-handlers.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { uploadMedia } from '../../src/domain/media/media.js';
import { fileReport } from '../../src/domain/moderation/reports.js';
import { exportAccount } from '../../src/domain/privacy/export.js';
import { eraseAccount, type ErasureResult } from '../../src/domain/privacy/erase.js';
import { getLocalActorByUsername } from '../../src/domain/actors/collections.js';
import { newId } from '../../src/ids.js';
import type { Actor, Job } from '../../src/store/port.js';

const pdf = (n: number) => Buffer.from(`%PDF-1.4\n% upload ${n}\n`);

/** A person with more of everything than one chunk of 2 holds. */
async function populated(fed: FedDeps, username: string): Promise<{ actor: Actor; files: string[] }> {
  const { actor } = await createAccount(fed, { username, password: 'correct horse battery' });
  const now = new Date().toISOString();
  for (let i = 0; i < 5; i++) await publishNote(fed, username, { text: `post ${i} of ${username}` });
  for (let i = 0; i < 4; i++) {
    const remote = await putRemoteActor(fed.store, `${username}-f${i}`, `${username}${i}.example`);
    await fed.store.follows.put({ id: newId(), uri: `https://${username}${i}.example/follows/${i}`, followerId: remote.id, followeeId: actor.id, state: 'accepted', createdAt: now, updatedAt: now });
    if (i < 3) await fed.store.follows.put({ id: newId(), uri: `${actor.uri}#follows/${i}`, followerId: actor.id, followeeId: remote.id, state: 'accepted', createdAt: now, updatedAt: now });
    if (i < 3) await fileReport(fed, { reporter: actor, target: remote, comment: `report ${i}` });
  }
  const files: string[] = [];
  for (let i = 0; i < 5; i++) files.push((await uploadMedia(fed, actor, { data: pdf(i), description: `upload ${i}` })).fileName);
  return { actor, files };
}

/** What the export lists, in the erasure's terms. */
async function exported(fed: FedDeps, username: string) {
  const doc = (await exportAccount(fed, { username, by: 'test' })) as Record<string, unknown[]>;
  return {
    objectsDeleted: doc.posts!.length, activitiesDeleted: doc.activities!.length,
    followsDeleted: doc.followers!.length + doc.following!.length, reportsDeleted: doc.reportsFiled!.length, mediaDeleted: doc.attachments!.length,
  };
}

async function assertErased(t: Test, fed: FedDeps, actor: Actor, files: string[]): Promise<void> {
  const tomb = (await fed.store.actors.getById(actor.id))!;
  t.ok(tomb.deletedAt, 'the tombstone is set');
  t.equal(await fed.store.users.getByActorId(actor.id), undefined, 'the login is gone');
  await t.rejects(getLocalActorByUsername(fed, actor.username), { code: 'ACCOUNT_GONE' }, 'the actor answers Gone');
  t.equal(await fed.store.activities.countByActor(actor.id, { types: ['Create', 'Like', 'Announce', 'Follow'], publicOnly: false }), 0, 'no activities');
  t.equal(await fed.store.follows.countFollowers(actor.id), 0, 'no followers');
  t.equal(await fed.store.follows.countFollowing(actor.id), 0, 'no follows');
  t.same(await fed.store.reports.list({ reporterActorId: actor.id }), [], 'no reports');
  t.same(await fed.store.media.listByOwner(actor.id), [], 'no upload rows');
  for (const f of files) t.equal(await fed.store.mediaFiles.open(f), undefined, `no bytes of ${f}`);
  const fanout = await fed.store.jobs.getByKey(`fanout:${actor.uri}#delete`);
  t.ok(fanout, 'Delete(actor) is queued');
  t.equal((fanout!.payload as { inboxes: string[] }).inboxes.length, 4, 'to the four servers of its followers and followees');
}

t.test('an account larger than one chunk is erased in bounded transactions; counts match the export', async (t) => {
  const deps = await makeDeps(t);
  await ensureFirstStart(deps);
  const fed = createFederation(deps);
  const { actor, files } = await populated(fed, 'anna');
  const expected = await exported(fed, 'anna');
  t.match(expected, { objectsDeleted: 5, followsDeleted: 7, reportsDeleted: 3, mediaDeleted: 5 }, 'the fixture is what the test thinks');

  const chunks: Array<[string, number]> = [];
  const result = await eraseAccount(fed, { username: 'anna', by: 'test' }, { chunk: 2, onChunk: (stage, n) => { chunks.push([stage, n]); } });
  t.ok(chunks.every(([, n]) => n <= 2), 'no chunk removed more than 2 records');
  t.equal(chunks.filter(([s]) => s === 'posts').length, 3, '5 posts in chunks of 2: 2, 2, 1');
  t.equal(chunks.filter(([s]) => s === 'media').length, 3, '5 uploads: 2, 2, 1');
  t.match(result, { ...expected, inboxes: 4, resumed: false }, 'what was erased is what the export listed');
  await assertErased(t, fed, actor, files);
  const audit = await deps.store.audit.list({ action: 'account.erase' });
  t.match(audit[0]?.details, expected, 'the audit entry has the same counts');
  const job = (await deps.store.jobs.getByKey(`erase:${actor.id}`))!;
  t.equal(job.state, 'pending', 'the fallback job waits a lease');
  await federationJobHandlers(fed).erase!(job);
  t.equal((await deps.store.audit.list({ action: 'account.erase' })).length, 1, 'and does nothing once the tombstone is there');
});

t.test('a crash between chunks leaves no tombstone; the erase job, or erasing again, finishes it', async (t) => {
  const deps = await makeDeps(t);
  await ensureFirstStart(deps);
  const fed = createFederation(deps);

  for (const resume of ['job', 'again'] as const) {
    const username = resume === 'job' ? 'ben' : 'carl';
    const { actor, files } = await populated(fed, username);
    const expected = await exported(fed, username);
    let calls = 0;
    const crash = { chunk: 2, onChunk: () => { if (++calls === 4) throw new Error('simulated crash'); } };
    await t.rejects(eraseAccount(fed, { username, by: 'test' }, crash), { code: 'ERASURE_INCOMPLETE', detail: /done: solutions, drafts; left: media/ }, `${resume}: the caller is told it stopped and what is left`);
    const halfway = (await deps.store.actors.getById(actor.id))!;
    t.equal(halfway.deletedAt ?? null, null, `${resume}: no tombstone while data is left`);
    t.ok(halfway.suspendedAt, `${resume}: suspended meanwhile`);
    const user = (await deps.store.users.getByActorId(actor.id))!;
    t.ok(user.disabledAt, `${resume}: the login is refused meanwhile`);
    t.ok((await deps.store.media.listByOwner(actor.id)).length > 0, `${resume}: uploads are left`);
    t.ok(await deps.store.follows.countFollowers(actor.id), `${resume}: follows are left`);
    const job = (await deps.store.jobs.getByKey(`erase:${actor.id}`))!;
    t.equal(job.state, 'pending', `${resume}: the erase job is queued`);

    let result: ErasureResult | undefined;
    if (resume === 'job') {
      await t.rejects(federationJobHandlers(fed).erase!(job as Job), /in progress elsewhere/, 'the job steps aside while progress is fresh (it is retried later)');
      t.equal((await deps.store.actors.getById(actor.id))!.deletedAt ?? null, null, 'and changes nothing');
      // One lease later, nobody has written progress: the runner that stopped is gone.
      const later = { ...fed, now: () => new Date(Date.now() + deps.config.federation.jobLeaseMs + 1000) };
      await federationJobHandlers(later).erase!(job as Job);
    } else {
      result = await eraseAccount(fed, { username, by: 'test' }, { chunk: 2 });
      t.equal(result.resumed, true, 'erasing again resumes');
      t.match(result, expected, 'the totals count both runs, and match the export');
    }
    await assertErased(t, fed, actor, files);
    const entry = (await deps.store.audit.list({ action: 'account.erase' })).find((a) => a.target === username);
    t.match(entry?.details, expected, `${resume}: the audit entry counts both runs`);
  }
});

t.test('a crash after a media chunk commits but before its bytes go: the rerun deletes the bytes', async (t) => {
  const deps = await makeDeps(t);
  await ensureFirstStart(deps);
  const fed = createFederation(deps);
  const { actor, files } = await populated(fed, 'dora');
  const real = deps.store.mediaFiles.delete.bind(deps.store.mediaFiles);
  let failed = false;
  deps.store.mediaFiles.delete = async (name: string) => {
    if (!failed) {
      failed = true;
      throw new Error('simulated crash before the bytes went');
    }
    return real(name);
  };
  await t.rejects(eraseAccount(fed, { username: 'dora', by: 'test' }, { chunk: 2 }), { code: 'ERASURE_INCOMPLETE' });
  t.equal((await deps.store.media.listByOwner(actor.id)).length, 3, 'the first chunk of rows is gone');
  const still = await deps.store.mediaFiles.open(files[0]!);
  t.ok(still, 'its bytes are not yet');
  // Read it whole: a stream left open would fail once the rerun deletes the file.
  if (still) for await (const _ of still.stream) void _;
  const result = await eraseAccount(fed, { username: 'dora', by: 'test' }, { chunk: 2 });
  t.equal(result.mediaDeleted, 5);
  await assertErased(t, fed, actor, files);
});
