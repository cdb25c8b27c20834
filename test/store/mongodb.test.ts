import t from 'tap';
import { MongoClient } from 'mongodb';
import type { Store } from '../../src/store/port.js';
import { openMongoStore } from '../../src/store/mongodb/index.js';
import { runContract } from './run-contract.js';

/**
 * The same contract suites as sqlite.test.ts, against a real MongoDB replica set named by
 * MONGODB_URI (e.g. MONGODB_URI='mongodb://127.0.0.1:27017/?replicaSet=rs0' npm test). Each store
 * the suites open gets its own database, dropped when the store is closed. Without MONGODB_URI
 * nothing runs and the file says so as a skip, never as a pass.
 */
const uri = process.env.MONGODB_URI;

if (!uri) {
  t.comment('mongodb contract suite skipped: MONGODB_URI not set');
  t.test('mongodb contract suite', { skip: 'mongodb contract suite skipped: MONGODB_URI not set' }, () => {});
} else {
  // Every fresh store creates its collections and indexes over the network: more than the
  // project's per-file default of 120 s on a slow server.
  t.setTimeout(900_000);
  const admin = new MongoClient(uri);
  t.teardown(() => admin.close());
  const run = `samspil_contract_${process.pid}_${Date.now().toString(36)}`;
  let n = 0;
  runContract(t, 'mongodb', async (): Promise<Store> => {
    const dbName = `${run}_${++n}`;
    const store = await openMongoStore({ uri, dbName });
    const close = store.close.bind(store);
    return Object.assign(store, {
      close: async () => {
        await admin.db(dbName).dropDatabase();
        await close();
      },
    });
  });
}
