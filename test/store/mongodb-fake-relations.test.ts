import t from 'tap';
import type { Store } from '../../src/store/port.js';
import { MongoActors } from '../../src/store/mongodb/actors.js';
import { MongoRelations } from '../../src/store/mongodb/relations.js';
import suite from './contract/relations.js';
import { fakeMongoCtx } from '../helpers/fake-mongo.js';

/**
 * The relations contract suite against the MongoDB repository over the in-memory fake driver
 * (test/helpers/fake-mongo.ts): checks the adapter's filters, paging, upserts and unique indexes.
 * Not a MongoDB test: the real one is mongodb.test.ts with MONGODB_URI.
 */
function fakeStore(): Store {
  const ctx = fakeMongoCtx();
  return { actors: new MongoActors(ctx), relations: new MongoRelations(ctx), close: async () => {} } as unknown as Store;
}

t.test('mongodb (in-memory fake driver) contract: relations', async (t) => {
  suite(t, async () => fakeStore());
});
