import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uploadMedia } from '../../src/domain/media/media.js';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { runCli } from '../helpers/cli.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';
import { exportAccount } from '../../src/domain/privacy/export.js';
import { eraseAccount } from '../../src/domain/privacy/erase.js';
import { fileReport } from '../../src/domain/moderation/reports.js';

t.test('export and erasure of a person, with Delete(actor) federated', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  const { actor: mette, user } = await createAccount(a.it.deps, { username: 'mette', password: 'correct horse battery', displayName: 'Mette Sørensen' });
  await a.it.deps.store.actors.update(mette.id, { summary: '<p>Sagsbehandler</p>', fields: [{ name: 'Telefon', value: '12345678' }] });
  const { token } = await createPersonalToken(a.it.deps, 'mette', ['read']);
  await a.it.deps.store.markers.save(user.id, 'home', '123', new Date().toISOString());

  await followActor(b.it.fed, 'agency', `@mette@${a.domain}`);
  await followActor(a.it.fed, 'mette', `@agency@${b.domain}`);
  const metteOnB = async () => b.it.deps.store.actors.getByUsername('mette', a.domain);
  await eventually('B follows mette and mette follows B', async () => {
    const m = await metteOnB();
    const agencyB = (await b.it.deps.store.actors.getByUsername('agency', null))!;
    return m && (await b.it.deps.store.follows.getByPair(agencyB.id, m.id))?.state === 'accepted' && (await b.it.deps.store.follows.getByPair(m.id, agencyB.id))?.state === 'accepted';
  });
  const { object: post } = await publishNote(a.it.fed, 'mette', { text: 'Min løsning på ventelister' });
  await eventually('B stored her post', () => b.it.deps.store.objects.getByUri(post.uri));
  const remoteAgency = (await a.it.deps.store.actors.getByUsername('agency', b.domain))!;
  await fileReport(a.it.deps, { reporter: mette, target: remoteAgency, comment: 'test report', category: 'other' });

  const doc = await exportAccount(a.it.deps, { username: 'mette', by: 'admin' }) as Record<string, any>;
  t.equal(doc.format, 'samspil-account-export');
  t.equal(doc.actor.displayName, 'Mette Sørensen');
  t.same(doc.actor.fields, [{ name: 'Telefon', value: '12345678' }]);
  t.same(doc.followers.map((f: { actor: string }) => f.actor), [`http://${b.domain}/users/agency`]);
  t.same(doc.following.map((f: { actor: string }) => f.actor), [`http://${b.domain}/users/agency`]);
  t.same(doc.posts.map((p: { uri: string }) => p.uri), [post.uri]);
  t.equal(doc.reportsFiled.length, 1);
  t.equal(doc.tokens.length, 1);
  t.equal(doc.markers[0].lastReadId, '123');
  const text = JSON.stringify(doc);
  t.notMatch(text, /PRIVATE KEY|scrypt\$/, 'no private key, no password hash');
  t.notOk(text.includes(token), 'no token');

  const result = await eraseAccount(a.it.fed, { username: 'mette', by: 'admin' });
  t.match(result, { objectsDeleted: 1, followsDeleted: 2, reportsDeleted: 1, inboxes: 1 });

  // Nothing personal is left on A.
  const tomb = (await a.it.deps.store.actors.getById(mette.id))!;
  t.ok(tomb.deletedAt);
  t.match(tomb, { displayName: '', summary: '', fields: [], avatarUrl: null, raw: null, discoverable: false });
  t.equal(await a.it.deps.store.users.getById(user.id), undefined, 'the login is gone');
  t.same(await a.it.deps.store.tokens.listForUser(user.id), [], 'tokens went with it');
  t.same(await a.it.deps.store.markers.get(user.id, ['home']), [], 'and markers');
  t.equal(await a.it.deps.store.objects.getByUri(post.uri), undefined, 'posts deleted');
  t.equal(await a.it.deps.store.activities.countByActor(mette.id, { types: ['Create', 'Follow', 'Like', 'Announce'], publicOnly: false }), 0);
  t.equal(await a.it.deps.store.follows.countFollowers(mette.id), 0);
  t.equal(await a.it.deps.store.follows.countFollowing(mette.id), 0);
  t.same(await a.it.deps.store.reports.list({ reporterActorId: mette.id }), []);
  const gone = await a.it.app.inject({ url: '/users/mette', headers: { accept: 'application/activity+json' } });
  t.equal(gone.statusCode, 410);
  t.equal((await a.it.app.inject({ url: `/.well-known/webfinger?resource=acct:mette@${a.domain}` })).statusCode, 404);
  await t.rejects(createAccount(a.it.deps, { username: 'mette', password: 'correct horse battery' }), { code: 'USERNAME_TAKEN' }, 'the name is never handed to someone else');

  // B got Delete(actor): her copy there is gone too.
  await eventually('B removed her post and follows', async () => !(await b.it.deps.store.objects.getByUri(post.uri)) && (await metteOnB())?.suspendedAt);
  const agencyB = (await b.it.deps.store.actors.getByUsername('agency', null))!;
  t.equal(await b.it.deps.store.follows.countFollowers(agencyB.id), 0, 'she no longer follows B');

  await t.rejects(eraseAccount(a.it.fed, { username: 'mette', by: 'admin' }), { code: 'ACCOUNT_NOT_FOUND' }, 'no login left to erase');
  const audit = await a.it.deps.store.audit.list({ action: 'account.erase' });
  t.equal(audit[0]?.target, 'mette');
});

t.test('samspil account export / erase from the command line', async (t) => {
  const a = await testInstance(t, 'cli');
  await createAccount(a.it.deps, { username: 'lars', password: 'correct horse battery' });
  const env = { SAMSPIL_DATA_DIR: a.dataDir, SAMSPIL_DOMAIN: a.domain, SAMSPIL_LOG_LEVEL: 'silent' };
  const lars = (await a.it.deps.store.actors.getByUsername('lars', null))!;
  const upload = await uploadMedia(a.it.deps, lars, { data: Buffer.from('%PDF-1.4\n% the method guide\n'), description: 'guide' });
  const mediaDir = join(a.dataDir, 'export-media');
  const exported = await runCli(['account', 'export', 'lars', '--media-dir', mediaDir], env);
  t.equal(exported.code, 0, exported.stderr);
  const archive = JSON.parse(exported.stdout);
  t.equal(archive.actor.username, 'lars');
  t.equal(archive.attachments[0].file, upload.fileName);
  t.equal(readFileSync(join(mediaDir, upload.fileName), 'utf8'), '%PDF-1.4\n% the method guide\n', 'the file is copied beside the archive');
  const refused = await runCli(['account', 'erase', 'lars'], env);
  t.equal(refused.code, 2);
  t.match(refused.stderr, /cannot be undone; add --yes/);
  const erased = await runCli(['account', 'erase', 'lars', '--yes'], env);
  t.equal(erased.code, 0, erased.stderr);
  t.match(erased.stdout, /^erased @lars: 0 posts/);
  t.equal(await a.it.deps.store.users.count({ enabledOnly: false }), 1, 'only the admin login is left');
});
