import type { ContractSuite } from './types.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('domainPolicies: upsert replaces per domain, list sorts by domain, remove reports', async (t) => {
    const store = await fresh();
    const base = { reason: null, createdAt: '2026-11-22T10:00:00.000Z', createdBy: 'cli' };
    await store.domainPolicies.upsert({ ...base, domain: 'spam.example', action: 'block' });
    await store.domainPolicies.upsert({ ...base, domain: 'agency.example', action: 'allow', reason: 'partner' });
    await store.domainPolicies.upsert({ ...base, domain: 'spam.example', action: 'silence' });
    t.same((await store.domainPolicies.list()).map((p) => [p.domain, p.action]), [['agency.example', 'allow'], ['spam.example', 'silence']]);
    t.same(await store.domainPolicies.get('agency.example'), { ...base, domain: 'agency.example', action: 'allow', reason: 'partner' });
    t.equal(await store.domainPolicies.get('nothing.example'), undefined);
    t.equal(await store.domainPolicies.remove('spam.example'), true);
    t.equal(await store.domainPolicies.remove('spam.example'), false);
    t.equal((await store.domainPolicies.list()).length, 1);
  });
};
export default suite;
