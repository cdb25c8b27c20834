import t from 'tap';
import { hasScope } from '../../src/domain/auth/authenticate.js';
import { hashPassword, verifyPassword, hashToken } from '../../src/crypto/keys.js';
import { parseScopes } from '../../src/domain/accounts/accounts.js';

t.test('Mastodon scope rules', async (t) => {
  const s = (x: string) => new Set(x.split(' '));
  t.ok(hasScope(s('read'), 'read:statuses'));
  t.ok(hasScope(s('write'), 'write:media'));
  t.ok(hasScope(s('read:statuses'), 'read:statuses'));
  t.notOk(hasScope(s('read:statuses'), 'read'), 'a granular scope does not grant the umbrella');
  t.notOk(hasScope(s('read'), 'write:statuses'));
  t.ok(hasScope(s('follow'), 'write:follows'));
  t.notOk(hasScope(s('follow'), 'write:statuses'));
  t.ok(hasScope(s('admin:read'), 'admin:read:accounts'));
  t.notOk(hasScope(s('read'), 'admin:read:accounts'));
});

t.test('parseScopes accepts space or plus separated known scopes only', async (t) => {
  t.same(parseScopes('read write+follow read'), ['read', 'write', 'follow']);
  t.throws(() => parseScopes('read teleport'), { code: 'SCOPE_INVALID' });
  t.throws(() => parseScopes('  '), { code: 'SCOPE_INVALID' });
});

t.test('passwords: scrypt with a per-password salt', async (t) => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  t.not(a, b, 'salted');
  t.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
  t.ok(await verifyPassword('correct horse battery', a));
  t.notOk(await verifyPassword('correct horse batterY', a));
  t.notOk(await verifyPassword('x', 'md5$whatever'), 'unknown formats never verify');
  t.equal(hashToken('abc').length, 64);
});
