import t from 'tap';
import { makeApp } from '../helpers/app.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { authorize, registerClient, PASSWORD } from './helpers.js';

t.test('the OAuth login form locks an account after repeated failures, audited, with Retry-After', async (t) => {
  const { app, deps } = await makeApp(t, {
    rateLimits: { enabled: true, apiPerToken: { limit: 1000, periodSeconds: 300 }, apiPerIp: { limit: 1000, periodSeconds: 300 }, loginPerIp: { limit: 1000, periodSeconds: 300 }, loginFailuresPerAccount: { limit: 3, periodSeconds: 900 } },
  });
  await createAccount(deps, { username: 'anna', password: PASSWORD });
  const client = await registerClient(app);
  const query = { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'read' };

  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await authorize(app, query, { password: 'wrong password!' })).statusCode);
  t.same(statuses, [401, 401, 401]);
  const locked = await authorize(app, query, { password: PASSWORD });
  t.equal(locked.statusCode, 429, 'even the right password is refused while locked');
  t.ok(Number(locked.headers['retry-after']) > 0);
  t.match(locked.body, /Too many failed login attempts/);
  t.match(locked.headers['content-type'], /^text\/html/, 'the login page says so, as a page');

  const otherUser = await createAccount(deps, { username: 'bo', password: PASSWORD });
  t.ok(otherUser);
  t.equal((await authorize(app, query, { username: 'bo' })).statusCode, 302, 'other accounts are unaffected');
  const failures = await deps.store.audit.list({ action: 'login.failed' });
  t.equal(failures.length, 3);
  t.ok(failures.every((e) => e.target === 'anna' && e.ip === '127.0.0.1'));
});
