import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { AS_CONTEXT } from '../../src/activitypub/vocab/context.js';
import { createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { RECORD_KINDS, type RecordKind } from '../../src/store/port.js';
import { eventually } from './eventually.js';
import type { TestInstance } from './instances.js';

type Json = Record<string, any>;

/**
 * POSTs an activity to `to` (the shared inbox unless `path` says otherwise), signed by the local
 * actor `username` of `from`, exactly as that server would deliver it. Returns the HTTP status.
 */
export async function sendAs(from: TestInstance, username: string, to: TestInstance, activity: Record<string, unknown>, path = '/inbox'): Promise<number> {
  const actor = await from.it.deps.store.actors.getByUsername(username, null);
  if (!actor) throw new Error(`no local actor ${username} on ${from.name}`);
  const url = new URL(`http://${to.domain}${path}`);
  const body = Buffer.from(JSON.stringify({ '@context': AS_CONTEXT, ...activity }));
  const res = await fetch(url, { method: 'POST', body, headers: signRequest(actorSigner(actor), { method: 'POST', url, body, contentType: 'application/activity+json' }) });
  await res.arrayBuffer();
  return res.status;
}

/** Waits (bounded) until every queued job of `types` on the instance is done or dead. */
export function settled(i: TestInstance, types: string[] = ['inbox', 'fetch-post']): Promise<boolean> {
  return eventually(`${i.name}: jobs settled`, async () => {
    for (const type of types) {
      const jobs = await i.it.deps.store.jobs.list({ type, limit: 5000 });
      if (!jobs.every((j) => j.state === 'done' || j.state === 'dead')) return false;
    }
    return true;
  }, 20_000);
}

/** A Mastodon API caller for a local user (a personal token: no OAuth round trip, no scrypt per call). */
export async function apiAs(i: TestInstance, username: string) {
  const { token } = await createPersonalToken(i.it.deps, username, ['read', 'write', 'follow']);
  const call = async (method: string, path: string, body?: Json): Promise<Json> => {
    const r = await fetch(`http://${i.domain}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return text ? (JSON.parse(text) as Json) : {};
  };
  const status = async (method: string, path: string): Promise<number> => {
    const r = await fetch(`http://${i.domain}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    return r.status;
  };
  return Object.assign(call, { token, status });
}

/** Every record of the given kinds, as the store's transfer port pages them (a complete picture, not a sample). */
export async function records(i: TestInstance, kinds: readonly RecordKind[] = RECORD_KINDS): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const kind of kinds) {
    const all: unknown[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 1000; n++) {
      const page = await i.it.deps.store.transfer.page(kind, cursor, 500);
      all.push(...page.records);
      cursor = page.next;
      if (!cursor) break;
    }
    out[kind] = all;
  }
  return out;
}
