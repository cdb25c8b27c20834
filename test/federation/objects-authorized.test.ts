import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { publishNote } from '../../src/domain/notes/publish-note.js';

const AS = 'application/activity+json';

t.test('posts are dereferenceable by id; in authorized-fetch mode only with a signature', async (t) => {
  const a = await testInstance(t, 'obj-a');
  const b = await testInstance(t, 'obj-b', { authorizedFetch: true });
  const { object } = await publishNote(b.it.fed, 'agency', { text: 'secure' });
  const url = new URL(object.uri);
  t.equal((await fetch(url, { headers: { accept: AS } })).status, 401, 'unsigned GET refused');
  const signer = actorSigner((await a.it.deps.store.actors.getByUri(a.it.deps.urls.instanceActor))!);
  const signed = await fetch(url, { headers: { accept: AS, ...signRequest(signer, { method: 'GET', url }) } });
  t.equal(signed.status, 200);
  t.equal(((await signed.json()) as { id: string }).id, object.uri);
  t.equal((await fetch(`http://${a.domain}/users/agency/statuses/1`, { headers: { accept: AS } })).status, 404, 'unknown post: 404');
  t.equal((await fetch(`http://${a.domain}/users/agency/statuses/1`, { headers: { accept: 'text/html' } })).status, 406, 'HTML is not offered yet');
});
