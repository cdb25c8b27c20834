import { StoreConflict, type IdentityLink } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';
import { putUser } from './fixtures.js';

let seq = 0;

function link(userId: string, over: Partial<IdentityLink> = {}): IdentityLink {
  const n = ++seq;
  return {
    id: String(4_000_000 + n), issuer: 'https://login.example/tenant-æø/v2.0', subject: `sub-${n}-ÆØÅ`, userId,
    createdAt: `2026-11-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`, lastSignInAt: null, ...over,
  };
}

/** Everything but transactions: also run by test/store/mongodb-fake-identity-links.test.ts, whose fake driver has none. */
export const repository: ContractSuite = (t, fresh) => {
  t.test('identityLinks: put and get by (issuer, subject) exactly; the pair and the id are unique', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const v = await putUser(store);
    const a = await store.identityLinks.put(link(u.id));
    t.same(await store.identityLinks.get(a.issuer, a.subject), a, 'read back as written, null lastSignInAt kept');
    t.equal(await store.identityLinks.get(a.issuer, a.subject.toLowerCase()), undefined, 'subjects compare exactly (case kept)');
    t.equal(await store.identityLinks.get(`${a.issuer}/`, a.subject), undefined, 'issuers compare exactly');
    const sameSubjectOtherIssuer = await store.identityLinks.put(link(v.id, { issuer: 'https://other.example', subject: a.subject }));
    t.same(await store.identityLinks.get('https://other.example', a.subject), sameSubjectOtherIssuer, 'a subject is per issuer');
    await t.rejects(store.identityLinks.put(link(v.id, { issuer: a.issuer, subject: a.subject })), StoreConflict, 'one person at the provider is one login');
    await t.rejects(store.identityLinks.put(link(v.id, { id: a.id })), StoreConflict, 'an id is one link');
    t.same(await store.identityLinks.get(a.issuer, a.subject), a, 'a refused put changes nothing');
  });

  t.test('identityLinks: listForUser in creation order; touch records a sign-in; delete says whether it removed one', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const v = await putUser(store);
    const late = await store.identityLinks.put(link(u.id, { createdAt: '2026-11-02T00:00:00.000Z' }));
    const early = await store.identityLinks.put(link(u.id, { createdAt: '2026-11-01T00:00:00.000Z' }));
    const other = await store.identityLinks.put(link(v.id));
    t.same(await store.identityLinks.listForUser(u.id), [early, late]);
    await store.identityLinks.touch(early.id, '2026-11-03T08:00:00.000Z');
    t.same(await store.identityLinks.get(early.issuer, early.subject), { ...early, lastSignInAt: '2026-11-03T08:00:00.000Z' });
    t.same(await store.identityLinks.get(other.issuer, other.subject), other, 'others untouched');
    await store.identityLinks.touch('9999999', '2026-11-03T08:00:00.000Z');
    t.equal((await store.identityLinks.listForUser(u.id)).length, 2, 'an unknown id creates nothing');
    t.equal(await store.identityLinks.delete(late.id), true);
    t.equal(await store.identityLinks.delete(late.id), false);
    t.equal(await store.identityLinks.get(late.issuer, late.subject), undefined);
    t.same((await store.identityLinks.listForUser(u.id)).map((l) => l.id), [early.id]);
  });

  t.test('identityLinks: deleting a user unlinks it, and only it', async (t) => {
    const store = await fresh();
    const u = await putUser(store);
    const v = await putUser(store);
    const a = await store.identityLinks.put(link(u.id));
    const b = await store.identityLinks.put(link(v.id));
    t.equal(await store.users.delete(u.id), true);
    t.equal(await store.identityLinks.get(a.issuer, a.subject), undefined, 'the link went with its user');
    t.same(await store.identityLinks.listForUser(u.id), []);
    t.same(await store.identityLinks.listForUser(v.id), [b]);
  });
};

const transactions: ContractSuite = (t, fresh) => {
  t.test('identityLinks: a put inside a failed transaction is rolled back', async (t) => {
    const store = await fresh();
    const v = await putUser(store);
    const added = link(v.id);
    await t.rejects(store.transaction(async (tx) => {
      await tx.identityLinks.put(added);
      t.same(await tx.identityLinks.get(added.issuer, added.subject), added, 'visible inside');
      throw new Error('roll back');
    }), /roll back/);
    t.equal(await store.identityLinks.get(added.issuer, added.subject), undefined, 'rolled back');
  });
};

const suite: ContractSuite = (t, fresh) => {
  repository(t, fresh);
  transactions(t, fresh);
};
export default suite;
