import t from 'tap';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/config.js';

t.test('samspil domain and audit commands', async (t) => {
  const env = { SAMSPIL_DATA_DIR: tempDir(t), SAMSPIL_DOMAIN: 'cli.localhost', SAMSPIL_LOG_LEVEL: 'silent' };
  const block = await runCli(['domain', 'block', 'Spam.Example', '--reason', 'spam waves'], env);
  t.equal(block.code, 0, block.stderr);
  t.equal(block.stdout, 'blocked spam.example and its subdomains: nothing is accepted from or sent to them\n');
  t.match((await runCli(['domain', 'block', 'loud.example', '--silence'], env)).stdout, /^silenced loud\.example/);
  t.match((await runCli(['domain', 'allow', 'kommune.dk'], env)).stdout, /allowed kommune\.dk \(federation is open;/);
  t.equal((await runCli(['domain', 'mode', 'allowlist'], env)).code, 0);
  t.equal((await runCli(['domain', 'mode'], env)).stdout, 'allowlist\n');
  const list = JSON.parse((await runCli(['domain', 'list', '--json'], env)).stdout);
  t.equal(list.mode, 'allowlist');
  t.same(list.policies.map((p: { domain: string; action: string }) => [p.domain, p.action]), [['kommune.dk', 'allow'], ['loud.example', 'silence'], ['spam.example', 'block']]);
  t.equal((await runCli(['domain', 'remove', 'loud.example'], env)).code, 0);

  const errors: Array<[string[], number, RegExp]> = [
    [['domain', 'remove', 'loud.example'], 1, /no policy for "loud\.example"/],
    [['domain', 'block', 'not a domain'], 1, /is not a domain/],
    [['domain', 'block', 'cli.localhost'], 1, /is this instance/],
    [['domain', 'mode', 'closed'], 1, /mode must be "open" or "allowlist"/],
    [['domain', 'block'], 2, /usage: samspil domain/],
    [['audit', 'list', '--limit', '0'], 2, /--limit must be/],
  ];
  for (const [argv, code, message] of errors) {
    const res = await runCli(argv, env);
    t.equal(res.code, code, argv.join(' '));
    t.match(res.stderr, message);
    t.match(res.stderr, /^samspil: [^\n]+\n$/);
  }

  const audit = JSON.parse((await runCli(['audit', 'list', '--json'], env)).stdout) as Array<{ action: string; target: string; actor: string }>;
  t.same(audit.map((e) => [e.action, e.target]), [
    ['domain.remove', 'loud.example'], ['federation.mode', 'allowlist'], ['domain.allow', 'kommune.dk'],
    ['domain.silence', 'loud.example'], ['domain.block', 'spam.example'],
  ]);
  t.ok(audit.every((e) => e.actor === 'cli'));
});

t.test('samspil reports and suspend commands', async (t) => {
  const env = { SAMSPIL_DATA_DIR: tempDir(t), SAMSPIL_DOMAIN: 'cli.localhost', SAMSPIL_LOG_LEVEL: 'silent' };
  t.equal((await runCli(['account', 'create', 'mette', '--password-stdin'], env, 'correct horse battery')).code, 0);
  t.equal((await runCli(['account', 'create', 'lars', '--password-stdin'], env, 'correct horse battery')).code, 0);
  const suspend = await runCli(['suspend', 'lars', '--reason', 'left'], env);
  t.equal(suspend.code, 0, suspend.stderr);
  t.equal(suspend.stdout, 'suspended http://cli.localhost/users/lars\n');
  t.match((await runCli(['account', 'list'], env)).stdout, /^lars\tPerson\tuser\tauthor\tdisabled\t/m);
  t.equal((await runCli(['unsuspend', '@lars@cli.localhost'], env)).stdout, 'unsuspended http://cli.localhost/users/lars\n');
  const missing = await runCli(['suspend', 'ghost@nowhere.example'], env);
  t.equal(missing.code, 1);
  t.equal(missing.stderr, 'samspil: no known actor "ghost@nowhere.example"\n');
  t.equal((await runCli(['reports', 'list'], env)).stdout, '', 'no reports yet');
  const bad = await runCli(['reports', 'resolve', '42'], env);
  t.equal(bad.code, 1);
  t.equal(bad.stderr, 'samspil: no report 42\n');
  const fwd = await runCli(['reports', 'forward', '42'], env);
  t.equal(fwd.code, 1);
  t.equal(fwd.stderr, 'samspil: no report 42\n');
  const usage = await runCli(['reports', 'forward'], env);
  t.not(usage.code, 0);
  t.match(usage.stderr, /^samspil: usage: samspil reports forward <id>\n$/);
});
