import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/config.js';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { authenticateBearer } from '../../src/domain/auth/authenticate.js';
import { verifyPassword } from '../../src/crypto/keys.js';
import { Urls } from '../../src/urls.js';
import { createLogger } from '../../src/log.js';
import { loadConfig } from '../../src/config/load.js';

function envFor(dir: string): NodeJS.ProcessEnv {
  return { SAMSPIL_DATA_DIR: dir, SAMSPIL_DOMAIN: 'cli.localhost', SAMSPIL_LOG_LEVEL: 'silent', SAMSPIL_AGENCY_NAME: 'Jobcenter CLI' };
}

async function withStore<R>(env: NodeJS.ProcessEnv, fn: (deps: Parameters<typeof authenticateBearer>[0]) => Promise<R>): Promise<R> {
  const config = loadConfig({ env });
  const store = await openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
  try {
    return await fn({ config, store, urls: new Urls(config), log: createLogger('silent'), now: () => new Date() });
  } finally {
    await store.close();
  }
}

t.test('account create / list / disable and token create', async (t) => {
  const env = envFor(tempDir(t));

  const created = await runCli(['account', 'create', 'mette', '--password-stdin', '--display-name', 'Mette S'], env, 'a long enough secret\n');
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, /^created user \(author\) @mette@cli\.localhost \(http:\/\/cli\.localhost\/users\/mette\)\n$/);
  t.notMatch(created.stdout, /password/, 'a given password is not echoed');

  const admin = await runCli(['account', 'create', 'boss', '--admin'], env);
  t.equal(admin.code, 0);
  const generated = /password: (\S+)\n/.exec(admin.stdout)?.[1];
  t.ok(generated && generated.length >= 16, 'a generated password is printed once');

  const list = await runCli(['account', 'list', '--json'], env);
  t.equal(list.code, 0);
  t.same(JSON.parse(list.stdout).map((a: { username: string; role: string | null }) => [a.username, a.role]), [['mette', 'user'], ['boss', 'admin']]);

  const tokenRun = await runCli(['token', 'create', 'mette', '--scopes', 'read write'], env);
  t.equal(tokenRun.code, 0, tokenRun.stderr);
  const token = tokenRun.stdout.trim();
  t.match(token, /^[A-Za-z0-9_-]{43}$/, 'only the token on stdout');
  t.match(tokenRun.stderr, /scopes: read write/);

  await withStore(env, async (deps) => {
    const principal = await authenticateBearer(deps, token);
    t.equal(principal.actor?.username, 'mette', 'the printed token authenticates as mette');
    t.same([...principal.scopes], ['read', 'write']);
    const { user } = { user: principal.user! };
    t.ok(await verifyPassword('a long enough secret', user.passwordHash!), 'password from stdin was stored hashed');
    const boss = await deps.store.actors.getByUsername('boss', null);
    const bossUser = await deps.store.users.getByActorId(boss!.id);
    t.ok(await verifyPassword(generated!, bossUser!.passwordHash!), 'the printed password is the stored one');
    t.equal(bossUser!.mustChangePassword, true);
  });

  const disabled = await runCli(['account', 'disable', 'mette'], env);
  t.equal(disabled.code, 0);
  await withStore(env, async (deps) => {
    await t.rejects(authenticateBearer(deps, token), /^TOKEN_INVALID: /, 'disabling revokes tokens');
  });
  const listAfter = await runCli(['account', 'list'], env);
  t.match(listAfter.stdout, /^mette\tPerson\tuser\tauthor\tdisabled\t/m);
  t.match(listAfter.stdout, /^boss\tPerson\tadmin\tauthor\tactive\t/m);

  const promote = await runCli(['account', 'role', 'boss', '--staff-role', 'publisher'], env);
  t.equal(promote.code, 0, promote.stderr);
  t.equal(promote.stdout, '@boss is now admin (publisher)\n');
  const lastAdmin = await runCli(['account', 'role', 'boss', '--role', 'user'], env);
  t.equal(lastAdmin.code, 1, 'the last enabled admin cannot be demoted');
  t.match(lastAdmin.stderr, /only enabled admin/);
  t.equal(lastAdmin.stderr.trim().split('\n').length, 1, 'a one-line message');
  const bad = await runCli(['account', 'role', 'boss', '--staff-role', 'editor'], env);
  t.not(bad.code, 0);
  t.match(bad.stderr, /--staff-role must be one of author, publisher/);
  const json = JSON.parse((await runCli(['account', 'list', '--json'], env)).stdout) as Array<{ username: string; staffRole: string }>;
  t.same(json.map((a) => [a.username, a.staffRole]), [['mette', 'author'], ['boss', 'publisher']]);
  await withStore(env, async (deps) => {
    const entries = await deps.store.audit.list({ limit: 20 });
    t.ok(entries.some((e) => e.action === 'account.roles' && e.target === 'boss' && e.actor === 'cli'), 'the role change is in the audit log');
  });
});

t.test('keys rotate replaces the key pair and keeps the actor', async (t) => {
  const env = envFor(tempDir(t));
  t.equal((await runCli(['account', 'create', 'lars', '--password-stdin'], env, 'another long secret')).code, 0);
  const before = await withStore(env, (d) => d.store.actors.getByUsername('lars', null));
  const res = await runCli(['keys', 'rotate', 'lars'], env);
  t.equal(res.code, 0, res.stderr);
  const after = await withStore(env, (d) => d.store.actors.getByUsername('lars', null));
  t.equal(after!.id, before!.id);
  t.equal(after!.publicKeyId, before!.publicKeyId, 'same key id; servers refetch on failure');
  t.not(after!.publicKeyPem, before!.publicKeyPem);
  t.not(after!.privateKeyPem, before!.privateKeyPem);
});

t.test('errors are one line with a non-zero exit, and change nothing', async (t) => {
  const env = envFor(tempDir(t));
  t.equal((await runCli(['account', 'create', 'mette', '--password-stdin'], env, 'a long enough secret')).code, 0);
  const cases: Array<[string[], string, number, RegExp]> = [
    [['account', 'create', 'mette', '--password-stdin'], 'another secret!', 1, /already taken/],
    [['account', 'create', 'bad name'], '', 1, /must be 1-30 letters/],
    [['account', 'create', 'root'], '', 1, /reserved/],
    [['account', 'create', 'kim', '--password-stdin'], 'short', 1, /at least 10 characters/],
    [['account', 'create', 'kim', '--password-stdin'], '', 2, /standard input was empty/],
    [['account', 'create'], '', 2, /usage: samspil account create/],
    [['account', 'disable', 'nobody'], '', 1, /no local account named "nobody"/],
    [['account', 'frobnicate'], '', 2, /unknown subcommand/],
    [['token', 'create', 'mette', '--scopes', 'read fly'], '', 1, /unknown scope\(s\): fly/],
    [['token', 'create', 'nobody'], '', 1, /no local account/],
    [['token', 'create', 'mette', '--scopes'], '', 2, /--scopes needs a value/],
    [['keys', 'rotate', 'nobody'], '', 1, /no local actor named "nobody"/],
    [['launch'], '', 2, /unknown command "launch"/],
  ];
  for (const [argv, stdin, code, message] of cases) {
    const res = await runCli(argv, env, stdin);
    t.equal(res.code, code, argv.join(' '));
    t.match(res.stderr, message, argv.join(' '));
    t.match(res.stderr, /^samspil: [^\n]+\n$/, 'exactly one line');
  }
  const bad = await runCli(['account', 'list'], { ...env, SAMSPIL_PORT: 'x' });
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'samspil: config: SAMSPIL_PORT must be an integer; got "x"\n');
  const list = await runCli(['account', 'list', '--json'], env);
  t.same(JSON.parse(list.stdout).map((a: { username: string }) => a.username), ['mette'], 'failed commands stored nothing');
});

t.test('the real binary runs', async (t) => {
  const dir = tempDir(t);
  const res = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'samspil.js'), 'account', 'create', 'anna', '--password-stdin'], {
    input: 'a long enough secret\n', env: { ...process.env, ...envFor(dir) }, encoding: 'utf8', timeout: 60_000,
  });
  t.equal(res.status, 0, res.stderr);
  t.match(res.stdout, /created user \(author\) @anna@cli\.localhost/);
  const migrate = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'samspil.js'), 'migrate'], { env: { ...process.env, ...envFor(dir) }, encoding: 'utf8', timeout: 60_000 });
  t.equal(migrate.status, 0);
  t.equal(migrate.stdout, 'the sqlite store is up to date\n');
});
