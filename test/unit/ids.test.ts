import t from 'tap';
import { newId, idAtTime, isId } from '../../src/ids.js';

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
