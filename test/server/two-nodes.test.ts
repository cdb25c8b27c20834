import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// @ts-expect-error the ws package ships no types here; it comes with @fastify/websocket
import WebSocket from 'ws';
import { freePort } from '../helpers/instances.js';
import { tempDir } from '../helpers/config.js';
import { runCli } from '../helpers/cli.js';

/**
 * Two real app processes over one SQLite file, as two nodes behind a balancer: a websocket on
 * node B sees a post and a notification made through node A (the streaming events go through the
 * store's outbox), once each.
 */
const NODE = fileURLToPath(new URL('../store/fixtures/app-node.ts', import.meta.url));

function node(dataDir: string, domain: string, port: number) {
  const child = spawn(process.execPath, [...process.execArgv, NODE, dataDir, domain, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => { if (out.includes('listening ')) { child.stdout.off('data', check); resolve(); } };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`node exited (${code}) before listening: ${err.slice(-2000)}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { ready, stop: () => { child.stdin.end(); return exited; }, kill: () => child.kill('SIGKILL') };
}

t.test('a websocket on node B sees what node A stored, over one SQLite file', { timeout: 180_000 }, async (t) => {
  const dir = tempDir(t, 'samspil-two-nodes-');
  const [portA, portB] = [await freePort(), await freePort()];
  const domain = `127.0.0.1:${portA}`;
  const a = node(dir, domain, portA);
  t.teardown(a.kill);
  await a.ready;
  const env = { SAMSPIL_DATA_DIR: dir, SAMSPIL_DOMAIN: domain, SAMSPIL_LOG_LEVEL: 'silent' };
  for (const name of ['anna', 'bo']) t.equal((await runCli(['account', 'create', name, '--password-stdin'], env, 'correct horse battery\n')).code, 0);
  const annaToken = (await runCli(['token', 'create', 'anna', '--scopes', 'read write'], env)).stdout.trim();
  const boToken = (await runCli(['token', 'create', 'bo', '--scopes', 'read write'], env)).stdout.trim();
  const b = node(dir, domain, portB);
  t.teardown(b.kill);
  await b.ready;

  const messages: Array<{ stream: string[]; event: string; payload: string }> = [];
  const socket = new WebSocket(`ws://127.0.0.1:${portB}/api/v1/streaming?access_token=${annaToken}`);
  t.teardown(() => socket.close());
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
  socket.on('message', (data: unknown) => { if (messages.length < 50) messages.push(JSON.parse(String(data))); });
  for (const stream of ['public', 'user']) socket.send(JSON.stringify({ type: 'subscribe', stream }));
  // Subscribing is asynchronous on the server; without an acknowledgement in the protocol, a short wait.
  await new Promise((r) => setTimeout(r, 500));

  const post = await fetch(`http://127.0.0.1:${portA}/api/v1/statuses`, {
    method: 'POST', headers: { authorization: `Bearer ${boToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: '@anna Vi deler skabelonen til sms-påmindelsen her.', visibility: 'public' }),
  });
  t.equal(post.status, 200, 'posted through node A');
  const posted = (await post.json()) as { id: string };
  const deadline = Date.now() + 20_000;
  const has = (event: string, stream: string) => messages.some((m) => m.event === event && m.stream.includes(stream));
  while (Date.now() < deadline && !(has('update', 'public') && has('notification', 'user'))) await new Promise((r) => setTimeout(r, 50));
  const update = messages.find((m) => m.event === 'update' && m.stream.includes('public'));
  t.ok(update, 'node B streamed the post on the public stream');
  t.equal(JSON.parse(update!.payload).id, posted.id);
  const notification = messages.find((m) => m.event === 'notification');
  t.ok(notification, 'and anna\'s mention notification on her user stream');
  t.equal(JSON.parse(notification!.payload).status.id, posted.id);
  await new Promise((r) => setTimeout(r, 500));
  t.equal(messages.filter((m) => m.event === 'update' && m.stream.includes('public')).length, 1, 'once');
  t.equal(await a.stop(), 0);
  t.equal(await b.stop(), 0);
});
