import { StoreConflict, RECORD_KINDS } from '../../../src/store/port.js';
import { copyStore, verifyCopy } from '../../../src/store/copy.js';
import { populateEveryKind } from '../../helpers/populate.js';
import type { ContractSuite } from './types.js';

const suite: ContractSuite = (t, fresh) => {
  t.test('transfer: pages cover every record once, in pages of the asked size; records are the port records', async (t) => {
    const store = await fresh();
    await populateEveryKind(store, 7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await store.transfer.page('audit', cursor, 3);
      t.ok(page.records.length <= 3);
      seen.push(...page.records.map((r) => r.id as string));
      cursor = page.next;
      pages++;
    } while (cursor !== null && pages < 10);
    t.equal(new Set(seen).size, 7, 'each once');
    t.equal(await store.transfer.count('audit'), 7);
    const [marker] = (await store.transfer.page('markers', null, 10)).records.filter((m) => m.timeline === 'home');
    t.same(marker, (await store.markers.get(marker!.userId as string, ['home']))[0], 'composite-key records read as the repository returns them');
    const [actor] = (await store.transfer.page('actors', null, 1)).records;
    t.same(actor, await store.actors.getById(actor!.id as string));
    const sessions = (await store.transfer.page('webSessions', null, 10)).records;
    t.equal(sessions.length, 2);
    for (const s of sessions) t.same(s, await store.webSessions.getBySecretHash(s.secretHash as string), 'web sessions read as the repository returns them');
  });

  t.test('transfer: insert keeps keys and refuses one that exists; a copy into a fresh store verifies', async (t) => {
    const from = await fresh();
    await populateEveryKind(from, 3);
    const to = await fresh();
    await copyStore(from, to);
    for (const kind of RECORD_KINDS) t.equal(await to.transfer.count(kind), await from.transfer.count(kind), kind);
    t.ok((await verifyCopy(from, to)).ok);
    const found = await to.solutions.search({ text: 'påmind', tag: ['jobcenter'], limit: 10, offset: 0 });
    t.equal(found.total, 1, 'the copy is searchable: what search derives is rebuilt on insert');
    t.same(found.facets.maturity, [{ value: 'in-use', count: 1 }]);
    const { records } = await from.transfer.page('objects', null, 1);
    await t.rejects(to.transfer.insert('objects', records), StoreConflict);
  });
};
export default suite;
