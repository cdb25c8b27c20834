import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { startTestRelay } from '../helpers/relay.js';
import { runCli } from '../helpers/cli.js';
import { fullSolution, staffToken } from '../solutions/fixtures.js';

t.test('relays (FEP-ae0c): B and C subscribe with `samspil relay add`; B\'s public solution reaches C without any follow', async (t) => {
  const relay = await startTestRelay(t);
  const b = await testInstance(t, 'relay-b', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Agency B', languages: ['da'] } });
  const c = await testInstance(t, 'relay-c');
  for (const i of [b, c]) {
    const env = { SAMSPIL_CONFIG_FILE: '', SAMSPIL_DATA_DIR: i.dataDir, SAMSPIL_DOMAIN: i.domain, SAMSPIL_PUBLIC_URL_SCHEME: 'http', SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true', SAMSPIL_LOG_LEVEL: 'silent', SAMSPIL_AGENCY_USERNAME: 'agency' };
    const added = await runCli(['relay', 'add', relay.actorUrl], env);
    t.equal(added.code, 0, added.stderr);
    t.match(added.stdout, /subscribing to .*\/actor: pending/);
    await eventually(`${i.name}'s subscription is accepted`, async () => (await i.it.deps.store.relays.getByActorUri(relay.actorUrl))?.state === 'accepted');
    const listed = await runCli(['relay', 'list', '--json'], env);
    t.match(JSON.parse(listed.stdout), [{ actor: relay.actorUrl, state: 'accepted' }]);
    t.match((await runCli(['relay', 'add', relay.actorUrl], env)).stdout, /already subscribed .*\(accepted\)/, 'adding twice changes nothing');
  }
  t.same([...relay.subscribers.keys()].sort(), [`http://${b.domain}/actor`, `http://${c.domain}/actor`].sort(), 'the instance actors followed as:Public');

  const token = await staffToken(b.it.deps);
  const posted = await b.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${token}` }, payload: fullSolution({ title: 'Via relæet' }) });
  t.equal(posted.statusCode, 201, posted.body);
  const uri = posted.json().uri as string;
  const held = await eventually('C holds B\'s solution', () => c.it.deps.store.solutions.getByUri(uri), 20_000);
  t.equal(held.fields.title, 'Via relæet', 'stored as a solution, fetched from B (its origin)');
  t.equal(await c.it.deps.store.follows.countFollowing((await c.it.deps.store.actors.getByUsername('agency', null))!.id), 0, 'C follows no one');
  const bOnC = (await c.it.deps.store.actors.getByUsername('agency', b.domain))!;
  t.equal(await c.it.deps.store.follows.countFollowers(bOnC.id), 0, 'and no one on C follows B');
  t.ok(relay.received.some((r) => r.type === 'Create' && r.signer === `http://${b.domain}/users/agency` && r.status === 202), 'B delivered the Create to the relay, signed by its agency');
  const catalogue = (await c.it.app.inject({ url: '/api/v1/solutions?q=relæet' })).json() as { items: Array<{ uri: string }> };
  t.ok(catalogue.items.some((s) => s.uri === uri), 'in C\'s catalogue');

  // A Note is not relayed: only public solutions go to relays.
  const creates = relay.received.filter((r) => r.type === 'Create').length;
  const note = await b.it.app.inject({ method: 'POST', url: '/api/v1/statuses', headers: { authorization: `Bearer ${token}` }, payload: { status: 'just a note' } });
  t.equal(note.statusCode, 200);

  // Unsubscribe: Undo reaches the relay; the record goes.
  const env = { SAMSPIL_CONFIG_FILE: '', SAMSPIL_DATA_DIR: c.dataDir, SAMSPIL_DOMAIN: c.domain, SAMSPIL_PUBLIC_URL_SCHEME: 'http', SAMSPIL_ALLOW_PRIVATE_ADDRESSES: 'true', SAMSPIL_LOG_LEVEL: 'silent', SAMSPIL_AGENCY_USERNAME: 'agency' };
  t.equal((await runCli(['relay', 'remove', relay.actorUrl], env)).code, 0);
  await eventually('the relay saw the Undo', () => !relay.subscribers.has(`http://${c.domain}/actor`));
  t.same(await c.it.deps.store.relays.list(), []);
  t.equal(relay.received.filter((r) => r.type === 'Create').length, creates, 'the note was not sent to the relay');
  t.equal((await runCli(['relay', 'remove', relay.actorUrl], env)).code !== 0, true, 'removing an unknown relay fails');
});
