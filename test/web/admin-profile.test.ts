import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { png } from '../helpers/images.js';
import { WebClient, staffAccount, textOf, STAFF_PASSWORD } from '../helpers/web.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';

const agencyOn = async (on: TestInstance, of: TestInstance) => on.it.deps.store.actors.getByUsername('agency', on === of ? null : of.domain);

/** The fan-out jobs of A's agency's Update activities, oldest first. */
async function updateFanouts(a: TestInstance) {
  const uri = (await agencyOn(a, a))!.uri;
  return (await a.it.deps.store.jobs.list({ type: 'fanout', limit: 1000 })).filter((j) => String(j.payload.activityId).startsWith(`${uri}#updates/`));
}

const FIELDS = {
  displayName: 'Jobcenter Aarhus', note: 'Vi hjælper borgere i job.\nSkriv til os.',
  'fields.0.name': 'Adresse', 'fields.0.value': 'Værkmestergade 15, 8000 Aarhus C',
  'fields.1.name': 'Website', 'fields.1.value': 'https://jobcenter.aarhus.example',
  'fields.2.name': '', 'fields.2.value': '', 'fields.3.name': '', 'fields.3.value': '',
};

t.test('the agency profile: admins only, errors keep what was typed, saved, shown, sent as Update to a follower instance; the web edit outlives a restart; a blocked domain gets nothing', async (t) => {
  const a = await testInstance(t, 'profile-a');
  const b = await testInstance(t, 'profile-b');
  const base = `http://${a.domain}`;
  await staffAccount(a.it.deps, 'sigrid', 'admin');
  await createAccount(a.it.deps, { username: 'pia', password: STAFF_PASSWORD, staffRole: 'publisher' });

  // B's agency follows A's.
  await followActor(b.it.fed, 'agency', `@agency@${a.domain}`);
  await eventually('B follows A', async () => {
    const remote = await agencyOn(b, a);
    const own = await agencyOn(b, b);
    return remote && own && (await b.it.deps.store.follows.getByPair(own.id, remote.id))?.state === 'accepted';
  });
  t.equal((await agencyOn(b, a))?.displayName, 'Agency profile-a');

  const publisher = new WebClient(base);
  await publisher.signIn('pia', STAFF_PASSWORD);
  t.equal((await publisher.get('/admin/profile')).status, 403, 'a publisher may not edit the agency profile');
  const token = WebClient.csrfOf((await publisher.get('/settings/profile')).html);
  t.equal((await publisher.postMultipart('/admin/profile', { ...FIELDS }, [], { csrf: token })).status, 403);
  t.equal((await agencyOn(a, a))?.displayName, 'Agency profile-a', 'and nothing changed');

  const admin = new WebClient(base);
  await admin.signIn('sigrid', STAFF_PASSWORD);
  const form = await admin.get('/admin/profile');
  t.match(textOf(form.html), /The name comes from the configuration/, 'the page says where the name comes from until edited');

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const bad = await admin.postMultipart('/admin/profile', { ...FIELDS, displayName: '', 'fields.2.value': 'a value without a label' }, [{ field: 'avatar', filename: 'logo.pdf', type: 'application/pdf', data: pdf }]);
  t.equal(bad.status, 400);
  t.match(bad.html, /<title>Error: Agency profile/);
  const summary = /class="ds-error-summary"[\s\S]*?<\/div>/.exec(bad.html)![0];
  t.match(summary, /href="#f-displayName"/);
  t.match(summary, /href="#f-fields-2-name"/, 'a value without a label is named');
  t.match(bad.html, /id="f-fields-0-value"[^>]*value="Værkmestergade 15, 8000 Aarhus C"/, 'typed fields are kept');
  t.match(bad.html, /id="f-note"[^>]*>Vi hjælper borgere i job\.\r?\nSkriv til os\.<\/textarea>/, 'the typed text is kept');
  const notImage = await admin.postMultipart('/admin/profile', { ...FIELDS }, [{ field: 'avatar', filename: 'logo.pdf', type: 'application/pdf', data: pdf }]);
  t.equal(notImage.status, 400);
  t.match(textOf(notImage.html), /The file must be a JPEG, PNG, GIF or WebP image/);
  t.equal((await agencyOn(a, a))?.displayName, 'Agency profile-a', 'nothing was saved');
  t.same(await updateFanouts(a), [], 'nothing was sent');

  const saved = await admin.postMultipart('/admin/profile', { ...FIELDS }, [{ field: 'avatar', filename: 'logo.png', type: 'image/png', data: png(64, 64) }]);
  t.equal(saved.status, 303);
  t.equal(saved.location, '/admin/profile?done=profile_saved');
  t.match(textOf((await admin.get(saved.location!)).html), /The agency profile was saved and sent/);
  const local = (await agencyOn(a, a))!;
  t.equal(local.displayName, 'Jobcenter Aarhus');
  t.same(local.fields.map((f) => [f.name, f.value]), [['Adresse', 'Værkmestergade 15, 8000 Aarhus C'], ['Website', 'https://jobcenter.aarhus.example']]);
  t.match(local.avatarUrl ?? '', new RegExp(`^http://${a.domain.replace(/\./g, '\\.')}/media/\\d+-[0-9a-f]{16}\\.png$`));
  const img = await fetch(local.avatarUrl!);
  t.equal(img.status, 200, 'the avatar is served');
  t.equal(img.headers.get('content-type'), 'image/png');

  const front = textOf((await new WebClient(base).get('/')).html);
  t.match(front, /Jobcenter Aarhus/, 'the front page shows the edited name');
  t.match(front, /Vi hjælper borgere i job/);
  t.match(front, /Adresse Værkmestergade 15, 8000 Aarhus C/);
  const profile = await new WebClient(base).get('/@agency');
  t.match(textOf(profile.html), /Jobcenter Aarhus[\s\S]*Website https:\/\/jobcenter\.aarhus\.example/, "the agency's page shows it too");

  // The follower instance gets Update(Organization) and refreshes its copy.
  const remote = await eventually('B has the new profile', async () => {
    const r = await agencyOn(b, a);
    return r?.displayName === 'Jobcenter Aarhus' ? r : undefined;
  });
  t.same(remote.fields.map((f) => f.name), ['Adresse', 'Website']);
  t.equal(remote.avatarUrl, local.avatarUrl, 'with the avatar');
  t.match(remote.summary, /Vi hjælper borgere i job/);
  t.equal((await updateFanouts(a)).length, 1, 'one Update');
  const entry = (await a.it.deps.store.audit.list({ action: 'agency.profile', limit: 5 }))[0]!;
  t.equal(entry.actor, 'sigrid');
  t.same((entry.details as { changed: string[] }).changed.sort(), ['avatarUrl', 'displayName', 'fields', 'summary']);

  // Saving the same again sends nothing.
  const same = await admin.postMultipart('/admin/profile', { ...FIELDS });
  t.equal(same.location, '/admin/profile?done=profile_unchanged');
  t.equal((await updateFanouts(a)).length, 1);

  // The config's agencyDisplayName is no longer applied on start once an admin edited the profile.
  await a.stop();
  await a.start();
  t.equal((await agencyOn(a, a))?.displayName, 'Jobcenter Aarhus', 'the web edit wins over the config after a restart');

  // A block made on the federation page stops the next Update from going to B.
  const admin2 = new WebClient(base);
  await admin2.signIn('sigrid', STAFF_PASSWORD);
  t.equal((await admin2.post('/admin/federation/domains', { domain: b.domain, action: 'block', reason: 'test' }, { csrfFrom: '/admin/federation' })).status, 303);
  const removed = await admin2.postMultipart('/admin/profile', { ...FIELDS, displayName: 'Jobcenter Aarhus Kommune' }, [], { csrfFrom: '/admin/profile' });
  t.equal(removed.location, '/admin/profile?done=profile_saved');
  const second = await eventually('the second fan-out ran', async () => {
    const jobs = await updateFanouts(a);
    return jobs.length === 2 && jobs.every((j) => j.state === 'done') ? jobs : undefined;
  });
  const lastId = second.map((j) => String(j.payload.activityId)).sort().pop()!;
  const deliveries = (await a.it.deps.store.jobs.list({ type: 'deliver', limit: 1000 })).filter((j) => j.payload.activityId === lastId);
  t.same(deliveries, [], 'no delivery to the blocked follower');
  t.equal((await agencyOn(b, a))?.displayName, 'Jobcenter Aarhus', 'B keeps the earlier name');
});
