import t from 'tap';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/config.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { hashToken } from '../../src/crypto/keys.js';
import { loadConfig } from '../../src/config/load.js';

const envFor = (dir: string): NodeJS.ProcessEnv => ({ SAMSPIL_DATA_DIR: dir, SAMSPIL_DOMAIN: 'cli.localhost', SAMSPIL_LOG_LEVEL: 'silent', SAMSPIL_AGENCY_NAME: 'Jobcenter CLI' });

t.test('account invite / link / enable: the CLI shares the one-time link domain code with the web admin', async (t) => {
  const env = envFor(tempDir(t));
  const bad = await runCli(['account', 'invite', 'ny', '--role', 'boss'], env);
  t.equal(bad.code, 2, 'a wrong role is a usage error');
  t.match(bad.stderr, /--role must be one of user, moderator, admin/);

  const invited = await runCli(['account', 'invite', 'karen', '--display-name', 'Karen Holm', '--staff-role', 'publisher'], env);
  t.equal(invited.code, 0, invited.stderr);
  t.match(invited.stdout, /^invited user \(publisher\) @karen\nhttp:\/\/cli\.localhost\/auth\/link\/[A-Za-z0-9_-]{40,}\n\(works once, until \d{4}-/);
  const first = /(http:\S+)/.exec(invited.stdout)![1]!;
  const list = await runCli(['account', 'list'], env);
  t.match(list.stdout, /karen\tPerson\tuser\tpublisher\tinvited\t/);

  const again = await runCli(['account', 'link', 'karen'], env);
  t.equal(again.code, 0);
  t.match(again.stdout, /^invitation link for @karen:\n/, 'still no password: a new invitation');
  const second = /(http:\S+)/.exec(again.stdout)![1]!;
  t.not(second, first);

  const config = loadConfig({ env });
  const store = await openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
  try {
    const byHash = async (url: string) => store.accountLinks.getByTokenHash(hashToken(url.split('/').pop()!));
    t.ok((await byHash(first))?.usedAt, 'the first link was voided by the second');
    t.equal((await byHash(second))?.usedAt, null);
    t.equal((await byHash(second))?.createdBy, 'cli');
  } finally {
    await store.close();
  }

  t.equal((await runCli(['account', 'disable', 'karen'], env)).code, 0);
  const refused = await runCli(['account', 'link', 'karen'], env);
  t.not(refused.code, 0, 'no link for a disabled account');
  t.match(refused.stderr, /disabled; enable it before making a link/);
  t.equal((await runCli(['account', 'enable', 'karen'], env)).code, 0);
  t.equal((await runCli(['account', 'link', 'karen'], env)).code, 0);
});
