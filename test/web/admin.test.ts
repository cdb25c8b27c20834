import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { STAFF_PASSWORD, WebClient, staffAccount, textOf } from '../helpers/web.js';
import { createAccount, createPersonalToken, disableAccount } from '../../src/domain/accounts/accounts.js';
import { setAccountRoles } from '../../src/domain/accounts/roles.js';
import { issueAccountLink } from '../../src/domain/admin/account-links.js';
import { evaluateDomain, getFederationMode, listDomainPolicies } from '../../src/domain/policy/domains.js';
import { hashToken } from '../../src/crypto/keys.js';
import { putRemoteActor } from '../helpers/actors.js';
import { fileReport } from '../../src/domain/moderation/reports.js';

const linkIn = (html: string) => /id="one-time-link"[^>]*value="([^"]+)"/.exec(html)?.[1];
const secretOf = (url: string) => url.split('/').pop()!;

async function signedIn(base: string, username: string, password = STAFF_PASSWORD) {
  const c = new WebClient(base);
  await c.signIn(username, password);
  return c;
}

async function canSignIn(base: string, username: string, password: string): Promise<number> {
  const c = new WebClient(base);
  return (await c.post('/auth/sign_in', { login: username, password, next: '/home' }, { csrfFrom: '/auth/sign_in' })).status;
}

t.test('who may use which part of /admin: admin everything, moderator reports and audit, authors and publishers nothing', async (t) => {
  const a = await testInstance(t, 'admin-access');
  const deps = a.it.deps;
  const base = `http://${a.domain}`;
  await staffAccount(deps, 'sigrid', 'admin');
  await staffAccount(deps, 'mona', 'moderator');
  await staffAccount(deps, 'arne', 'user');
  await createAccount(deps, { username: 'pia', password: STAFF_PASSWORD, staffRole: 'publisher' });

  const anon = new WebClient(base);
  const out = await anon.get('/admin/people');
  t.equal(out.status, 303);
  t.equal(out.location, '/auth/sign_in?next=%2Fadmin%2Fpeople', 'signed out: to sign-in and back');

  const pages = ['/admin/people', '/admin/people/invite', '/admin/people/arne', '/admin/federation', '/admin/relays', '/admin/reports', '/admin/audit', '/admin/profile'];
  const admin = await signedIn(base, 'sigrid');
  for (const p of pages) t.equal((await admin.get(p)).status, 200, `admin: ${p}`);
  t.equal((await admin.get('/admin')).location, '/admin/people');
  t.match((await admin.get('/home')).html, /href="\/admin"[^>]*>Administration</, 'the nav shows Administration to an admin');

  const mod = await signedIn(base, 'mona');
  t.equal((await mod.get('/admin')).location, '/admin/reports', 'a moderator starts at the reports');
  for (const p of pages) t.equal((await mod.get(p)).status, p === '/admin/reports' || p === '/admin/audit' ? 200 : 403, `moderator: ${p}`);
  const modHome = await mod.get('/home');
  t.match(modHome.html, />Administration</, 'the nav shows Administration to a moderator');
  const modNav = /<nav aria-label="Administration"[\s\S]*?<\/nav>/.exec((await mod.get('/admin/reports')).html)![0];
  t.notMatch(modNav, /People|Federation|Agency profile/, "the moderator's admin menu has only what they may use");
  // A form posted anyway (a token from a page they can open) changes nothing.
  const csrf = WebClient.csrfOf((await mod.get('/admin/reports')).html);
  t.equal((await mod.post('/admin/federation/domains', { domain: 'evil.example', action: 'block', reason: '' }, { csrf })).status, 403);
  t.equal((await mod.post('/admin/people/arne/roles', { role: 'admin', staffRole: 'publisher' }, { csrf })).status, 403);
  t.same((await listDomainPolicies(deps)).policies, [], 'no rule was stored');
  t.equal((await deps.store.users.getByActorId((await deps.store.actors.getByUsername('arne', null))!.id))?.role, 'user', 'no role changed');

  for (const name of ['arne', 'pia']) {
    const c = await signedIn(base, name);
    for (const p of ['/admin', ...pages]) t.equal((await c.get(p)).status, 403, `${name}: ${p}`);
    const forbidden = await c.get('/admin/people');
    t.match(textOf(forbidden.html), /You cannot do this/, 'the 403 page says so');
    t.notMatch((await c.get('/home')).html, />Administration</, `no Administration in the nav for ${name}`);
  }
});

t.test('invite: errors keep what was typed; the link is shown once, stored as a hash, works once, signs the person in; expired links are refused', async (t) => {
  const a = await testInstance(t, 'admin-invite');
  const deps = a.it.deps;
  const base = `http://${a.domain}`;
  await staffAccount(deps, 'sigrid', 'admin', 'sigrid@agency.example');
  const admin = await signedIn(base, 'sigrid');

  const bad = await admin.post('/admin/people/invite', { username: 'ny kollega', displayName: 'Ny Kollega', email: 'not-an-address', role: 'user', staffRole: 'author' });
  t.equal(bad.status, 400);
  t.match(bad.html, /<title>Error: Invite a person/);
  t.match(bad.html, /class="ds-error-summary"[\s\S]*href="#f-username"/);
  t.match(bad.html, /id="f-username"[^>]*value="ny kollega"/, 'the typed username is kept');
  t.match(bad.html, /id="f-email"[^>]*value="not-an-address"/, 'the typed e-mail is kept');
  const taken = await admin.post('/admin/people/invite', { username: 'karen', displayName: 'Karen', email: 'SIGRID@agency.example', role: 'user', staffRole: 'author' });
  t.equal(taken.status, 409);
  t.match(textOf(taken.html), /Another account has that e-mail address/);
  t.equal(await deps.store.actors.getByUsername('karen', null), undefined, 'nothing was made');

  const ok = await admin.post('/admin/people/invite', { username: 'karen', displayName: 'Karen Holm', email: 'karen@agency.example', role: 'user', staffRole: 'publisher' });
  t.equal(ok.status, 200);
  t.equal(ok.headers.get('cache-control'), 'private, no-store', 'the page with the link is never cached');
  const url = linkIn(ok.html);
  t.ok(url, 'the link is on the page');
  t.match(url!, new RegExp(`^http://${a.domain.replace(/\./g, '\\.')}/auth/link/[A-Za-z0-9_-]{40,}$`));
  t.match(textOf(ok.html), /It works once, until/);
  const karenActor = (await deps.store.actors.getByUsername('karen', null))!;
  const karen = (await deps.store.users.getByActorId(karenActor.id))!;
  t.equal(karen.passwordHash, null, 'no password until the link is used');
  t.equal(karen.staffRole, 'publisher');
  const links = await deps.store.accountLinks.listForUser(karen.id);
  t.equal(links.length, 1);
  t.equal(links[0]!.tokenHash, hashToken(secretOf(url!)), 'the store holds the hash of the secret');
  t.notMatch(JSON.stringify(links), new RegExp(secretOf(url!)), 'and never the secret itself');
  t.match(textOf((await admin.get('/admin/people')).html), /Karen Holm karen Staff Publisher Invited Never/, 'listed as invited');
  t.equal(await canSignIn(base, 'karen', 'anything at all here'), 401, 'an invited account cannot sign in');

  const person = new WebClient(base);
  const form = await person.get(new URL(url!).pathname);
  t.equal(form.status, 200);
  t.equal(form.headers.get('referrer-policy'), 'no-referrer', 'the secret in the path is never sent on');
  t.match(textOf(form.html), /An account "karen" has been made for you/);
  const mismatch = await person.post(new URL(url!).pathname, { password: 'karens long password', confirm: 'something else' });
  t.equal(mismatch.status, 400);
  t.match(textOf(mismatch.html), /The two passwords are not the same/);
  const short = await person.post(new URL(url!).pathname, { password: 'short', confirm: 'short' });
  t.match(textOf(short.html), /at least 10 characters/);
  const used = await person.post(new URL(url!).pathname, { password: 'karens long password', confirm: 'karens long password' });
  t.equal(used.status, 303);
  t.equal(used.location, '/home?notice=password_set');
  const home = await person.get(used.location!);
  t.equal(home.status, 200);
  t.match(textOf(home.html), /Your password is set and you are signed in/);
  t.match(home.html, /href="\/settings\/profile">Karen Holm</, 'signed in as Karen');

  const again = new WebClient(base);
  t.equal((await again.get(new URL(url!).pathname)).status, 410, 'a used link is gone');
  t.match(textOf((await again.get(new URL(url!).pathname)).html), /This link no longer works/);
  const anonToken = WebClient.csrfOf((await again.get('/auth/sign_in')).html);
  t.equal((await again.post(new URL(url!).pathname, { password: 'another long password', confirm: 'another long password' }, { csrf: anonToken })).status, 410, 'and cannot be posted to');
  t.equal(await canSignIn(base, 'karen', 'karens long password'), 303, 'the password set through the link works');
  t.equal(await canSignIn(base, 'karen', 'another long password'), 401, 'the second attempt set nothing');
  const actions = (await deps.store.audit.list({ limit: 50 })).map((e) => `${e.actor}:${e.action}:${e.target}`);
  t.ok(actions.includes('sigrid:account.create:karen'), 'the creation is audited with who did it');
  t.ok(actions.includes('sigrid:account.link.invite:karen'));
  t.ok(actions.includes(`user:${karen.id}:account.link.used:karen`));

  // Expiry: an invitation made eight days ago, a reset made 61 minutes ago, both refused; a reset made 59 minutes ago works.
  await createAccount(deps, { username: 'lars', noPassword: true });
  const ago = (ms: number) => ({ ...deps, now: () => new Date(Date.now() - ms) });
  const old = await issueAccountLink(ago(8 * 24 * 3600 * 1000), { username: 'lars', by: 'sigrid' });
  t.equal((await new WebClient(base).get(new URL(old.url).pathname)).status, 410, 'an invitation expires after seven days');
  await staffAccount(deps, 'maja', 'user');
  const stale = await issueAccountLink(ago(61 * 60 * 1000), { username: 'maja', by: 'sigrid' });
  t.equal(stale.link.purpose, 'reset');
  t.equal((await new WebClient(base).get(new URL(stale.url).pathname)).status, 410, 'a reset link expires after an hour');
  const fresh = await issueAccountLink(ago(59 * 60 * 1000), { username: 'maja', by: 'sigrid' });
  t.equal((await new WebClient(base).get(new URL(fresh.url).pathname)).status, 200, 'within the hour it works');
  const newer = await issueAccountLink(deps, { username: 'maja', by: 'sigrid' });
  t.equal((await new WebClient(base).get(new URL(fresh.url).pathname)).status, 410, 'a newer link voids the earlier one');
  t.equal((await new WebClient(base).get(new URL(newer.url).pathname)).status, 200);
  t.equal((await new WebClient(base).get('/auth/link/not-a-real-secret-at-all-000000')).status, 410, 'an unknown secret is the same page');
});

t.test('reset: the old password works until the new one is set; then every session and token ends', async (t) => {
  const a = await testInstance(t, 'admin-reset');
  const deps = a.it.deps;
  const base = `http://${a.domain}`;
  await staffAccount(deps, 'sigrid', 'admin');
  await staffAccount(deps, 'anna', 'user');
  const admin = await signedIn(base, 'sigrid');
  const annaBrowser = await signedIn(base, 'anna');
  const { token } = await createPersonalToken(deps, 'anna', ['read']);
  const verify = () => fetch(`${base}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  t.equal(await verify(), 200);

  const person = await admin.get('/admin/people/anna');
  t.match(textOf(person.html), /Make a password link/);
  const made = await admin.post('/admin/people/anna/link', {}, { csrfFrom: '/admin/people/anna' });
  t.equal(made.status, 200);
  const url = linkIn(made.html)!;
  t.match(textOf(made.html), /Their current password keeps working until they set a new one/);
  t.equal(await canSignIn(base, 'anna', STAFF_PASSWORD), 303, 'the old password still works before the link is used');
  t.equal((await annaBrowser.get('/settings/profile')).status, 200);

  const other = new WebClient(base);
  t.match(textOf((await other.get(new URL(url).pathname)).html), /Set a new password/);
  t.equal((await other.post(new URL(url).pathname, { password: 'annas new passphrase', confirm: 'annas new passphrase' })).status, 303);
  t.equal((await other.get('/settings/profile')).status, 200, 'the browser that used the link is signed in');
  t.equal((await annaBrowser.get('/settings/profile')).status, 303, 'her earlier session ended');
  t.equal(await verify(), 401, 'her app token was revoked');
  t.equal(await canSignIn(base, 'anna', STAFF_PASSWORD), 401, 'the old password stopped working');
  t.equal(await canSignIn(base, 'anna', 'annas new passphrase'), 303);
});

t.test('roles, last admin, disable and enable through the person page; every change audited', async (t) => {
  const a = await testInstance(t, 'admin-roles');
  const deps = a.it.deps;
  const base = `http://${a.domain}`;
  await staffAccount(deps, 'sigrid', 'admin');
  await staffAccount(deps, 'anna', 'user');
  // The first-start admin is disabled: sigrid is the only enabled admin.
  await disableAccount(deps, deps.config.instance.adminUsername);
  const admin = await signedIn(base, 'sigrid');

  const bad = await admin.post('/admin/people/anna/roles', { role: 'superuser', staffRole: 'publisher' }, { csrfFrom: '/admin/people/anna' });
  t.equal(bad.status, 400);
  t.match(bad.html, /class="ds-error-summary"[\s\S]*href="#f-role"/);
  const saved = await admin.post('/admin/people/anna/roles', { role: 'moderator', staffRole: 'publisher' }, { csrfFrom: '/admin/people/anna' });
  t.equal(saved.status, 303);
  t.equal(saved.location, '/admin/people/anna?done=roles_saved');
  t.match(textOf((await admin.get(saved.location!)).html), /The roles were saved/);
  const anna = (await deps.store.users.getByActorId((await deps.store.actors.getByUsername('anna', null))!.id))!;
  t.equal(anna.role, 'moderator');
  t.equal(anna.staffRole, 'publisher');
  const entry = (await deps.store.audit.list({ action: 'account.roles', limit: 5 }))[0]!;
  t.equal(entry.actor, 'sigrid');
  t.equal(entry.target, 'anna');
  t.same(entry.details, { from: { role: 'user', staffRole: 'author' }, to: { role: 'moderator', staffRole: 'publisher' } });
  t.equal((await admin.post('/admin/people/anna/roles', { role: 'moderator', staffRole: 'publisher' }, { csrfFrom: '/admin/people/anna' })).location, '/admin/people/anna?done=roles_unchanged');

  const demote = await admin.post('/admin/people/sigrid/roles', { role: 'user', staffRole: 'author' }, { csrfFrom: '/admin/people/sigrid' });
  t.equal(demote.status, 409, 'the last admin cannot be demoted on the page');
  t.match(textOf(demote.html), /Sigrid is the only admin\. Make someone else admin first/);
  t.match(demote.html, /<select[^>]*id="f-role"[\s\S]*?<option value="user" selected>/, 'what was chosen is kept');
  t.equal((await deps.store.users.getByActorId((await deps.store.actors.getByUsername('sigrid', null))!.id))?.role, 'admin', 'and nothing changed');
  t.equal((await admin.post('/admin/people/sigrid/disable', {}, { csrfFrom: '/admin/people/sigrid' })).status, 409, 'nor disabled');

  const annaBrowser = await signedIn(base, 'anna');
  const disabled = await admin.post('/admin/people/anna/disable', {}, { csrfFrom: '/admin/people/anna' });
  t.equal(disabled.location, '/admin/people/anna?done=disabled');
  t.equal((await annaBrowser.get('/home')).status, 303, 'her session ended');
  t.equal(await canSignIn(base, 'anna', STAFF_PASSWORD), 403, 'and she cannot sign in');
  t.match(textOf((await admin.get('/admin/people')).html), /Anna anna Moderator Publisher Disabled/);
  t.match(textOf((await admin.get('/admin/people/anna')).html), /Enable the account before making a link/);
  const enabled = await admin.post('/admin/people/anna/enable', {}, { csrfFrom: '/admin/people/anna' });
  t.equal(enabled.location, '/admin/people/anna?done=enabled');
  t.equal((await annaBrowser.get('/home')).status, 303, 'enabling does not bring the old session back');
  t.equal(await canSignIn(base, 'anna', STAFF_PASSWORD), 303, 'she can sign in again');
  const actions = (await deps.store.audit.list({ limit: 100 })).filter((e) => e.actor === 'sigrid').map((e) => e.action);
  t.ok(actions.includes('account.disable') && actions.includes('account.enable'), 'disable and enable are audited');
  t.equal((await admin.get('/admin/people/nobody')).status, 404);
});

t.test('federation policy, relays, reports and the audit log pages', async (t) => {
  const a = await testInstance(t, 'admin-policy');
  const deps = a.it.deps;
  const base = `http://${a.domain}`;
  const { actor: sigrid } = await staffAccount(deps, 'sigrid', 'admin');
  await staffAccount(deps, 'mona', 'moderator');
  const admin = await signedIn(base, 'sigrid');

  const bad = await admin.post('/admin/federation/domains', { domain: 'not a domain', action: 'block', reason: 'spam' }, { csrfFrom: '/admin/federation' });
  t.equal(bad.status, 400);
  t.match(bad.html, /id="f-domain"[^>]*value="not a domain"/);
  t.match(bad.html, /id="f-reason"[^>]*value="spam"/);
  t.match(textOf(bad.html), /Enter a domain such as kommune\.example/);
  const remote = await putRemoteActor(deps.store, 'spammer', 'spam.example');
  t.equal((await admin.post('/admin/federation/domains', { domain: 'Spam.Example', action: 'block', reason: 'spam' }, { csrfFrom: '/admin/federation' })).location, '/admin/federation?done=domain_saved');
  t.equal((await evaluateDomain(deps, 'sub.spam.example')).allowed, false, 'the block applies, to subdomains too');
  t.ok((await deps.store.actors.getById(remote.id))?.suspendedAt, 'actors held from the domain are suspended, as the admin API does');
  const page = await admin.get('/admin/federation?done=domain_saved');
  t.match(textOf(page.html), /The domain rule was saved/);
  t.match(textOf(page.html), /spam\.example Blocked spam/);
  t.equal((await admin.post('/admin/federation/mode', { mode: 'allowlist' }, { csrfFrom: '/admin/federation' })).location, '/admin/federation?done=mode_saved');
  t.equal(await getFederationMode(deps), 'allowlist');
  t.equal((await evaluateDomain(deps, 'other.example')).allowed, false, 'allowlist mode refuses the unlisted');
  t.equal((await admin.post('/admin/federation/mode', { mode: 'closed' }, { csrfFrom: '/admin/federation' })).status, 400);
  await admin.post('/admin/federation/mode', { mode: 'open' }, { csrfFrom: '/admin/federation' });
  t.equal((await admin.post('/admin/federation/domains/remove', { domain: 'spam.example' }, { csrfFrom: '/admin/federation' })).location, '/admin/federation?done=domain_removed');
  t.equal((await evaluateDomain(deps, 'spam.example')).allowed, true);
  t.equal((await deps.store.actors.getById(remote.id))?.suspendedAt, null, 'lifting the block lifts the suspension');

  const relayBad = await admin.post('/admin/relays', { actor: 'relay.example' }, { csrfFrom: '/admin/relays' });
  t.equal(relayBad.status, 400);
  t.match(relayBad.html, /id="f-actor"[^>]*value="relay\.example"/);
  const unreachable = await admin.post('/admin/relays', { actor: 'http://127.0.0.1:9/actor' }, { csrfFrom: '/admin/relays' });
  t.match(textOf(unreachable.html), /The relay could not be reached/, 'an unreachable relay is said by the field');
  t.same(await deps.store.relays.list(), []);

  await fileReport(deps, { reporter: sigrid, target: remote, comment: 'Sends advertising', category: 'spam' });
  const mod = await signedIn(base, 'mona');
  const reports = await mod.get('/admin/reports');
  t.match(textOf(reports.html), /Report about @spammer@spam\.example[\s\S]*Spam[\s\S]*Sends advertising/);
  const id = /action="\/admin\/reports\/(\d+)\/resolve"/.exec(reports.html)![1]!;
  t.match(reports.html, new RegExp(`action="/admin/reports/${id}/forward"`), 'a report about a remote account can be forwarded');
  const tooLong = await mod.post(`/admin/reports/${id}/resolve`, { [`resolution-${id}`]: 'x'.repeat(501) }, { csrfFrom: '/admin/reports' });
  t.equal(tooLong.status, 400);
  t.match(tooLong.html, /class="ds-error-summary"[\s\S]*href="#f-resolution"/);
  t.equal((await mod.post(`/admin/reports/${id}/resolve`, { [`resolution-${id}`]: 'Blocked the domain' }, { csrfFrom: '/admin/reports' })).location, '/admin/reports?done=report_resolved');
  const report = (await deps.store.reports.getById(id))!;
  t.equal(report.resolvedBy, 'mona');
  t.equal(report.resolution, 'Blocked the domain');
  t.match(textOf((await mod.get('/admin/reports')).html), /No open reports/);

  // The audit log, newest first, 50 to a page.
  for (let i = 0; i < 60; i++) await deps.store.audit.append({ id: String(9_000_000_000_000 + i), at: new Date().toISOString(), actor: 'cli', action: `test.entry${i}`, target: null, details: {}, ip: null });
  const log = await mod.get('/admin/audit');
  const first = [...log.html.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
  t.equal(first.length, 50);
  const older = /href="\/admin\/audit\?before=(\d+)"/.exec(log.html)?.[1];
  t.ok(older, 'a link to older entries');
  const next = await mod.get(`/admin/audit?before=${older}`);
  const second = [...next.html.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
  t.ok(second.length > 0);
  t.notOk(second.some((x) => first.includes(x) && x!.startsWith('test.')), 'the next page continues where the first ended');
  const all = (await deps.store.audit.list({ limit: 1000 })).map((e) => e.action);
  t.same([...first, ...second].slice(0, all.length), all.slice(0, first.length + second.length), 'newest first, as the store orders it');
});

t.test('roles set on the page are the ones the domain rules read (setAccountRoles is the one path)', async (t) => {
  const a = await testInstance(t, 'admin-roles-path');
  const deps = a.it.deps;
  await staffAccount(deps, 'sigrid', 'admin');
  await staffAccount(deps, 'anna', 'user');
  const admin = await signedIn(`http://${a.domain}`, 'sigrid');
  await admin.post('/admin/people/anna/roles', { role: 'admin', staffRole: 'author' }, { csrfFrom: '/admin/people/anna' });
  // anna is now an admin: she may use the page herself.
  const anna = await signedIn(`http://${a.domain}`, 'anna');
  t.equal((await anna.get('/admin/people')).status, 200);
  await setAccountRoles(deps, { username: 'anna', role: 'user', by: 'cli' });
  t.equal((await anna.get('/admin/people')).status, 403, 'a role taken away by the CLI applies to the web at once');
});
