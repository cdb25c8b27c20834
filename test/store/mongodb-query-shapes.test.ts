import t from 'tap';
import { INDEXES } from '../../src/store/mongodb/indexes.js';
import { SET_STRING, SHAPES } from '../../src/store/mongodb/query-shapes.js';

/**
 * No MongoDB runs here, so this checks by construction what the server would do: every query the
 * adapter issues against a partial index (the builders in query-shapes.ts, which the adapter
 * calls) names an index that exists, filters on the index's leading field, and implies the
 * index's partial filter as MongoDB decides it ("Partial Indexes", Query Coverage: the query's
 * predicate must be a subset of the filter expression). The rules below are the subset relations
 * the planner knows: an equality or $in of non-empty strings within `{$gt: ''}`, an equality on
 * the literal a filter names, and a filter stated as it is.
 */

type Cond = unknown;

function impliesField(q: Cond, required: Cond): boolean {
  if (JSON.stringify(q) === JSON.stringify(required)) return true;
  if (JSON.stringify(required) === JSON.stringify(SET_STRING)) {
    if (typeof q === 'string') return q.length > 0;
    if (q && typeof q === 'object' && Array.isArray((q as { $in?: unknown }).$in)) {
      const list = (q as { $in: unknown[] }).$in;
      return list.length > 0 && list.every((v) => typeof v === 'string' && v.length > 0);
    }
    return false;
  }
  // A literal in the filter ({state: 'running'}): only the same equality implies it.
  return typeof required !== 'object' && q === required;
}

t.test('every query on a partial index can use it', async (t) => {
  for (const [name, s] of Object.entries(SHAPES)) {
    const filter = (s.filter as (...a: unknown[]) => Record<string, unknown>)(...(s.example as unknown[]));
    const index = (INDEXES[s.collection] ?? []).find((i) => i.name === s.index);
    t.ok(index, `${name}: ${s.collection}.${s.index} exists`);
    if (!index) continue;
    const leading = Object.keys(index.key)[0]!;
    t.ok(leading in filter, `${name}: filters on the index's leading field ${leading}`);
    const partial = index.partialFilterExpression as Record<string, Cond> | undefined;
    t.ok(partial, `${name}: ${s.index} is a partial index (why it is in the table)`);
    for (const [field, required] of Object.entries(partial ?? {})) {
      t.ok(impliesField(filter[field], required), `${name}: ${JSON.stringify(filter[field])} implies ${field} ${JSON.stringify(required)}`);
    }
  }
});

t.test('no partial index filters on $type alone, which equalities do not obviously imply', async (t) => {
  for (const [collection, specs] of Object.entries(INDEXES)) {
    for (const spec of specs) {
      const json = JSON.stringify(spec.partialFilterExpression ?? {});
      t.notMatch(json, /\$type/, `${collection}.${spec.name}`);
    }
  }
});

t.test('the checker itself: wrong shapes are caught', async (t) => {
  t.notOk(impliesField({ $ne: null }, SET_STRING), '$ne null does not imply a set string');
  t.notOk(impliesField({ $type: 'string' }, SET_STRING), '$type string allows the empty string');
  t.notOk(impliesField('', SET_STRING), 'an empty string is not set');
  t.notOk(impliesField(undefined, SET_STRING), 'no condition implies nothing');
  t.notOk(impliesField('pending', 'running'), 'another literal');
  t.ok(impliesField({ $in: ['a', 'b'] }, SET_STRING));
});
