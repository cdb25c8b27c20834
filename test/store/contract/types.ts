import type { Test } from 'tap';
import type { Store } from '../../../src/store/port.js';

/** A fresh, empty, migrated store per call; the runner closes and discards it. */
export type StoreFactory = () => Promise<Store>;

/** tap's Test, as far as the contract suites use it. */
export type T = Test;

/** One contract suite per aggregate: `(t, fresh) => void` registers subtests on t. */
export type ContractSuite = (t: T, fresh: StoreFactory) => void;
