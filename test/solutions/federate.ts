import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { followActor } from '../../src/domain/follows/follows.js';
import { actorSigner } from '../../src/activitypub/federation.js';
import { signRequest } from '../../src/activitypub/signatures/sign.js';
import { AS_CONTEXT } from '../../src/activitypub/vocab/context.js';

export { testInstance, type TestInstance };

/** POSTs an activity to `to`'s shared inbox, signed by `from`'s agency actor, as another server would. */
export async function sendSigned(from: TestInstance, to: TestInstance, activity: Record<string, unknown>, context: unknown = AS_CONTEXT): Promise<number> {
  const actor = (await from.it.deps.store.actors.getByUsername('agency', null))!;
  const url = new URL(`http://${to.domain}/inbox`);
  const body = Buffer.from(JSON.stringify({ '@context': context, ...activity }));
  const res = await fetch(url, { method: 'POST', body, headers: signRequest(actorSigner(actor), { method: 'POST', url, body, contentType: 'application/activity+json' }) });
  return res.status;
}

/** `follower`'s agency follows `followee`'s, and the follow is accepted. */
export async function agencyFollows(follower: TestInstance, followee: TestInstance): Promise<void> {
  await followActor(follower.it.fed, 'agency', `@agency@${followee.domain}`);
  const me = (await follower.it.deps.store.actors.getByUsername('agency', null))!;
  await eventually(`${follower.name} follows ${followee.name}`, async () => {
    const them = await follower.it.deps.store.actors.getByUsername('agency', followee.domain);
    return them && (await follower.it.deps.store.follows.getByPair(me.id, them.id))?.state === 'accepted';
  });
}
