import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest, type Signer } from '../../src/activitypub/signatures/sign.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';


interface PostOptions {
  signer?: Signer | null;
  body?: Buffer;
  signedBody?: Buffer;
  date?: Date;
  contentType?: string;
  path?: string;
}

async function post(to: TestInstance, activity: unknown, o: PostOptions = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`http://${to.domain}${o.path ?? '/inbox'}`);
  const body = o.body ?? Buffer.from(JSON.stringify(activity));
  let headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/activity+json' };
  if (o.signer) headers = { ...signRequest(o.signer, { method: 'POST', url, body: o.signedBody ?? body, date: o.date }), ...(o.contentType ? { 'content-type': o.contentType } : {}) };
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

t.test('the inbox refuses bad input with 401/403/400/413 and leaves no trace', async (t) => {
  const a = await testInstance(t, 'sender');
  const b = await testInstance(t, 'receiver');
  const agencyA = (await a.it.deps.store.actors.getByUsername('agency', null))!;
  const { actor: otherA } = await createAccount(a.it.deps, { username: 'other', password: 'correct horse battery' });
  const signer = actorSigner(agencyA);
  let n = 0;
  const note = (objectHost = a.domain) => {
    n++;
    return {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `http://${a.domain}/users/agency/statuses/${n}/activity`,
      type: 'Create',
      actor: agencyA.uri,
      to: [PUBLIC],
      object: { id: `http://${objectHost}/users/agency/statuses/${n}`, type: 'Note', attributedTo: agencyA.uri, content: '<p>hi</p><script>alert(1)</script>', to: [PUBLIC] },
    };
  };

  // The control: a correct delivery is accepted and stored (so the refusals below are meaningful).
  const good = note();
  t.equal((await post(b, good, { signer })).status, 202);
  const stored = await eventually('the good note is stored', () => b.it.deps.store.objects.getByUri(good.object.id));
  t.equal(stored.data.content, '<p>hi</p>', 'remote HTML sanitized');
  await eventually('the inbox job is done', async () => (await b.it.deps.store.jobs.list({ type: 'inbox' })).every((j) => j.state === 'done'));

  const snapshot = async () => ({
    jobs: await b.it.deps.store.jobs.count(),
    activities: await b.it.deps.store.activities.countByActor((await b.it.deps.store.actors.getByUri(agencyA.uri))!.id, { types: ['Create', 'Follow', 'Arrive', 'Like', 'Delete', 'Update'], publicOnly: false }),
    follows: await b.it.deps.store.follows.countFollowers((await b.it.deps.store.actors.getByUsername('agency', null))!.id),
  });
  const before = await snapshot();

  const cases: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>, number, string]> = [
    ['unsigned POST', () => post(b, note()), 401, 'SIGNATURE_MISSING'],
    ['bad signature (another key under the agency keyId)', () => post(b, note(), { signer: { keyId: agencyA.publicKeyId, privateKey: actorSigner(otherA).privateKey } }), 401, 'SIGNATURE_INVALID'],
    ['wrong Digest (body changed after signing)', () => post(b, note(), { signer, signedBody: Buffer.from('{"type":"Create"}') }), 401, 'DIGEST_MISMATCH'],
    ['stale Date', () => post(b, note(), { signer, date: new Date(Date.now() - 13 * 3600_000) }), 401, 'DATE_EXPIRED'],
    ['signer is not the actor', () => post(b, note(), { signer: actorSigner(otherA) }), 403, 'SIGNER_NOT_ACTOR'],
    ['object id on another host than the actor', () => post(b, note(b.domain), { signer }), 403, 'OBJECT_ORIGIN'],
    ['activity id on another host than the actor', () => post(b, { ...note(), id: `http://${b.domain}/forged/1` }, { signer }), 403, 'ACTIVITY_ORIGIN'],
    ['malformed JSON', () => post(b, null, { signer, body: Buffer.from('{"type": "Create",') }), 400, 'BODY_MALFORMED'],
    ['not an activity', () => post(b, ['x'], { signer }), 400, 'ACTIVITY_MALFORMED'],
    ['oversized body', () => post(b, null, { signer, body: Buffer.from(JSON.stringify({ ...note(), pad: 'x'.repeat(1_100_000) })) }), 413, 'BODY_TOO_LARGE'],
    ['wrong content type', () => post(b, note(), { signer, contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [label, send, status, code] of cases) {
    const res = await send();
    t.equal(res.status, status, `${label}: ${status}`);
    if (code) t.equal(res.body.code, code, `${label}: ${code}`);
  }

  // Unknown activity types are accepted (202) and dropped.
  const unknown = { ...note(), type: 'Arrive', object: undefined, location: 'x' };
  t.equal((await post(b, unknown, { signer })).status, 202, 'unknown type: 202');
  t.same(await snapshot(), before, 'nothing was stored by any refused or ignored request');
  t.equal(await b.it.deps.store.activities.getByUri(unknown.id), undefined);
  for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((k) => `http://${a.domain}/users/agency/statuses/${k}`)) {
    if (i === good.object.id) continue;
    t.equal(await b.it.deps.store.objects.getByUri(i), undefined, `no object ${i}`);
  }
});
