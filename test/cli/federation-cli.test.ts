import t from 'tap';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';

/** Runs `samspil ...` in-process against an instance's data dir, as an operator on that host would. */
async function cli(i: TestInstance, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const env = {
    SAMSPIL_DOMAIN: i.domain, SAMSPIL_DATA_DIR: i.dataDir, SAMSPIL_PUBLIC_URL_SCHEME: 'http', SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true',
    SAMSPIL_AGENCY_USERNAME: 'agency', SAMSPIL_AGENCY_NAME: `Agency ${i.name}`, SAMSPIL_LOG_LEVEL: 'silent',
  };
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([]), env });
  return { code, out, err };
}

t.test('samspil follow / unfollow / follow-requests / jobs', async (t) => {
  const a = await testInstance(t, 'cli-a');
  const b = await testInstance(t, 'cli-b');
  const { actor: locked } = await createAccount(a.it.deps, { username: 'locked', password: 'correct horse battery' });
  await a.it.deps.store.actors.update(locked.id, { manuallyApprovesFollowers: true });

  let r = await cli(b, 'follow', 'agency', `@agency@${a.domain}`);
  t.equal(r.code, 0, r.err);
  t.match(r.out, /follows @agency@127\.0\.0\.1:\d+: pending/);
  const remoteA = async () => (await b.it.deps.store.actors.getByUsername('agency', a.domain))!;
  const bAgency = async () => (await b.it.deps.store.actors.getByUsername('agency', null))!;
  await eventually('the follow made on the command line is accepted', async () => (await b.it.deps.store.follows.getByPair((await bAgency()).id, (await remoteA()).id))?.state === 'accepted');
  r = await cli(b, 'follow', 'agency', `http://${a.domain}/users/agency`);
  t.match(r.out, /already follows/);

  r = await cli(b, 'unfollow', 'agency', `@agency@${a.domain}`);
  t.equal(r.code, 0, r.err);
  t.match(r.out, /no longer follows/);
  const aAgency = (await a.it.deps.store.actors.getByUsername('agency', null))!;
  await eventually('A saw the Undo', async () => (await a.it.deps.store.follows.countFollowers(aAgency.id)) === 0);

  r = await cli(b, 'follow', 'agency', `@locked@${a.domain}`);
  t.equal(r.code, 0, r.err);
  const listed = await eventually('the request is listed on A', async () => {
    const l = await cli(a, 'follow-requests', 'list', 'locked');
    return l.out.includes(`@agency@${b.domain}`) ? l : undefined;
  });
  t.equal(listed.code, 0);
  r = await cli(a, 'follow-requests', 'approve', 'locked', `@agency@${b.domain}`);
  t.equal(r.code, 0, r.err);
  t.match(r.out, /approved/);
  await eventually('B is accepted', async () => {
    const remoteLocked = await b.it.deps.store.actors.getByUsername('locked', a.domain);
    return remoteLocked && (await b.it.deps.store.follows.getByPair((await bAgency()).id, remoteLocked.id))?.state === 'accepted';
  });
  r = await cli(a, 'follow-requests', 'approve', 'locked', `@agency@${b.domain}`);
  t.equal(r.code, 1, 'approving twice: no pending request');
  t.match(r.err, /no pending follow request/);

  // A delivery the receiver refuses with 404 is dead-lettered, listed, and can be retried.
  const { job } = await b.it.deps.store.jobs.enqueue({
    type: 'deliver', key: 'test-dead', host: a.domain,
    payload: { activityId: 'urn:test', actorId: (await bAgency()).id, inbox: `http://${a.domain}/users/nobody/inbox`, body: '{}', toFollowers: false },
  }, new Date().toISOString());
  b.it.jobs.wake();
  await eventually('the job is dead', async () => (await b.it.deps.store.jobs.get(job.id))?.state === 'dead');
  r = await cli(b, 'jobs', 'list', '--state', 'dead');
  t.equal(r.code, 0);
  t.match(r.out, new RegExp(`${job.id}\\tdeliver\\tdead\\t1\\t.*HTTP 404`));
  r = await cli(b, 'jobs', 'retry', job.id);
  t.equal(r.code, 0, r.err);
  await eventually('the retried job ran again and died again', async () => {
    const j = await b.it.deps.store.jobs.get(job.id);
    return j?.state === 'dead' && j.attempts === 1 && j.updatedAt > job.updatedAt;
  });
  r = await cli(b, 'jobs', 'retry', '12345');
  t.equal(r.code, 2);
  t.match(r.err, /no job with id 12345/);
  r = await cli(b, 'jobs', 'list', '--state', 'bogus');
  t.equal(r.code, 2);
  r = await cli(b, 'follow', 'agency', 'not-a-handle');
  t.equal(r.code, 1);
  t.match(r.err, /not a user@host handle/);
});
