import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { makeLoggedApp } from './helpers.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { evaluateDomain } from '../../src/domain/policy/domains.js';
import type { Deps } from '../../src/domain/deps.js';

async function tokens(deps: Deps) {
  await createAccount(deps, { username: 'mona', password: 'a long moderator password', role: 'moderator' });
  const admin = (await createPersonalToken(deps, 'admin', ['read', 'write', 'admin:read', 'admin:write'])).token;
  const moderator = (await createPersonalToken(deps, 'mona', ['read', 'write', 'admin:read', 'admin:write'])).token;
  const user = (await createPersonalToken(deps, 'anna', ['read', 'write', 'admin:read', 'admin:write'])).token;
  const adminNoScope = (await createPersonalToken(deps, 'admin', ['read', 'write'])).token;
  return { admin, moderator, user, adminNoScope };
}

const call = (app: FastifyInstance, token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

t.test('reports: a user files one, moderators list and resolve it; roles and scopes are enforced', async (t) => {
  const { deps, app } = await makeLoggedApp(t);
  const tk = await tokens(deps);
  const mona = (await deps.store.actors.getByUsername('mona', null))!;

  const bad = await call(app, tk.user, 'POST', '/api/v1/reports', { account_id: '999999', comment: 'x' });
  t.equal(bad.statusCode, 404, 'unknown account');
  t.same(bad.json(), { error: 'Record not found' });
  const missing = await call(app, tk.user, 'POST', '/api/v1/reports', { comment: 'no account' });
  t.equal(missing.statusCode, 422);
  t.match(missing.json().error, /account_id/);

  const filed = await call(app, tk.user, 'POST', '/api/v1/reports', { account_id: mona.id, comment: 'rude in a thread', category: 'violation' });
  t.equal(filed.statusCode, 200, filed.body);
  const report = filed.json();
  t.match(report, { id: String, action_taken: false, category: 'violation', comment: 'rude in a thread', forwarded: false, status_ids: [], target_account: { id: mona.id, acct: 'mona' } });

  t.equal((await call(app, tk.user, 'GET', '/api/v1/admin/reports')).statusCode, 403, 'a plain user is not staff');
  t.same((await call(app, tk.user, 'GET', '/api/v1/admin/reports')).json(), { error: 'This action is not allowed' });
  t.equal((await call(app, tk.adminNoScope, 'GET', '/api/v1/admin/reports')).statusCode, 403, 'admin without admin:read scope');

  const list = await call(app, tk.moderator, 'GET', '/api/v1/admin/reports');
  t.equal(list.statusCode, 200);
  t.equal(list.json().length, 1);
  t.match(list.json()[0], { id: report.id, account: { username: 'anna', account: { acct: 'anna' } }, target_account: { username: 'mona', role: { name: 'Moderator' } }, action_taken: false });

  const resolved = await call(app, tk.moderator, 'POST', `/api/v1/admin/reports/${report.id}/resolve`, { resolution: 'talked to mona' });
  t.equal(resolved.statusCode, 200, resolved.body);
  t.match(resolved.json(), { action_taken: true, resolution: 'talked to mona' });
  t.equal((await call(app, tk.moderator, 'POST', `/api/v1/admin/reports/${report.id}/resolve`)).statusCode, 409, 'resolving twice');
  t.same((await call(app, tk.moderator, 'GET', '/api/v1/admin/reports')).json(), [], 'open reports only by default');
  t.equal((await call(app, tk.moderator, 'GET', '/api/v1/admin/reports?resolved=true')).json().length, 1);
  t.equal((await call(app, tk.moderator, 'GET', '/api/v1/admin/reports/123')).statusCode, 404);
  t.equal((await call(app, tk.moderator, 'POST', `/api/v1/admin/reports/${report.id}/forward`)).statusCode, 422, 'a report about a local account cannot be forwarded');

  const entries = await deps.store.audit.list({ limit: 50 });
  t.ok(entries.some((e) => e.action === 'report.filed'), 'filing audited');
  t.ok(entries.some((e) => e.action === 'report.resolved' && e.actor === 'mona'), 'resolution audited with the moderator');
});

t.test('account actions: suspend with a report resolves it, unsuspend, disable; silence is refused', async (t) => {
  const { deps, app } = await makeLoggedApp(t);
  const tk = await tokens(deps);
  const anna = (await deps.store.actors.getByUsername('anna', null))!;
  const mona = (await deps.store.actors.getByUsername('mona', null))!;
  const report = (await call(app, tk.moderator, 'POST', '/api/v1/reports', { account_id: anna.id, comment: 'spam' })).json();

  const silence = await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${anna.id}/action`, { type: 'silence' });
  t.equal(silence.statusCode, 422);
  t.match(silence.json().error, /not supported/);
  t.equal((await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${anna.id}/action`, { type: 'explode' })).statusCode, 422);
  t.equal((await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${mona.id}/action`, { type: 'suspend', report_id: report.id })).statusCode, 422, 'report about someone else');

  const done = await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${anna.id}/action`, { type: 'suspend', report_id: report.id, text: 'spam account' });
  t.equal(done.statusCode, 200, done.body);
  t.equal((await call(app, tk.user, 'GET', '/api/v1/accounts/verify_credentials')).statusCode, 401, "the suspended user's token no longer works");
  const view = (await call(app, tk.moderator, 'GET', `/api/v1/admin/accounts/${anna.id}`)).json();
  t.match(view, { id: anna.id, username: 'anna', domain: null, suspended: true, disabled: true });
  t.match((await call(app, tk.moderator, 'GET', `/api/v1/admin/reports/${report.id}`)).json(), { action_taken: true, resolution: 'suspend: spam account' });

  const lifted = await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${anna.id}/unsuspend`);
  t.equal(lifted.statusCode, 200);
  t.equal(lifted.json().suspended, false);
  t.equal((await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${anna.id}/unsuspend`)).statusCode, 422, 'not suspended any more');

  t.equal((await call(app, tk.moderator, 'POST', `/api/v1/admin/accounts/${mona.id}/action`, { type: 'disable' })).statusCode, 200);
  t.equal((await call(app, tk.moderator, 'GET', '/api/v1/admin/reports')).statusCode, 401, 'mona disabled herself: her token is revoked');
});

t.test('domain blocks and allows, federation mode: admin-only, validated, audited, enforced', async (t) => {
  const { deps, app } = await makeLoggedApp(t);
  const tk = await tokens(deps);
  t.equal((await call(app, tk.moderator, 'GET', '/api/v1/admin/domain_blocks')).statusCode, 403, 'moderators do not set federation policy');

  const noDomain = await call(app, tk.admin, 'POST', '/api/v1/admin/domain_blocks', { severity: 'suspend' });
  t.equal(noDomain.statusCode, 400);
  t.match(noDomain.json().error, /domain/);
  const badSeverity = await call(app, tk.admin, 'POST', '/api/v1/admin/domain_blocks', { domain: 'spam.example', severity: 'obliterate' });
  t.equal(badSeverity.statusCode, 422);
  t.equal((await call(app, tk.admin, 'POST', '/api/v1/admin/domain_blocks', { domain: 'spam.example', severity: 'noop' })).statusCode, 422);
  t.equal((await call(app, tk.admin, 'POST', '/api/v1/admin/domain_blocks', { domain: 'not a domain!', severity: 'suspend' })).statusCode, 422);

  const block = await call(app, tk.admin, 'POST', '/api/v1/admin/domain_blocks', { domain: 'Spam.Example', severity: 'suspend', private_comment: 'bots' });
  t.equal(block.statusCode, 200, block.body);
  t.match(block.json(), { id: 'spam.example', domain: 'spam.example', severity: 'suspend', private_comment: 'bots', digest: /^[0-9a-f]{64}$/ });
  t.equal((await call(app, tk.admin, 'POST', '/api/v1/admin/domain_blocks', { domain: 'spam.example' })).statusCode, 422, 'a second block for the same domain');
  t.equal((await evaluateDomain(deps, 'sub.spam.example')).allowed, false, 'enforced for subdomains');

  const softened = await call(app, tk.admin, 'PUT', '/api/v1/admin/domain_blocks/spam.example', { severity: 'silence' });
  t.equal(softened.json().severity, 'silence');
  t.match(await evaluateDomain(deps, 'spam.example'), { allowed: true, silenced: true });
  t.equal((await call(app, tk.admin, 'GET', '/api/v1/admin/domain_blocks')).json().length, 1);
  t.equal((await call(app, tk.admin, 'DELETE', '/api/v1/admin/domain_blocks/spam.example')).statusCode, 200);
  t.equal((await call(app, tk.admin, 'DELETE', '/api/v1/admin/domain_blocks/spam.example')).statusCode, 404);

  t.equal((await call(app, tk.admin, 'POST', '/api/v1/admin/domain_allows', { domain: 'aarhus.example' })).statusCode, 200);
  t.equal((await call(app, tk.admin, 'PUT', '/api/v1/admin/federation_mode', { mode: 'closed' })).statusCode, 422, 'unknown mode');
  t.same((await call(app, tk.admin, 'PUT', '/api/v1/admin/federation_mode', { mode: 'allowlist' })).json(), { mode: 'allowlist' });
  t.equal((await evaluateDomain(deps, 'aarhus.example')).allowed, true);
  t.equal((await evaluateDomain(deps, 'elsewhere.example')).allowed, false, 'allow-list mode refuses everyone else');
  t.same((await call(app, tk.admin, 'GET', '/api/v1/admin/domain_allows')).json().map((a: { domain: string }) => a.domain), ['aarhus.example']);
  t.equal((await call(app, tk.admin, 'DELETE', '/api/v1/admin/domain_allows/aarhus.example')).statusCode, 200);

  const actions = (await deps.store.audit.list({ limit: 50 })).filter((e) => e.actor === 'admin').map((e) => e.action);
  for (const a of ['domain.block', 'domain.silence', 'domain.remove', 'domain.allow', 'federation.mode']) t.ok(actions.includes(a), `${a} audited`);
});

t.test('export and erasure through the admin API', async (t) => {
  const { deps, app } = await makeLoggedApp(t);
  const tk = await tokens(deps);
  const anna = (await deps.store.actors.getByUsername('anna', null))!;
  const agency = (await deps.store.actors.getByUsername('jobcenter', null))!;
  t.equal((await call(app, tk.moderator, 'GET', `/api/v1/admin/accounts/${anna.id}/export`)).statusCode, 403, 'moderators cannot export');
  t.equal((await call(app, tk.admin, 'GET', `/api/v1/admin/accounts/${agency.id}/export`)).statusCode, 422, 'the agency actor has no login to export');
  const exported = await call(app, tk.admin, 'GET', `/api/v1/admin/accounts/${anna.id}/export`);
  t.equal(exported.statusCode, 200);
  t.match(exported.headers['content-disposition'], /samspil-export-anna\.json/);
  t.notMatch(exported.body, /passwordHash|privateKeyPem|tokenHash/, 'no secrets in the archive');
  t.match(exported.body, /anna/);

  const erased = await call(app, tk.admin, 'DELETE', `/api/v1/admin/accounts/${anna.id}`);
  t.equal(erased.statusCode, 200, erased.body);
  t.equal(erased.json().erased, 'anna');
  t.equal((await deps.store.users.getByActorId(anna.id)), undefined, 'the login is gone');
  t.equal((await call(app, tk.admin, 'DELETE', `/api/v1/admin/accounts/${anna.id}`)).statusCode, 422, 'erasing twice: no login left');
});

t.test('a report about a remote account is forwarded to its server as a Flag', async (t) => {
  const a = await testInstance(t, 'a');
  const b = await testInstance(t, 'b');
  await followActor(a.it.fed, 'agency', `@agency@${b.domain}`);
  const bOnA = async () => a.it.deps.store.actors.getByUsername('agency', b.domain);
  await eventually('A knows B', async () => !!(await bOnA()));
  await createAccount(a.it.deps, { username: 'anna', password: 'a long enough password' });
  const annaToken = (await createPersonalToken(a.it.deps, 'anna', ['write:reports'])).token;
  const adminToken = (await createPersonalToken(a.it.deps, 'admin', ['admin:read', 'admin:write'])).token;
  const api = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`http://${a.domain}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

  const r1 = await api(annaToken, 'POST', '/api/v1/reports', { account_id: (await bOnA())!.id, comment: 'posts spam links', forward: true });
  t.equal(r1.status, 200);
  t.equal(((await r1.json()) as { forwarded: boolean }).forwarded, true, 'forwarded at filing');
  const r2 = await (await api(annaToken, 'POST', '/api/v1/reports', { account_id: (await bOnA())!.id, comment: 'again, filed quietly' })).json() as { id: string; forwarded: boolean };
  t.equal(r2.forwarded, false);
  const fwd = await api(adminToken, 'POST', `/api/v1/admin/reports/${r2.id}/forward`);
  t.equal(fwd.status, 200);
  t.equal(((await fwd.json()) as { forwarded: boolean }).forwarded, true, 'forwarded later by an admin');
  t.equal((await api(adminToken, 'POST', `/api/v1/admin/reports/${r2.id}/forward`)).status, 409, 'not twice');

  const bAgency = (await b.it.deps.store.actors.getByUsername('agency', null))!;
  const received = await eventually('B got both Flags', async () => {
    const rs = await b.it.deps.store.reports.list({ targetActorId: bAgency.id });
    return rs.length === 2 ? rs : undefined;
  });
  t.same(received.map((r) => r.comment).sort(), ['again, filed quietly', 'posts spam links']);
  const reporter = (await b.it.deps.store.actors.getById(received[0]!.reporterActorId))!;
  t.equal(reporter.uri, `http://${a.domain}/actor`, "the Flag comes from A's instance actor: anna stays anonymous");
  t.ok(received.every((r) => r.remoteFlagUri?.startsWith(`http://${a.domain}/flags/`)));
});
