import t from 'tap';
import { rolesFromGroups, usernameFromClaim } from '../../src/domain/auth/oidc.js';

const MAP = { admins: 'admin', pub: 'publisher', mods: 'moderator', writers: 'author' } as const;

t.test('groups to roles: admin > moderator > user; publisher from publisher or admin; nothing mapped is user + author', async (t) => {
  t.same(rolesFromGroups(MAP, []), { role: 'user', staffRole: 'author' });
  t.same(rolesFromGroups(MAP, ['unknown', 'writers']), { role: 'user', staffRole: 'author' });
  t.same(rolesFromGroups(MAP, ['pub']), { role: 'user', staffRole: 'publisher' });
  t.same(rolesFromGroups(MAP, ['mods']), { role: 'moderator', staffRole: 'author' });
  t.same(rolesFromGroups(MAP, ['mods', 'pub']), { role: 'moderator', staffRole: 'publisher' });
  t.same(rolesFromGroups(MAP, ['mods', 'admins']), { role: 'admin', staffRole: 'publisher' }, 'admin wins and publishes');
  t.same(rolesFromGroups(MAP, ['Admins', 'PUB']), { role: 'user', staffRole: 'author' }, 'group names compare exactly');
  t.same(rolesFromGroups(MAP, ['constructor', '__proto__', 'toString', 'hasOwnProperty']), { role: 'user', staffRole: 'author' }, 'names of Object.prototype map to nothing');
});

t.test('a claim becomes a valid local username', async (t) => {
  t.equal(usernameFromClaim('anna.jensen@aarhus.dk'), 'anna_jensen', 'the part before @, dots as underscores');
  t.equal(usernameFromClaim('Søren.Ærø-Åberg'), 'soeren_aeroe_aaberg', 'Nordic letters folded, lower case');
  t.equal(usernameFromClaim('Päivi Mäkelä'), 'paivi_makela', 'diacritics dropped');
  t.equal(usernameFromClaim('__x__'), 'x');
  t.equal(usernameFromClaim('日本'), 'staff', 'nothing usable: a fallback');
  t.equal(usernameFromClaim(undefined), 'staff');
  const long = usernameFromClaim('a'.repeat(40));
  t.equal(long.length, 30, 'at most 30 characters');
  t.match(usernameFromClaim('abcdefghijklmnopqrstuvwxyz_abc_def'), /^[a-z0-9_]{1,30}$/);
  t.notMatch(usernameFromClaim('abcdefghijklmnopqrstuvwxyzabc_def'), /_$/, 'no trailing underscore after cutting');
});
