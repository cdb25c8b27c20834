import t from 'tap';
import { makeDeps } from '../helpers/app.js';
import { evaluateDomain, normalizeDomain, removeDomainPolicy, setDomainPolicy, setFederationMode } from '../../src/domain/policy/domains.js';

t.test('normalizeDomain', async (t) => {
  t.equal(normalizeDomain(' Social.Example.ORG. '), 'social.example.org');
  t.equal(normalizeDomain('https://social.example.org/@x'), 'social.example.org');
  t.equal(normalizeDomain('127.0.0.1:8081'), '127.0.0.1:8081');
  t.equal(normalizeDomain('kommune.dk'), 'kommune.dk');
  t.equal(normalizeDomain('bærum.no'), 'xn--brum-voa.no', 'IDNs become punycode');
  for (const bad of ['', 'exa mple.org', 'a:b:c', '-x.org', 'example.org:port', 'http://']) {
    t.throws(() => normalizeDomain(bad), { code: 'DOMAIN_INVALID' }, JSON.stringify(bad));
  }
});

t.test('open mode: blocks cover subdomains, silence stores but hides, nothing else is touched', async (t) => {
  const deps = await makeDeps(t);
  t.match(await evaluateDomain(deps, 'anyone.example'), { allowed: true, silenced: false, reason: 'open' });
  await setDomainPolicy(deps, { domain: 'spam.example', action: 'block', reason: 'spam', by: 'cli' });
  await setDomainPolicy(deps, { domain: 'loud.example', action: 'silence', by: 'cli' });
  t.match(await evaluateDomain(deps, 'spam.example'), { allowed: false, reason: 'blocked' });
  t.match(await evaluateDomain(deps, 'a.b.spam.example'), { allowed: false, reason: 'blocked' }, 'subdomain');
  t.match(await evaluateDomain(deps, 'spam.example:8443'), { allowed: false, reason: 'blocked' }, 'with a port');
  t.match(await evaluateDomain(deps, 'notspam.example'), { allowed: true }, 'a suffix is not a parent domain');
  t.match(await evaluateDomain(deps, 'loud.example'), { allowed: true, silenced: true, reason: 'silenced' });
  t.match(await evaluateDomain(deps, deps.urls.host), { allowed: true, reason: 'local' });
  await removeDomainPolicy(deps, { domain: 'spam.example', by: 'cli' });
  t.match(await evaluateDomain(deps, 'spam.example'), { allowed: true }, 'removal takes effect at once');
});

t.test('allow-list mode refuses everyone not listed; a block under an allowed parent still blocks', async (t) => {
  const deps = await makeDeps(t);
  await setDomainPolicy(deps, { domain: 'kommune.dk', action: 'allow', by: 'admin' });
  await setDomainPolicy(deps, { domain: 'bad.kommune.dk', action: 'block', by: 'admin' });
  t.match(await evaluateDomain(deps, 'elsewhere.example'), { allowed: true }, 'allow entries are inert in open mode');
  await setFederationMode(deps, { mode: 'allowlist', by: 'admin' });
  t.match(await evaluateDomain(deps, 'aarhus.kommune.dk'), { allowed: true, reason: 'allowlisted' });
  t.match(await evaluateDomain(deps, 'elsewhere.example'), { allowed: false, reason: 'not_allowlisted' });
  t.match(await evaluateDomain(deps, 'bad.kommune.dk'), { allowed: false, reason: 'blocked' });
  await t.rejects(setFederationMode(deps, { mode: 'closed', by: 'admin' }), { code: 'MODE_INVALID' });
});

t.test('every change is in the audit log, in the same transaction', async (t) => {
  const deps = await makeDeps(t);
  await setDomainPolicy(deps, { domain: 'spam.example', action: 'block', reason: 'spam', by: 'mette', ip: '127.0.0.1' });
  await setDomainPolicy(deps, { domain: 'spam.example', action: 'silence', by: 'mette' });
  await setFederationMode(deps, { mode: 'allowlist', by: 'lars' });
  await removeDomainPolicy(deps, { domain: 'spam.example', by: 'lars' });
  t.equal(await removeDomainPolicy(deps, { domain: 'spam.example', by: 'lars' }), false, 'removing nothing logs nothing');
  const log = await deps.store.audit.list();
  t.same(log.map((e) => [e.actor, e.action, e.target]), [
    ['lars', 'domain.remove', 'spam.example'],
    ['lars', 'federation.mode', 'allowlist'],
    ['mette', 'domain.silence', 'spam.example'],
    ['mette', 'domain.block', 'spam.example'],
  ]);
  t.same(log[2]!.details, { reason: null, previous: 'block', actorsSuspended: 0, actorsUnsuspended: 0 });
  t.equal(log[3]!.ip, '127.0.0.1');
  await t.rejects(setDomainPolicy(deps, { domain: deps.urls.host, action: 'block', by: 'x' }), { code: 'DOMAIN_IS_LOCAL' });
});
