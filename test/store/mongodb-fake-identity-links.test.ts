import t from 'tap';
import type { Store } from '../../src/store/port.js';
import { MongoActors } from '../../src/store/mongodb/actors.js';
import { MongoUsers } from '../../src/store/mongodb/users.js';
import { MongoIdentityLinks } from '../../src/store/mongodb/identity-links.js';
import { repository } from './contract/identity-links.js';
import { fakeMongoCtx } from '../helpers/fake-mongo.js';

/**
 * The identity links contract suite, less its transaction test, against the MongoDB repositories
 * over the in-memory fake driver (test/helpers/fake-mongo.ts): checks the adapter's filters, sort,
 * the unique (issuer, subject) index and the users.delete cascade. Not a MongoDB test: the real one
 * is mongodb.test.ts with MONGODB_URI.
 */
function fakeStore(): Store {
  const ctx = fakeMongoCtx();
  return { actors: new MongoActors(ctx), users: new MongoUsers(ctx), identityLinks: new MongoIdentityLinks(ctx) } as unknown as Store;
}

t.test('mongodb (in-memory fake driver) contract: identityLinks', async (t) => {
  repository(t, async () => fakeStore());
});
