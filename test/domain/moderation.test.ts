import t from 'tap';
import { makeDeps } from '../helpers/app.js';
import { putNote, putRemoteActor } from '../helpers/actors.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { fileReport, receiveFlag, resolveReport } from '../../src/domain/moderation/reports.js';
import { suspendActor, unsuspendActor } from '../../src/domain/moderation/suspend.js';
import { findKnownActor } from '../../src/domain/moderation/find-actor.js';
import { authenticateBearer } from '../../src/domain/auth/authenticate.js';

t.test('local reports: validated, stored, audited, resolved once', async (t) => {
  const deps = await makeDeps(t);
  const { actor: mette } = await createAccount(deps, { username: 'mette', password: 'correct horse battery' });
  const spammer = await putRemoteActor(deps.store, 'spammer', 'spam.example');
  const other = await putRemoteActor(deps.store, 'other', 'ok.example');
  const note = await putNote(deps.store, spammer, 1);
  const othersNote = await putNote(deps.store, other, 1);

  await t.rejects(fileReport(deps, { reporter: mette, target: spammer, category: 'rude' }), { code: 'REPORT_CATEGORY_INVALID' });
  await t.rejects(fileReport(deps, { reporter: mette, target: spammer, comment: 'x'.repeat(1001) }), { code: 'REPORT_COMMENT_TOO_LONG' });
  await t.rejects(fileReport(deps, { reporter: mette, target: spammer, objectUris: [othersNote.uri] }), { code: 'REPORT_OBJECT_INVALID' }, 'posts must be the target\'s');
  await t.rejects(fileReport(deps, { reporter: mette, target: mette }), { code: 'REPORT_SELF' });
  t.equal((await deps.store.reports.list()).length, 0, 'refused reports stored nothing');

  const report = await fileReport(deps, { reporter: mette, target: spammer, objectUris: [note.uri, note.uri], comment: 'Reklame', category: 'spam' });
  t.same(report.objectUris, [note.uri]);
  const resolved = await resolveReport(deps, { id: report.id, by: 'admin', resolution: 'suspend' });
  t.equal(resolved.resolvedBy, 'admin');
  await t.rejects(resolveReport(deps, { id: report.id, by: 'admin' }), { code: 'REPORT_RESOLVED' });
  await t.rejects(resolveReport(deps, { id: '123', by: 'admin' }), { code: 'REPORT_NOT_FOUND' });
  t.same((await deps.store.audit.list()).map((e) => e.action).slice(0, 2), ['report.resolved', 'report.filed']);
});

t.test('a remote Flag becomes one report, however often it is delivered', async (t) => {
  const deps = await makeDeps(t);
  const { agencyActor } = await ensureFirstStart(deps);
  const remoteMod = await putRemoteActor(deps.store, 'mastodon.example', 'mastodon.example', { type: 'Application' });
  const mine = await putNote(deps.store, agencyActor, 1);
  const input = { flagUri: 'https://mastodon.example/flags/9', reporter: remoteMod, target: agencyActor, objectUris: [mine.uri, 'https://elsewhere.example/x'], comment: 'please check' };
  const first = await receiveFlag(deps, input);
  const again = await receiveFlag(deps, input);
  t.equal(first.created, true);
  t.equal(again.created, false);
  t.equal(again.report.id, first.report.id);
  t.same(first.report.objectUris, [mine.uri], 'unknown objects are dropped');
  t.equal((await deps.store.reports.list()).length, 1);
});

t.test('suspending: local logins and tokens stop; remote actors are marked; the last admin is protected', async (t) => {
  const deps = await makeDeps(t);
  const { admin, instanceActor } = await ensureFirstStart(deps);
  const { actor: lars } = await createAccount(deps, { username: 'lars', password: 'correct horse battery' });
  const { token } = await createPersonalToken(deps, 'lars', ['read']);
  const suspended = await suspendActor(deps, { target: lars, by: 'admin', reason: 'left the agency' });
  t.ok(suspended.suspendedAt);
  await t.rejects(authenticateBearer(deps, token), /TOKEN_INVALID/);
  const remote = await putRemoteActor(deps.store, 'troll', 'bad.example');
  t.ok((await suspendActor(deps, { target: remote, by: 'admin' })).suspendedAt);
  t.notOk((await unsuspendActor(deps, { target: (await deps.store.actors.getById(remote.id))!, by: 'admin' })).suspendedAt);
  const adminActor = await findKnownActor(deps, admin!.username);
  await t.rejects(suspendActor(deps, { target: adminActor, by: 'x' }), { code: 'LAST_ADMIN' });
  await t.rejects(suspendActor(deps, { target: instanceActor, by: 'x' }), { code: 'SUSPEND_INSTANCE_ACTOR' });
  t.equal((await findKnownActor(deps, '@troll@bad.example')).id, remote.id);
  t.equal((await findKnownActor(deps, remote.uri)).id, remote.id);
  await t.rejects(findKnownActor(deps, 'nobody@nowhere.example'), { code: 'ACTOR_NOT_FOUND' });
  t.same((await deps.store.audit.list({ action: 'actor.suspend' })).map((e) => e.target), [remote.uri, lars.uri]);
});
