import t from 'tap';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../helpers/config.js';
import { runContract } from './run-contract.js';

// A real file per store (WAL and foreign keys behave as in production), in a temp dir.
const dir = tempDir(t, 'samspil-contract-');
let n = 0;
runContract(t, 'sqlite', () => openSqliteStore({ path: join(dir, `store-${++n}.sqlite`) }));
