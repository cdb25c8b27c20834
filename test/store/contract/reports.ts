import type { ContractSuite } from './types.js';
import { newId } from '../../../src/ids.js';
import { putRemoteActor } from '../../helpers/actors.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('reports: put, get by id and by Flag uri, list open/resolved newest first, update', async (t) => {
    const store = await fresh();
    const reporter = await putRemoteActor(store, 'mod', 'a.example');
    const target = await putRemoteActor(store, 'spammer', 'b.example');
    const base = { reporterActorId: reporter.id, targetActorId: target.id, objectUris: ['https://b.example/users/spammer/statuses/1'], comment: 'spam', category: 'spam' as const, forwardedAt: null, createdAt: new Date().toISOString(), resolvedAt: null, resolvedBy: null, resolution: null };
    const r1 = await store.reports.put({ ...base, id: newId(), remoteFlagUri: 'https://a.example/flags/1' });
    const r2 = await store.reports.put({ ...base, id: newId(), remoteFlagUri: null });
    t.same(await store.reports.getById(r1.id), r1);
    t.same((await store.reports.getByRemoteFlagUri('https://a.example/flags/1'))?.id, r1.id);
    await t.rejects(store.reports.put({ ...base, id: newId(), remoteFlagUri: 'https://a.example/flags/1' }), { name: 'StoreConflict' }, 'one report per Flag');
    t.same((await store.reports.list()).map((r) => r.id), [r2.id, r1.id]);
    await store.reports.update(r1.id, { resolvedAt: new Date().toISOString(), resolvedBy: 'admin', resolution: 'suspend' });
    t.same((await store.reports.list({ resolved: false })).map((r) => r.id), [r2.id]);
    t.same((await store.reports.list({ resolved: true })).map((r) => r.id), [r1.id]);
    t.equal((await store.reports.getById(r1.id))?.resolution, 'suspend');
    t.same((await store.reports.list({ targetActorId: reporter.id })), []);

    const other = await putRemoteActor(store, 'other', 'c.example');
    const kept = await store.reports.put({ ...base, id: newId(), reporterActorId: other.id, remoteFlagUri: null });
    t.equal(await store.reports.deleteByReporter(reporter.id, 1), 1, 'a bounded call removes at most its limit');
    t.equal(await store.reports.deleteByReporter(reporter.id, 1), 1);
    t.equal(await store.reports.deleteByReporter(reporter.id, 1), 0);
    t.equal(await store.reports.deleteByReporter(reporter.id), 0);
    t.same((await store.reports.list()).map((r) => r.id), [kept.id], "another reporter's stay");
  });
};
export default suite;
