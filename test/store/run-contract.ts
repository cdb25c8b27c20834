import type { Store } from '../../src/store/port.js';
import { SUITES } from './contract/index.js';
import type { T } from './contract/types.js';

/** Runs every contract suite against one adapter; each test gets its own fresh store, closed afterwards. */
export function runContract(t: T, adapter: string, open: () => Promise<Store>): void {
  for (const [name, suite] of Object.entries(SUITES)) {
    t.test(`${adapter} contract: ${name}`, async (t) => {
      const opened: Store[] = [];
      t.teardown(async () => {
        for (const s of opened) await s.close();
      });
      suite(t, async () => {
        const s = await open();
        opened.push(s);
        return s;
      });
    });
  }
}
