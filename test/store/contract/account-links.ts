import { StoreConflict, type AccountLink } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

let seq = 0;

function link(userId: string, over: Partial<AccountLink> = {}): AccountLink {
  const n = ++seq;
  return {
    id: String(4_000_000 + n), tokenHash: `link-hash-${n}`, purpose: 'invite', userId, createdBy: 'søren',
    createdAt: `2026-11-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`, expiresAt: '2026-11-08T10:00:00.000Z', usedAt: null, ...over,
  };
}

/** Everything but transactions: also run by test/store/mongodb-fake-account-links.test.ts, whose fake driver has none. */
export const repository: ContractSuite = (t, fresh) => {
  t.test('accountLinks: put/get by hash, one use only, not after expiry, voided by a newer link, sweep, cascade with the user', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const other = await putUser(store);
    const a = await store.accountLinks.put(link(u.id));
    const b = await store.accountLinks.put(link(u.id, { purpose: 'reset', expiresAt: '2026-11-01T11:00:00.000Z' }));
    const c = await store.accountLinks.put(link(other.id));
    t.same(await store.accountLinks.getByTokenHash(a.tokenHash), a, 'read back as written');
    t.equal(await store.accountLinks.getByTokenHash('no-such-hash'), undefined);
    await t.rejects(store.accountLinks.put(link(u.id, { tokenHash: a.tokenHash })), StoreConflict, 'a token hash is one link');
    t.same((await store.accountLinks.listForUser(u.id)).map((l) => l.id), [b.id, a.id], 'newest first');

    t.equal(await store.accountLinks.consume(b.id, '2026-11-01T11:00:00.000Z'), undefined, 'not at its expiry');
    t.equal((await store.accountLinks.getByTokenHash(b.tokenHash))?.usedAt, null, 'a refused use changes nothing');
    const used = await store.accountLinks.consume(a.id, '2026-11-02T00:00:00.000Z');
    t.equal(used?.usedAt, '2026-11-02T00:00:00.000Z', 'used before it expires');
    t.equal(await store.accountLinks.consume(a.id, '2026-11-02T00:00:01.000Z'), undefined, 'a second use loses');
    t.equal(await store.accountLinks.consume('404', '2026-11-02T00:00:00.000Z'), undefined, 'unknown id');

    t.equal(await store.accountLinks.voidForUser(u.id, '2026-11-03T00:00:00.000Z'), 1, 'only the unused link is voided');
    t.equal((await store.accountLinks.getByTokenHash(b.tokenHash))?.usedAt, '2026-11-03T00:00:00.000Z');
    t.equal((await store.accountLinks.getByTokenHash(a.tokenHash))?.usedAt, '2026-11-02T00:00:00.000Z', 'a used link keeps when it was used');
    t.equal((await store.accountLinks.getByTokenHash(c.tokenHash))?.usedAt, null, 'another user keeps theirs');

    t.equal(await store.accountLinks.deleteExpired('2026-11-01T11:00:00.000Z'), 1, 'the sweep takes what expired');
    t.equal(await store.accountLinks.getByTokenHash(b.tokenHash), undefined);
    t.ok(await store.users.delete(u.id));
    t.same(await store.accountLinks.listForUser(u.id), [], 'deleting the user deletes its links');
    t.equal((await store.accountLinks.listForUser(other.id)).length, 1);
  });
};

const suite: ContractSuite = (t, fresh) => {
  repository(t, fresh);
  t.test('accountLinks: consume inside a transaction, rolled back with it', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const l = await store.accountLinks.put(link(u.id));
    await t.rejects(store.transaction(async (tx) => {
      t.ok(await tx.accountLinks.consume(l.id, '2026-11-02T00:00:00.000Z'));
      throw new Error('the password write failed');
    }));
    t.equal((await store.accountLinks.getByTokenHash(l.tokenHash))?.usedAt, null, 'a failed redemption leaves the link usable');
    const used = await store.transaction((tx) => tx.accountLinks.consume(l.id, '2026-11-02T00:00:00.000Z'));
    t.ok(used?.usedAt);
  });
};

export default suite;
