import { createHash, createPublicKey, generateKeyPairSync, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { freePort } from './instances.js';

type Json = Record<string, any>;
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/**
 * A small relay server on 127.0.0.1, written after FEP-ae0c (its Mastodon relay protocol, with
 * pub-relay's wrapping of messages without an LD signature in an Announce): one Application
 * actor; a signed Follow of as:Public subscribes, answered by a signed Accept embedding the
 * Follow; Undo unsubscribes; a Create/Update/Delete signed by an actor on a subscriber's host is
 * relayed to every other subscriber as an Announce of its object id. HTTP signatures (cavage,
 * rsa-sha256) are verified and made with node:crypto, independent of the server under test.
 * Bounded: bodies over 1 MB are refused, at most 100 subscribers.
 */
export interface TestRelay {
  actorUrl: string;
  /** Subscriber actor id -> inbox. */
  subscribers: Map<string, string>;
  /** Activities received, in order (after signature checks): type and signer. */
  received: Array<{ type: string; signer: string; status: number }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1024 * 1024) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseSignature(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

export async function startTestRelay(t: { teardown(fn: () => unknown): void }): Promise<TestRelay> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const actorUrl = `${base}/actor`;
  const keyId = `${actorUrl}#main-key`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const subscribers = new Map<string, string>();
  const received: TestRelay['received'] = [];
  let counter = 0;

  const fetchJson = async (url: string): Promise<Json> => {
    const res = await fetch(url, { headers: { accept: 'application/activity+json' }, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return (await res.json()) as Json;
  };

  /** Verifies a cavage signature over the listed headers; returns the key owner's actor document. */
  const verify = async (req: IncomingMessage, body: Buffer): Promise<Json | undefined> => {
    const header = req.headers.signature;
    if (typeof header !== 'string') return undefined;
    const sig = parseSignature(header);
    if (!sig.keyId || !sig.signature || !sig.headers) return undefined;
    const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
    if (req.headers.digest !== digest) return undefined;
    const lines = sig.headers.split(' ').map((h) => (h === '(request-target)' ? `(request-target): ${req.method!.toLowerCase()} ${req.url}` : `${h}: ${String(req.headers[h] ?? '')}`));
    const actor = await fetchJson(sig.keyId.split('#')[0]!);
    const pem = actor.publicKey?.publicKeyPem;
    if (typeof pem !== 'string' || actor.publicKey.id !== sig.keyId) return undefined;
    return rsaVerify('sha256', Buffer.from(lines.join('\n')), createPublicKey(pem), Buffer.from(sig.signature, 'base64')) ? actor : undefined;
  };

  /** POSTs an activity signed by the relay actor. */
  const send = async (inbox: string, activity: Json) => {
    const body = Buffer.from(JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', ...activity }));
    const url = new URL(inbox);
    const headers: Record<string, string> = {
      host: url.host, date: new Date().toUTCString(), digest: `SHA-256=${createHash('sha256').update(body).digest('base64')}`, 'content-type': 'application/activity+json',
    };
    const names = ['(request-target)', 'host', 'date', 'digest', 'content-type'];
    const signing = names.map((h) => (h === '(request-target)' ? `(request-target): post ${url.pathname}${url.search}` : `${h}: ${headers[h]}`)).join('\n');
    const signature = rsaSign('sha256', Buffer.from(signing), privateKey).toString('base64');
    headers.signature = `keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
    await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/actor') {
        res.writeHead(200, { 'content-type': 'application/activity+json' });
        res.end(JSON.stringify({
          '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
          id: actorUrl, type: 'Application', preferredUsername: 'relay', name: 'Test relay', inbox: `${base}/inbox`, outbox: `${base}/outbox`,
          followers: `${base}/followers`, endpoints: { sharedInbox: `${base}/inbox` }, publicKey: { id: keyId, owner: actorUrl, publicKeyPem },
        }));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/inbox') {
        res.writeHead(404).end();
        return;
      }
      const body = await readBody(req);
      const signer = await verify(req, body).catch(() => undefined);
      let activity: Json;
      try {
        activity = JSON.parse(body.toString('utf8')) as Json;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const status = !signer || activity.actor !== signer.id ? 401 : 202;
      received.push({ type: String(activity.type), signer: signer?.id ?? '', status });
      res.writeHead(status).end();
      if (status !== 202) return;
      const inbox = String(signer!.endpoints?.sharedInbox ?? signer!.inbox);
      if (activity.type === 'Follow' && activity.object === PUBLIC && subscribers.size < 100) {
        subscribers.set(signer!.id, inbox);
        await send(String(signer!.inbox), { id: `${base}/accepts/${++counter}`, type: 'Accept', actor: actorUrl, object: { id: activity.id, type: 'Follow', actor: signer!.id, object: PUBLIC } });
        return;
      }
      if (activity.type === 'Undo' && activity.object?.type === 'Follow') {
        subscribers.delete(signer!.id);
        return;
      }
      // Relay only what comes from a subscriber's server, to every other subscriber.
      const origin = new URL(signer!.id).host;
      const from = [...subscribers.keys()].find((s) => new URL(s).host === origin);
      if (!from || !['Create', 'Update', 'Delete'].includes(String(activity.type))) return;
      const objectId = typeof activity.object === 'string' ? activity.object : activity.object?.id;
      if (typeof objectId !== 'string') return;
      for (const [subscriber, target] of subscribers) {
        if (new URL(subscriber).host === origin) continue;
        await send(target, { id: `${base}/announces/${++counter}`, type: 'Announce', actor: actorUrl, object: objectId, to: [`${base}/followers`], published: new Date().toISOString() });
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const relay: TestRelay = {
    actorUrl, subscribers, received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  t.teardown(() => relay.close());
  return relay;
}
