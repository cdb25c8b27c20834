import t from 'tap';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest, type Signer } from '../../src/activitypub/signatures/sign.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { testInstance, type TestInstance } from '../helpers/instances.js';

/**
 * A policy change applies at once in a running server, whoever makes it: here `samspil domain`
 * runs as its own process on the running instance's data directory (as an operator does beside a
 * live server), and the very next signed inbox POST from that domain is refused.
 */
interface Run { code: number | null; stdout: string; stderr: string }

function samspil(argv: string[], instance: TestInstance): Promise<Run> {
  // An empty config file: a developer's config/local.json must not leak into the process.
  const configFile = join(instance.dataDir, 'empty-config.json');
  writeFileSync(configFile, '{}');
  const env = {
    ...process.env, SAMSPIL_CONFIG_FILE: configFile, SAMSPIL_DATA_DIR: instance.dataDir, SAMSPIL_DOMAIN: instance.domain,
    SAMSPIL_LOG_LEVEL: 'silent', SAMSPIL_AGENCY_USERNAME: 'agency',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'samspil.js'), ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const actorOn = async (i: TestInstance, username = 'agency') => (await i.it.deps.store.actors.getByUsername(username, null))!;

let n = 0;
async function deliver(from: TestInstance, to: TestInstance, signer: Signer): Promise<{ status: number; code?: string }> {
  n++;
  const actor = (await actorOn(from)).uri;
  const activity = {
    '@context': 'https://www.w3.org/ns/activitystreams', id: `http://${from.domain}/users/agency/statuses/live${n}/activity`, type: 'Create', actor, to: [PUBLIC],
    object: { id: `http://${from.domain}/users/agency/statuses/live${n}`, type: 'Note', attributedTo: actor, content: `<p>live ${n}</p>`, to: [PUBLIC] },
  };
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify(activity));
  const res = await fetch(url, { method: 'POST', headers: signRequest(signer, { method: 'POST', url, body }), body });
  const text = await res.text();
  return { status: res.status, code: text ? (JSON.parse(text) as { code?: string }).code : undefined };
}

// The first CLI run may build dist/ from src/.
// Real CLI processes: slow on a busy machine; the file must not time out before its own bound.
t.setTimeout(300_000);

t.test('a domain block made by the CLI process refuses the very next signed inbox POST; lifting it is as quick', { timeout: 600_000 }, async (t) => {
  const a = await testInstance(t, 'live-a');
  const b = await testInstance(t, 'live-b');
  // First a harmless command: a build of dist/ must not sit between the cached read and the block.
  t.equal((await samspil(['domain', 'mode'], b)).stdout, 'open\n');
  const signer = actorSigner(await actorOn(a));
  t.equal((await deliver(a, b, signer)).status, 202, 'accepted before the block (and the policies are now cached)');
  t.equal((await deliver(a, b, signer)).status, 202);

  const block = await samspil(['domain', 'block', a.domain, '--reason', 'live test'], b);
  t.equal(block.code, 0, block.stderr);
  t.match(block.stdout, /^blocked /);
  t.match(await deliver(a, b, signer), { status: 403, code: 'DOMAIN_BLOCKED' }, 'the next POST is refused');

  const remove = await samspil(['domain', 'remove', a.domain], b);
  t.equal(remove.code, 0, remove.stderr);
  t.equal((await deliver(a, b, signer)).status, 202, 'and accepted again right after the block is lifted');

  const mode = await samspil(['domain', 'mode', 'allowlist'], b);
  t.equal(mode.code, 0, mode.stderr);
  t.match(await deliver(a, b, signer), { status: 403 }, 'allow-list mode applies at once too');
});

t.test('a change through the admin API of one node applies on another node over the same store', async (t) => {
  const a = await testInstance(t, 'live-c');
  const b = await testInstance(t, 'live-d');
  // A second server process over b's data directory: the same SQLite file, its own caches.
  const { startInstance } = await import('../../src/server.js');
  const { freePort } = await import('../helpers/instances.js');
  const port = await freePort();
  const twin = await startInstance({ ...b.config, port });
  t.teardown(() => twin.close());
  const signer = actorSigner(await actorOn(a));
  t.equal((await deliver(a, b, signer)).status, 202, 'node 1 accepts (and caches)');
  await createAccount(twin.deps, { username: 'ada', password: 'correct horse battery', role: 'admin' });
  const token = (await createPersonalToken(twin.deps, 'ada', ['admin:write', 'admin:write:domain_blocks'])).token;
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/admin/domain_blocks`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ domain: a.domain, severity: 'suspend' }),
  });
  t.equal(res.status, 200, await res.text());
  t.match(await deliver(a, b, signer), { status: 403, code: 'DOMAIN_BLOCKED' }, 'node 1 refuses the next POST');
});
