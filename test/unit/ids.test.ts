import t from 'tap';
import { MAX_NODES, idAtTime, isId, newId, nodeOfId, setNodeId } from '../../src/ids.js';

t.test('ids sort by creation, as numbers and as equal-length text', async (t) => {
  const ids = Array.from({ length: 5000 }, () => newId());
  for (let i = 1; i < ids.length; i++) {
    if (!(BigInt(ids[i]!) > BigInt(ids[i - 1]!))) t.fail(`id ${i} not increasing`);
  }
  t.equal(new Set(ids).size, ids.length, 'unique');
  t.ok(ids.every((id) => id.length === ids[0]!.length), 'equal length, so text order = numeric order');
  t.ok(ids.every(isId));
});

t.test('a clock that steps back does not reorder ids', async (t) => {
  const later = newId(Date.now() + 10_000);
  const earlier = newId(Date.now());
  t.ok(BigInt(earlier) > BigInt(later));
});

t.test('idAtTime bounds ids made at or after that time', async (t) => {
  const ms = Date.now() + 60_000;
  t.ok(BigInt(newId(ms + 1)) > BigInt(idAtTime(ms)));
  t.notOk(isId('12a'));
  t.notOk(isId(12));
});

t.test('the node bits: ids of two nodes made in the same millisecond differ and keep their width', async (t) => {
  const ms = Date.now() + 120_000;
  setNodeId(3);
  const a = Array.from({ length: 2000 }, () => newId(ms));
  setNodeId(4);
  const b = Array.from({ length: 2000 }, () => newId(ms + 2));
  setNodeId(0);
  t.ok(a.every((id) => nodeOfId(id) === 3) && b.every((id) => nodeOfId(id) === 4), 'each id carries its node');
  t.equal(new Set([...a, ...b]).size, 4000, 'no id twice, even past 1,024 in one millisecond');
  t.ok([...a, ...b].every((id) => id.length === a[0]!.length), 'the same width as before');
  for (let i = 1; i < a.length; i++) if (!(BigInt(a[i]!) > BigInt(a[i - 1]!))) t.fail(`id ${i} not increasing`);
  t.throws(() => setNodeId(MAX_NODES), RangeError);
  t.throws(() => setNodeId(-1), RangeError);
});
