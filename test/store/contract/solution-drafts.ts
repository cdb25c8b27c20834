import type { SolutionDraft } from '../../../src/store/port.js';
import type { ContractSuite } from './types.js';

let seq = 0;

function draft(authorId: string, over: Partial<SolutionDraft> = {}): SolutionDraft {
  const n = ++seq;
  return {
    id: String(3_000_000 + n), solutionId: null, authorId, body: { title: `Udkast ${n}`, language: 'da', nested: { æ: [1, 2.5, null] } },
    title: `Udkast ${n}`, state: 'pending', comment: null, reviewerId: null, createdAt: '2026-11-01T10:00:00.000Z',
    submittedAt: `2026-11-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`, decidedAt: null, publishedId: null, ...over,
  };
}

const suite: ContractSuite = (t, fresh) => {
  t.test('solution drafts: put/get, compare-and-set transitions, lists in order, counts, erasure', async (t) => {
    const store = await fresh();
    const a = draft('501', { submittedAt: '2026-11-01T10:00:01.000Z' });
    const b = draft('501', { submittedAt: '2026-11-01T10:00:02.000Z', solutionId: '77' });
    const c = draft('502', { submittedAt: '2026-11-01T10:00:00.500Z' });
    for (const d of [a, b, c]) await store.solutionDrafts.put(d);
    t.same(await store.solutionDrafts.getById(a.id), a, 'read back as written, body included');
    t.equal(await store.solutionDrafts.getById('1'), undefined);
    t.same((await store.solutionDrafts.listByAuthor('501', 10)).map((d) => d.id), [b.id, a.id], 'an author sees newest first');
    t.same((await store.solutionDrafts.listByState('pending', 10)).map((d) => d.id), [c.id, a.id, b.id], 'the queue is oldest first');
    t.same((await store.solutionDrafts.listByState('pending', 2)).map((d) => d.id), [c.id, a.id], 'limited');
    t.equal(await store.solutionDrafts.countByState('pending'), 3);

    const returned = await store.solutionDrafts.transition(a.id, 'pending', { state: 'returned', comment: 'Mere om resultaterne', reviewerId: '9', decidedAt: '2026-11-02T00:00:00.000Z' });
    t.equal(returned?.state, 'returned');
    t.equal(returned?.comment, 'Mere om resultaterne');
    t.equal(await store.solutionDrafts.transition(a.id, 'pending', { state: 'approved' }), undefined, 'a second decision on the same state loses');
    t.equal((await store.solutionDrafts.getById(a.id))?.state, 'returned', 'and changes nothing');
    t.equal(await store.solutionDrafts.transition('404', 'pending', { state: 'approved' }), undefined, 'unknown id');
    t.equal(await store.solutionDrafts.countByState('pending'), 2);
    t.equal(await store.solutionDrafts.countByState('returned'), 1);

    const inTx = await store.transaction(async (tx) => tx.solutionDrafts.transition(b.id, 'pending', { state: 'approved', publishedId: '77' }));
    t.equal(inTx?.publishedId, '77', 'transitions work inside a transaction');

    t.equal(await store.solutionDrafts.deleteByAuthor('501', 1), 1, 'a bounded call removes at most its limit');
    t.equal(await store.solutionDrafts.deleteByAuthor('501'), 1, 'without a limit, the rest');
    t.same(await store.solutionDrafts.listByAuthor('501', 10), []);
    t.equal((await store.solutionDrafts.getById(c.id))?.id, c.id, 'another author keeps theirs');
  });
};

export default suite;
