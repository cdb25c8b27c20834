import type { ContractSuite } from './types.js';
import { putActor } from './fixtures.js';
import type { MediaAttachment } from '../../../src/store/port.js';
import { StoreConflict } from '../../../src/store/port.js';

let n = 0;
const media = (ownerActorId: string, over: Partial<MediaAttachment> = {}): MediaAttachment => {
  n++;
  return {
    id: String(1000 + n), ownerActorId, fileName: `f${n}.png`, contentType: 'image/png', kind: 'image', size: 10 + n, width: 4, height: 3,
    description: null, focusX: 0, focusY: 0, objectId: null, createdAt: '2026-01-01T00:00:00.000Z', ...over,
  };
};

const suite: ContractSuite = (t, fresh) => {
  t.test('media: put/get/update; attach binds only the owner\'s unattached uploads; erasure returns what it removed', async (t) => {
    const store = await fresh();
    const a = await putActor(store);
    const b = await putActor(store);
    const m1 = await store.media.put(media(a.id, { description: 'chart', focusX: -0.5, focusY: 0.25 }));
    t.same(await store.media.getById(m1.id), m1, 'round trip, fractional focus included');
    t.equal(m1.focusX, -0.5);
    const m2 = await store.media.put(media(a.id, { kind: 'document', contentType: 'application/pdf', width: null, height: null }));
    const other = await store.media.put(media(b.id));
    await t.rejects(store.media.put(media(a.id, { fileName: m1.fileName })), StoreConflict, 'file names are unique');
    t.equal(await store.media.getById('42'), undefined);

    t.equal((await store.media.update(m1.id, { description: 'bar chart' }))?.description, 'bar chart');
    t.equal(await store.media.update('42', { description: 'x' }), undefined);

    t.equal(await store.media.attach([m1.id, m2.id, other.id], a.id, 'obj1'), 2, "b's upload is not a's to attach");
    t.equal(await store.media.attach([m1.id], a.id, 'obj2'), 0, 'an upload is used once');
    t.equal(await store.media.attach([], a.id, 'obj2'), 0);
    t.same((await store.media.listByObject('obj1')).map((m) => m.id), [m1.id, m2.id]);
    t.same((await store.media.listByOwner(b.id)).map((m) => m.id), [other.id]);

    const m3 = await store.media.put(media(a.id));
    await store.media.attach([m3.id], a.id, 'obj3');
    t.equal(await store.media.reassignObject('obj3', b.id), 1, 'the uploads of one object change hands');
    t.equal((await store.media.getById(m3.id))?.ownerActorId, b.id);
    t.equal(await store.media.reassignObject('none', b.id), 0);
    const first = await store.media.deleteByOwner(a.id, 1);
    t.equal(first.length, 1, 'a bounded call removes at most its limit, and returns those');
    t.equal(await store.media.getById(first[0]!.id), undefined);
    const removed = [...first, ...(await store.media.deleteByOwner(a.id, 5))];
    t.same(removed.map((m) => m.fileName).sort(), [m1.fileName, m2.fileName].sort());
    t.same(await store.media.deleteByOwner(a.id, 5), []);
    t.same(await store.media.listByOwner(a.id), []);
    t.ok(await store.media.getById(other.id), "b's upload stays");
  });
};
export default suite;
