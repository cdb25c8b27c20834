import t from 'tap';
import { makeDeps } from '../helpers/app.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import { notify } from '../../src/domain/notifications/notify.js';
import { updateNotificationPolicy } from '../../src/domain/notifications/policy.js';
import { setDomainPolicy } from '../../src/domain/policy/domains.js';
import { newId } from '../../src/ids.js';
import type { Actor } from '../../src/store/port.js';

/**
 * The notification policy where the facts are a remote actor's: a silenced domain (limited
 * accounts), a remote account's age from its `published`, an unknown age. Real SQLite, the one
 * notify() every cause goes through.
 */
t.test('notification policy: limited accounts, remote account age, unknown age', async (t) => {
  const deps = await makeDeps(t);
  const { actor: anna, user } = await createAccount(deps, { username: 'anna', password: 'correct horse battery', displayName: 'Anna' });
  const remote = async (username: string, domain: string, raw: Record<string, unknown> | null): Promise<Actor> => deps.store.actors.put({
    id: newId(), uri: `https://${domain}/users/${username}`, username, domain, type: 'Person', displayName: username, summary: '', url: null,
    inbox: `https://${domain}/users/${username}/inbox`, sharedInbox: null, outbox: null, followersUri: null, followingUri: null, featuredUri: null,
    publicKeyId: `https://${domain}/users/${username}#main-key`, publicKeyPem: 'pem', privateKeyPem: null, manuallyApprovesFollowers: false,
    discoverable: true, indexable: true, avatarUrl: null, headerUrl: null, fields: [], raw, fetchedAt: null, suspendedAt: null,
  });
  const old = '2020-01-01T00:00:00.000Z';
  const loud = await remote('loud', 'loud.example', { published: old });
  const quiet = await remote('quiet', 'quiet.example', { published: old });
  const fresh = await remote('fresh', 'new.example', { published: new Date(Date.now() - 3_600_000).toISOString() });
  const ageless = await remote('ageless', 'old.example', null);
  await setDomainPolicy(deps, { domain: 'loud.example', action: 'silence', by: 'test' });
  const told = async (from: Actor) => {
    await notify(deps, deps.store, { type: 'follow', accountId: anna.id, fromActorId: from.id });
    return (await deps.store.notifications.list(anna.id, { fromActorId: from.id }, { limit: 5 })).length > 0;
  };

  await updateNotificationPolicy(deps, user.id, { forLimitedAccounts: 'drop', forNewAccounts: 'filter' });
  t.notOk(await told(loud), 'an account on a silenced domain is limited: dropped');
  t.ok(await told(quiet), 'an old account elsewhere is not');
  t.notOk(await told(fresh), 'a remote account published an hour ago is new: filtered (kept out)');
  t.ok(await told(ageless), 'an account of unknown age is not counted as new');
  await deps.store.follows.put({ id: newId(), uri: `${anna.uri}#follows/1`, followerId: anna.id, followeeId: loud.id, state: 'accepted', createdAt: old, updatedAt: old });
  await deps.store.notifications.removeWhere({ type: 'follow', fromActorId: loud.id });
  t.ok(await told(loud), 'someone she follows always gets through');
  await updateNotificationPolicy(deps, user.id, { forNewAccounts: 'accept' });
  t.ok(await told(fresh), 'accepted again');
  await t.rejects(updateNotificationPolicy(deps, user.id, { forNotFollowing: 'ignore' }), { message: 'Validation failed: For not following is not included in the list' });
});
