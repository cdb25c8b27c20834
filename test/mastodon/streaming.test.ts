import t from 'tap';
// @ts-expect-error the ws package ships no types here; it comes with @fastify/websocket
import WebSocket from 'ws';
import { createStreamingAPIClient } from 'masto';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { testInstance } from '../helpers/instances.js';
import { loginWithCode, PASSWORD, registerClient } from './helpers.js';

type Json = Record<string, any>;
interface Message { stream: string[]; event: string; payload: string }

/** A real WebSocket client that keeps every message; `next` waits (bounded) for a matching one. */
async function connect(url: string, protocols?: string[]) {
  const ws = new WebSocket(url, protocols);
  const messages: Message[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(String(data)) as Message);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let read = 0;
  return {
    ws,
    send: (m: Json) => ws.send(JSON.stringify(m)),
    /** The next unread message (in order), within the time bound. */
    async next(timeoutMs = 5000): Promise<Message> {
      const end = Date.now() + timeoutMs;
      while (read >= messages.length) {
        const left = end - Date.now();
        if (left <= 0) throw new Error('no message within the time bound');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      return messages[read++]!;
    },
    close: () => ws.close(),
  };
}

t.test('streaming API over a real WebSocket: user stream (home updates, notifications, deletes), public and hashtag streams, auth', async (t) => {
  const a = await testInstance(t, 'a');
  const { app, deps } = a.it;
  await createAccount(deps, { username: 'anna', password: PASSWORD, displayName: 'Anna' });
  await createAccount(deps, { username: 'ben', password: PASSWORD, displayName: 'Ben' });
  const client = await registerClient(app);
  const anna = (await loginWithCode(app, client, 'read write follow')).access_token;
  const ben = (await loginWithCode(app, client, 'read write follow', { username: 'ben' })).access_token;
  const base = `http://${a.domain}`;
  const wsBase = `ws://${a.domain}/api/v1/streaming`;
  const api = async (token: string, method: string, path: string, body?: Json) => {
    const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await r.json()) as Json;
  };
  const annaAccount = await api(anna, 'GET', '/api/v1/accounts/verify_credentials');
  await api(ben, 'POST', `/api/v1/accounts/${annaAccount.id}/follow`);

  t.equal(await (await fetch(`${base}/api/v1/streaming/health`)).text(), 'OK');

  await t.test('a bad token is refused before the upgrade; the user stream needs a token', async (t) => {
    await t.rejects(connect(`${wsBase}?stream=user&access_token=nope`), /401/);
    await t.rejects(connect(`${wsBase}?stream=user`), /401/);
  });

  await t.test("user stream: a followed account's post, a notification, a delete", async (t) => {
    // The token as masto sends it: as the WebSocket protocol.
    const benStream = await connect(`${wsBase}?stream=user`, [ben]);
    const annaStream = await connect(`${wsBase}`, [anna]);
    annaStream.send({ type: 'subscribe', stream: 'user' });
    t.teardown(() => { benStream.close(); annaStream.close(); });
    // Messages are handled in order: the error answering a bad one proves the subscription took.
    annaStream.send({ type: 'subscribe', stream: 'nonsense' });
    t.match(await annaStream.next(), { event: 'error' });
    const posted = await api(anna, 'POST', '/api/v1/statuses', { status: 'live #now' });
    const update = await benStream.next();
    t.match(update, { stream: ['user'], event: 'update' });
    t.match(JSON.parse(update.payload), { id: posted.id, content: /live/, account: { acct: 'anna' } });
    const own = await annaStream.next();
    t.match(own, { event: 'update' });
    t.equal(JSON.parse(own.payload).id, posted.id, "one's own post reaches one's home stream");
    await api(ben, 'POST', `/api/v1/statuses/${posted.id}/favourite`);
    const n = await annaStream.next();
    t.match(n, { stream: ['user'], event: 'notification' });
    t.match(JSON.parse(n.payload), { type: 'favourite', account: { acct: 'ben' }, status: { id: posted.id } });
    await api(anna, 'DELETE', `/api/v1/statuses/${posted.id}`);
    t.match(await benStream.next(), { stream: ['user'], event: 'delete', payload: posted.id });
  });

  await t.test('public and hashtag streams, without a token; private posts stay off them', async (t) => {
    const pub = await connect(`${wsBase}?stream=public:local`);
    const tag = await connect(wsBase);
    t.teardown(() => { pub.close(); tag.close(); });
    tag.send({ type: 'subscribe', stream: 'hashtag', tag: 'Samspil' });
    tag.send({ type: 'subscribe', stream: 'nonsense' });
    t.match(await tag.next(), { event: 'error' }, 'an unknown stream is answered with an error event');
    await api(anna, 'POST', '/api/v1/statuses', { status: 'private one #samspil', visibility: 'private' });
    const visible = await api(anna, 'POST', '/api/v1/statuses', { status: 'public one #samspil' });
    const m = await pub.next();
    t.match(m, { stream: ['public:local'], event: 'update' });
    t.equal(JSON.parse(m.payload).id, visible.id, 'the private post was never sent');
    const h = await tag.next();
    t.match(h, { stream: ['hashtag', 'Samspil'], event: 'update' });
    t.equal(JSON.parse(h.payload).id, visible.id);
    tag.send({ type: 'unsubscribe', stream: 'hashtag', tag: 'Samspil' });
    tag.send({ type: 'subscribe', stream: 'public' });
    const after = await api(anna, 'POST', '/api/v1/statuses', { status: 'third #samspil' });
    const next = await tag.next();
    t.match(next, { stream: ['public'] }, 'unsubscribed from the hashtag, subscribed to public');
    t.equal(JSON.parse(next.payload).id, after.id);
  });

  await t.test("masto's streaming client (token as protocol) receives home updates", async (t) => {
    const streaming = createStreamingAPIClient({ streamingApiUrl: `ws://${a.domain}`, accessToken: ben, implementation: WebSocket, retry: 1 });
    t.teardown(() => streaming.close());
    const subscription = streaming.user.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    // The subscription is sent once the socket opens; post until one arrives, bounded by count.
    let got: Json | undefined;
    for (let i = 0; i < 20 && !got; i++) {
      const posted = await api(anna, 'POST', '/api/v1/statuses', { status: `masto stream ${i}` });
      const result = await Promise.race([first, new Promise<undefined>((r) => setTimeout(() => r(undefined), 250))]);
      if (result && !result.done) got = { event: result.value, posted };
    }
    t.ok(got, 'an event arrived');
    t.match(got!.event, { event: 'update', payload: { account: { acct: 'anna' }, content: /masto stream/ } });
    subscription.unsubscribe();
  });
});
