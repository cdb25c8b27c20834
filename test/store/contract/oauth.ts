import { StoreConflict, type AuthorizationCode, type OAuthApp } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

const app = (over: Partial<OAuthApp> = {}): OAuthApp => ({
  id: '10', name: 'Elk', website: 'https://elk.zone', redirectUris: ['https://elk.zone/callback', 'urn:ietf:wg:oauth:2.0:oob'],
  scopes: ['read', 'write', 'follow', 'push'], clientId: 'cid-1', clientSecretHash: 'h1', createdAt: '2026-01-01T00:00:00.000Z', ...over,
});

const code = (appId: string, userId: string, over: Partial<AuthorizationCode> = {}): AuthorizationCode => ({
  id: '20', codeHash: 'ch1', appId, userId, redirectUri: 'https://elk.zone/callback', scopes: ['read'], codeChallenge: 'abc',
  codeChallengeMethod: 'S256', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:10:00.000Z', usedAt: null, tokenId: null, ...over,
});

const suite: ContractSuite = (t, fresh) => {
  t.test('oauthApps: put then get by id and by client id, arrays round-trip; client id is unique', async (t) => {
    const store = await fresh();
    await store.oauthApps.put(app());
    const byId = await store.oauthApps.getById('10');
    t.same(byId, app());
    t.same(await store.oauthApps.getByClientId('cid-1'), app());
    t.equal(await store.oauthApps.getByClientId('nope'), undefined);
    t.equal(await store.oauthApps.getById('11'), undefined);
    await t.rejects(store.oauthApps.put(app({ id: '11' })), StoreConflict);
    const noSite = await store.oauthApps.put(app({ id: '12', clientId: 'cid-2', website: null }));
    t.equal((await store.oauthApps.getById(noSite.id))!.website, null);
  });

  t.test('authorizationCodes: round-trip, consume is single-use, expired ones are deleted', async (t) => {
    const store = await fresh();
    const user = await putUser(store);
    await store.oauthApps.put(app());
    await store.authorizationCodes.put(code('10', user.id));
    t.same(await store.authorizationCodes.getByHash('ch1'), code('10', user.id));
    t.equal(await store.authorizationCodes.getByHash('other'), undefined);
    t.equal(await store.authorizationCodes.consume('20', '2026-01-01T00:01:00.000Z', 't1'), true);
    t.equal(await store.authorizationCodes.consume('20', '2026-01-01T00:02:00.000Z', 't2'), false, 'second consume loses');
    t.match(await store.authorizationCodes.getByHash('ch1'), { usedAt: '2026-01-01T00:01:00.000Z', tokenId: 't1' }, 'the first consumer is recorded');
    await store.authorizationCodes.put(code('10', user.id, { id: '21', codeHash: 'ch2', expiresAt: '2026-01-02T00:00:00.000Z', codeChallenge: null, codeChallengeMethod: null }));
    t.equal(await store.authorizationCodes.deleteExpired('2026-01-01T12:00:00.000Z'), 1);
    t.equal(await store.authorizationCodes.getByHash('ch1'), undefined);
    t.equal((await store.authorizationCodes.getByHash('ch2'))!.codeChallengeMethod, null);
    await t.rejects(store.authorizationCodes.put(code('10', user.id, { id: '22', codeHash: 'ch2' })), StoreConflict);
  });
};
export default suite;
