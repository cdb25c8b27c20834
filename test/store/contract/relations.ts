import { StoreConflict } from '../../../src/store/port.js';
import { newId } from '../../../src/ids.js';
import type { ContractSuite } from './types.js';
import { putRemoteActor } from '../../helpers/actors.js';

const suite: ContractSuite = (t, fresh) => {
  const three = async () => {
    const store = await fresh();
    const a = await putRemoteActor(store, 'a', 'a.example');
    const b = await putRemoteActor(store, 'b', 'b.example');
    const c = await putRemoteActor(store, 'c', 'c.example');
    return { store, a, b, c };
  };
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

  t.test('blocks: idempotent on the pair, both directions, paged newest first, delete returns the block', async (t) => {
    const { store, a, b, c } = await three();
    const b1 = { id: newId(), accountId: a.id, targetId: b.id, uri: 'https://a.example/blocks/1', createdAt: at(0) };
    t.same(await store.relations.putBlock(b1), { block: b1, created: true });
    const again = await store.relations.putBlock({ ...b1, id: newId(), uri: 'https://a.example/blocks/2' });
    t.equal(again.created, false);
    t.equal(again.block.id, b1.id);
    const b2 = (await store.relations.putBlock({ id: newId(), accountId: a.id, targetId: c.id, uri: 'u2', createdAt: at(1) })).block;
    await store.relations.putBlock({ id: newId(), accountId: c.id, targetId: b.id, uri: 'u3', createdAt: at(2) });
    t.same((await store.relations.listBlocks(a.id, { limit: 10 })).map((x) => x.targetId), [c.id, b.id]);
    t.same((await store.relations.listBlocks(a.id, { limit: 1 })).map((x) => x.id), [b2.id]);
    t.same((await store.relations.listBlocks(a.id, { limit: 10, maxId: b2.id })).map((x) => x.id), [b1.id]);
    t.same((await store.relations.listBlocks(a.id, { limit: 1, minId: b1.id })).map((x) => x.id), [b2.id]);
    t.same((await store.relations.blockedIds(a.id, 10)).sort(), [b.id, c.id].sort());
    t.same((await store.relations.blockerIds(b.id, 10)).sort(), [a.id, c.id].sort());
    t.same(await store.relations.getBlock(a.id, b.id), b1);
    t.equal(await store.relations.getBlock(b.id, a.id), undefined);
    t.same(await store.relations.deleteBlock(a.id, b.id), b1);
    t.equal(await store.relations.deleteBlock(a.id, b.id), undefined);
  });

  t.test('mutes: put replaces flag and expiry, expired ones are not listed, delete', async (t) => {
    const { store, a, b, c } = await three();
    const m1 = await store.relations.putMute({ id: newId(), accountId: a.id, targetId: b.id, notifications: true, expiresAt: null, createdAt: at(0) });
    const m1b = await store.relations.putMute({ id: newId(), accountId: a.id, targetId: b.id, notifications: false, expiresAt: at(10_000), createdAt: at(5) });
    t.equal(m1b.id, m1.id);
    t.equal(m1b.createdAt, m1.createdAt);
    t.same(await store.relations.getMute(a.id, b.id), { ...m1, notifications: false, expiresAt: at(10_000) });
    await store.relations.putMute({ id: newId(), accountId: a.id, targetId: c.id, notifications: true, expiresAt: at(1_000), createdAt: at(1) });
    t.same((await store.relations.listMutes(a.id, at(500), { limit: 10 })).map((m) => m.targetId), [c.id, b.id]);
    t.same((await store.relations.listMutes(a.id, at(2_000), { limit: 10 })).map((m) => m.targetId), [b.id]);
    t.same((await store.relations.activeMutes(a.id, at(20_000), 10)), []);
    t.equal(await store.relations.deleteMute(a.id, b.id), true);
    t.equal(await store.relations.deleteMute(a.id, b.id), false);
  });

  t.test('domain blocks: idempotent, paged, who blocks a domain, delete', async (t) => {
    const { store, a, b } = await three();
    const d1 = await store.relations.putDomainBlock({ id: newId(), accountId: a.id, domain: 'spam.example', createdAt: at(0) });
    t.equal(d1.created, true);
    t.equal((await store.relations.putDomainBlock({ id: newId(), accountId: a.id, domain: 'spam.example', createdAt: at(1) })).created, false);
    const d2 = (await store.relations.putDomainBlock({ id: newId(), accountId: a.id, domain: 'støj.example', createdAt: at(2) })).block;
    await store.relations.putDomainBlock({ id: newId(), accountId: b.id, domain: 'spam.example', createdAt: at(3) });
    t.same((await store.relations.listDomainBlocks(a.id, { limit: 10 })).map((d) => d.domain), ['støj.example', 'spam.example']);
    t.same((await store.relations.listDomainBlocks(a.id, { limit: 10, maxId: d2.id })).map((d) => d.domain), ['spam.example']);
    t.same((await store.relations.domainBlockers('spam.example', 10)).sort(), [a.id, b.id].sort());
    t.equal(await store.relations.deleteDomainBlock(a.id, 'spam.example'), true);
    t.equal(await store.relations.deleteDomainBlock(a.id, 'spam.example'), false);
    t.same(await store.relations.domainBlockers('spam.example', 10), [b.id]);
  });

  t.test('notes: set, replace, empty removes', async (t) => {
    const { store, a, b } = await three();
    await store.relations.setNote({ accountId: a.id, targetId: b.id, comment: 'først', updatedAt: at(0) });
    await store.relations.setNote({ accountId: a.id, targetId: b.id, comment: 'Kender fra Aarhus 🦊', updatedAt: at(1) });
    t.same(await store.relations.getNote(a.id, b.id), { accountId: a.id, targetId: b.id, comment: 'Kender fra Aarhus 🦊', updatedAt: at(1) });
    t.equal(await store.relations.getNote(b.id, a.id), undefined);
    t.same((await store.relations.listNotes(a.id, 10)).map((n) => n.comment), ['Kender fra Aarhus 🦊']);
    await store.relations.setNote({ accountId: a.id, targetId: b.id, comment: '', updatedAt: at(2) });
    t.equal(await store.relations.getNote(a.id, b.id), undefined);
  });

  t.test('pins: unique per post, newest first, count, among, a deleted post leaves every profile', async (t) => {
    const { store, a, b } = await three();
    const p1 = await store.relations.putPin({ id: newId(), accountId: a.id, statusId: '101', createdAt: at(0) });
    await t.rejects(store.relations.putPin({ id: newId(), accountId: a.id, statusId: '101', createdAt: at(1) }), StoreConflict);
    const p2 = await store.relations.putPin({ id: newId(), accountId: a.id, statusId: '102', createdAt: at(2) });
    await store.relations.putPin({ id: newId(), accountId: b.id, statusId: '102', createdAt: at(3) });
    t.same((await store.relations.listPins(a.id, 10)).map((p) => p.id), [p2.id, p1.id]);
    t.equal(await store.relations.countPins(a.id), 2);
    t.same((await store.relations.pinnedAmong(a.id, ['101', '103'])), ['101']);
    t.same(await store.relations.pinnedAmong(a.id, []), []);
    await store.relations.deletePinsOf('102');
    t.equal(await store.relations.countPins(b.id), 0);
    t.equal(await store.relations.deletePin(a.id, '101'), true);
    t.equal(await store.relations.deletePin(a.id, '101'), false);
  });

  t.test('forgetAccount removes what the account has and what names it', async (t) => {
    const { store, a, b, c } = await three();
    await store.relations.putBlock({ id: newId(), accountId: a.id, targetId: b.id, uri: 'u1', createdAt: at(0) });
    await store.relations.putBlock({ id: newId(), accountId: b.id, targetId: a.id, uri: 'u2', createdAt: at(0) });
    await store.relations.putBlock({ id: newId(), accountId: b.id, targetId: c.id, uri: 'u3', createdAt: at(0) });
    await store.relations.putMute({ id: newId(), accountId: c.id, targetId: a.id, notifications: true, expiresAt: null, createdAt: at(0) });
    await store.relations.putDomainBlock({ id: newId(), accountId: a.id, domain: 'x.example', createdAt: at(0) });
    await store.relations.setNote({ accountId: b.id, targetId: a.id, comment: 'n', updatedAt: at(0) });
    await store.relations.putPin({ id: newId(), accountId: a.id, statusId: '1', createdAt: at(0) });
    t.equal(await store.relations.forgetAccount(a.id, 4), 4, 'a bounded call removes at most its limit');
    t.equal(await store.relations.forgetAccount(a.id, 4), 2, 'the next one the rest');
    t.equal(await store.relations.forgetAccount(a.id), 0);
    t.same(await store.relations.blockedIds(b.id, 10), [c.id]);
    t.same(await store.relations.blockerIds(a.id, 10), []);
    t.equal(await store.relations.getMute(c.id, a.id), undefined);
    t.same(await store.relations.listDomainBlocks(a.id, { limit: 10 }), []);
    t.equal(await store.relations.getNote(b.id, a.id), undefined);
    t.equal(await store.relations.countPins(a.id), 0);
  });
};
export default suite;
