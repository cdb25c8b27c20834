import type { Store } from './port.js';

/** Store calls seen by a counting store: the total and per `repository.method`. */
export interface StoreCallCounter {
  readonly total: number;
  readonly byMethod: ReadonlyMap<string, number>;
  reset(): void;
}

/** Top-level members that are not repositories and do not read records. */
const NOT_COUNTED = new Set<PropertyKey>(['kind', 'close', 'db', 'then']);

/**
 * The store with every port call counted (one call = one store query as the port sees it, on either
 * adapter). For tests and the bench, which want "how many queries does this page cost" without
 * timing anything; the app itself never wraps its store, so the counting is off the hot path.
 * Transactions hand out a counting view too.
 */
export function countingStore(store: Store): { store: Store; counter: StoreCallCounter } {
  let total = 0;
  const byMethod = new Map<string, number>();
  const count = (name: string) => {
    total++;
    byMethod.set(name, (byMethod.get(name) ?? 0) + 1);
  };
  const counter: StoreCallCounter = {
    get total() { return total; },
    get byMethod() { return byMethod; },
    reset() { total = 0; byMethod.clear(); },
  };
  const repoProxies = new WeakMap<object, object>();
  const wrapRepo = (name: string, repo: object): object => {
    let p = repoProxies.get(repo);
    if (!p) {
      p = new Proxy(repo, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver);
          if (typeof v !== 'function' || typeof prop !== 'string') return v;
          return (...args: unknown[]) => {
            count(`${name}.${prop}`);
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      repoProxies.set(repo, p);
    }
    return p;
  };
  const views = new WeakMap<Store, Store>();
  const wrap = (s: Store): Store => {
    let view = views.get(s);
    if (view) return view;
    view = new Proxy(s, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (NOT_COUNTED.has(prop) || typeof prop !== 'string') return v;
        if (prop === 'transaction') {
          return <T>(fn: (tx: Store) => Promise<T>) => target.transaction((tx) => fn(wrap(tx)));
        }
        if (typeof v === 'function') {
          return (...args: unknown[]) => {
            count(prop);
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return v && typeof v === 'object' ? wrapRepo(prop, v) : v;
      },
    });
    views.set(s, view);
    return view;
  };
  return { store: wrap(store), counter };
}
