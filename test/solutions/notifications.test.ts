import t from 'tap';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { fullSolution, staffToken } from './fixtures.js';

async function send(from: TestInstance, to: TestInstance, activity: Record<string, unknown>): Promise<number> {
  const actor = (await from.it.deps.store.actors.getByUsername('agency', null))!;
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', ...activity }));
  return (await fetch(url, { method: 'POST', body, headers: signRequest(actorSigner(actor), { method: 'POST', url, body }) })).status;
}

type Notification = { type: string; account: { acct: string }; status?: { id: string; uri: string; content: string; in_reply_to_id: string | null } };

t.test("the people behind a solution are told of questions and adoptions, in their Mastodon app's notifications", async (t) => {
  const a = await testInstance(t, 'notify-a');
  const b = await testInstance(t, 'notify-b');
  await followActor(b.it.fed, 'agency', `@agency@${a.domain}`);
  await eventually('B follows A', async () => {
    const them = await b.it.deps.store.actors.getByUsername('agency', a.domain);
    const me = (await b.it.deps.store.actors.getByUsername('agency', null))!;
    return them && (await b.it.deps.store.follows.getByPair(me.id, them.id))?.state === 'accepted';
  });
  const hanne = await staffToken(a.it.deps, 'hanne');
  const ole = await staffToken(a.it.deps, 'ole');
  const contacts = [{ name: 'Ole', role: 'Udvikler', actor: `@ole@${a.domain}` }];
  const s = (await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${hanne}` }, payload: fullSolution({ contacts }) })).json();
  await eventually('B has it', () => b.it.deps.store.solutions.getByUri(s.uri));
  const notifications = async (token: string): Promise<Notification[]> =>
    (await a.it.app.inject({ url: '/api/v1/notifications', headers: { authorization: `Bearer ${token}` } })).json();

  // A question from another server.
  const bAgency = `http://${b.domain}/users/agency`;
  const question = `${bAgency}/statuses/q1`;
  t.equal(await send(b, a, {
    id: `${question}/activity`, type: 'Create', actor: bAgency, to: [PUBLIC],
    object: { id: question, type: 'Note', attributedTo: bAgency, inReplyTo: s.uri, to: [PUBLIC], published: new Date().toISOString(), content: '<p>Hvor lang er sms-en?</p>' },
  }), 202);
  const forHanne = await eventually('the author is told of the question', async () => {
    const ns = await notifications(hanne);
    return ns.length === 1 ? ns : undefined;
  });
  t.match(forHanne[0], { type: 'mention', account: { acct: `agency@${b.domain}` }, status: { uri: question, in_reply_to_id: s.id } });
  t.match((await notifications(ole))[0], { type: 'mention', status: { uri: question } }, 'so is a local contact');

  // A local colleague asks through the Mastodon API: counted and threaded like the remote question.
  const mette = await staffToken(a.it.deps, 'mette');
  const reply = await a.it.app.inject({ method: 'POST', url: '/api/v1/statuses', headers: { authorization: `Bearer ${mette}` }, payload: { status: 'Virker det også for unge?', in_reply_to_id: s.id, visibility: 'public' } });
  t.equal(reply.statusCode, 200, reply.body);
  t.equal((await a.it.app.inject({ url: `/api/v1/solutions/${s.id}` })).json().replies.count, 2, 'a local reply counts');
  t.equal((await notifications(hanne)).length, 2, 'and notifies the author');
  t.equal((await a.it.app.inject({ method: 'DELETE', url: `/api/v1/statuses/${reply.json().id}`, headers: { authorization: `Bearer ${mette}` } })).statusCode, 200);
  t.equal((await a.it.app.inject({ url: `/api/v1/solutions/${s.id}` })).json().replies.count, 1, 'deleting it uncounts it');

  // B adopts it: the author hears of it as a mention of the adoption's note.
  const onB = (await b.it.deps.store.solutions.getByUri(s.uri))!;
  const kari = await staffToken(b.it.deps, 'kari');
  const adopted = await b.it.app.inject({ method: 'POST', url: `/api/v1/solutions/${onB.id}/adoptions`, headers: { authorization: `Bearer ${kari}` }, payload: { status: 'piloting', note: 'Vi prøver det.' } });
  t.equal(adopted.statusCode, 201, adopted.body);
  const told = await eventually('the author is told of the adoption', async () => {
    const ns = await notifications(hanne);
    return ns.find((n) => n.status?.uri === `${adopted.json().uri}/notes/1`);
  });
  t.match(told, { type: 'mention', account: { acct: `agency@${b.domain}` } });
  t.match(told.status!.content, /Vi prøver det/);
  const stored = await a.it.deps.store.notifications.list((await a.it.deps.store.actors.getByUsername('hanne', null))!.id, {}, { limit: 10 });
  t.ok(stored.some((n) => n.type === 'adoption'), 'kept as an adoption in the store');
});
