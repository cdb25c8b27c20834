import t from 'tap';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startInstance } from '../../src/server.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { tempDir, testConfig } from '../helpers/config.js';

t.test('boots on a random loopback port and answers WebFinger and the actor over HTTP; a restart keeps everything', async (t) => {
  const dir = tempDir(t);
  const config = testConfig(dir, { domain: 'aarhus.localhost' });
  const first = await startInstance(config);
  t.teardown(() => first.close());
  t.equal(first.address.host, '127.0.0.1');
  t.ok(first.address.port > 0);
  t.ok(first.firstStart.admin, 'first start made an admin');
  const base = `http://127.0.0.1:${first.address.port}`;

  const wf = await fetch(`${base}/.well-known/webfinger?resource=acct:jobcenter@aarhus.localhost`);
  t.equal(wf.status, 200);
  const jrd = (await wf.json()) as { links: Array<{ rel: string; href: string }> };
  const self = jrd.links.find((l) => l.rel === 'self')!.href;
  t.equal(self, 'http://aarhus.localhost/users/jobcenter');

  const actorRes = await fetch(`${base}/users/jobcenter`, { headers: { accept: 'application/activity+json' } });
  t.equal(actorRes.status, 200);
  const actor = (await actorRes.json()) as { id: string; publicKey: { publicKeyPem: string } };
  t.equal(actor.id, self);
  await createAccount(first.deps, { username: 'mette', password: 'correct horse battery' });
  await first.close();

  const second = await startInstance(config);
  t.teardown(() => second.close());
  t.equal(second.firstStart.admin, undefined, 'no second admin, no second password');
  const base2 = `http://127.0.0.1:${second.address.port}`;
  const again = (await (await fetch(`${base2}/users/jobcenter`, { headers: { accept: 'application/activity+json' } })).json()) as typeof actor;
  t.equal(again.publicKey.publicKeyPem, actor.publicKey.publicKeyPem, 'the key survived the restart');
  t.equal((await fetch(`${base2}/.well-known/webfinger?resource=acct:mette@aarhus.localhost`)).status, 200, 'accounts survived');
});

/** Runs `samspil serve` as a real process until it prints its last start-up line, then stops it with SIGTERM. */
async function serveOnce(env: NodeJS.ProcessEnv): Promise<{ stdout: string; code: number | null }> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'samspil.js'), 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const deadline = Date.now() + 60_000;
  while (!/^Samspil is running at .*\n/m.test(stdout)) {
    if (child.exitCode !== null) throw new Error(`serve exited early (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { stdout, code };
}

t.test('`samspil serve` prints the first admin password once with where to sign in, and stops cleanly on SIGTERM', async (t) => {
  const env = { SAMSPIL_DATA_DIR: tempDir(t), SAMSPIL_PORT: '0', SAMSPIL_HOST: '127.0.0.1', SAMSPIL_DOMAIN: 'serve.localhost', SAMSPIL_LOG_LEVEL: 'silent' };
  const first = await serveOnce(env);
  t.equal(first.code, 0, 'graceful exit');
  t.match(first.stdout, /Samspil listening on http:\/\/127\.0\.0\.1:\d+ as http:\/\/serve\.localhost/);
  t.match(first.stdout, /First start: created admin "admin" with password\n\n {4}\S{20}\n/);
  t.match(first.stdout, /\nIt is shown only this once\.\nOpen http:\/\/serve\.localhost\/ and sign in at http:\/\/serve\.localhost\/auth\/sign_in as "admin" with the password above, then change it at \/settings\/password\.\n\nSamspil is running at http:\/\/serve\.localhost\/\n$/,
    'the admin block ends with where to sign in; the running line comes last');
  t.equal(first.stdout.match(/^Samspil is running at /gm)?.length, 1, 'one running line');
  const second = await serveOnce(env);
  t.equal(second.code, 0);
  t.notMatch(second.stdout, /password/, 'never printed again');
  t.notMatch(second.stdout, /sign_in/);
  t.match(second.stdout, /\nSamspil is running at http:\/\/serve\.localhost\/\n$/, 'every start says where it runs');
});

t.test('`samspil serve` with only SAMSPIL_PORT runs at localhost:PORT', async (t) => {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const run = await serveOnce({ SAMSPIL_DATA_DIR: tempDir(t), SAMSPIL_PORT: String(port), SAMSPIL_HOST: '127.0.0.1', SAMSPIL_LOG_LEVEL: 'silent', SAMSPIL_DOMAIN: '' });
  t.equal(run.code, 0);
  t.match(run.stdout, new RegExp(`^Samspil listening on http://127\\.0\\.0\\.1:${port} as http://localhost:${port}\n`));
  t.match(run.stdout, new RegExp(`sign in at http://localhost:${port}/auth/sign_in as "admin"`));
  t.match(run.stdout, new RegExp(`\nSamspil is running at http://localhost:${port}/\n$`));
});
