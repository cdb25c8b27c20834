import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { MAX_NODES, currentNodeId, setNodeId } from '../../ids.js';
import type { Store } from '../../store/port.js';
import type { Logger } from '../../log.js';

const LEASE_MS = 90_000;
const RENEW_MS = 30_000;

export interface NodeIdLease {
  nodeId: number;
  /** Stops renewing and frees the number (graceful stop). */
  release(): Promise<void>;
}

/**
 * Leases a node number from the store for this process and keeps it while the process runs: the
 * node bits of every id it makes (src/ids.ts). A process that dies frees its number when the
 * lease runs out (90 s). If a renewal finds the number taken (this process was paused past its
 * lease), it leases a number again before making more ids.
 *
 * Ids are made by one process-wide generator, so a second store opened in the same process (tests
 * run several instances) asks for the number already in use; another number there is logged.
 */
export async function leaseNodeId(store: Store, log?: Logger, now: () => Date = () => new Date()): Promise<NodeIdLease> {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const until = () => new Date(now().getTime() + LEASE_MS).toISOString();
  const claim = async (): Promise<number> => {
    const preferred = currentNodeId();
    const n = await store.nodeLeases.claim(owner, now().toISOString(), until(), MAX_NODES, preferred);
    if (n === undefined) throw new Error(`all ${MAX_NODES} node numbers of this store are held by running processes`);
    if (n !== preferred) {
      if (preferred !== 0) log?.warn({ preferred, got: n }, 'this process makes ids for two stores with different node numbers');
      setNodeId(n);
    }
    return n;
  };
  let nodeId = await claim();
  let stopped = false;
  const timer = setInterval(() => {
    void (async () => {
      if (stopped) return;
      try {
        if (!(await store.nodeLeases.renew(nodeId, owner, until()))) {
          log?.warn({ nodeId }, 'the node number lease was lost; leasing one again');
          nodeId = await claim();
        }
      } catch (e) {
        log?.warn({ err: e }, 'renewing the node number lease failed; retrying');
      }
    })();
  }, RENEW_MS);
  timer.unref();
  return {
    get nodeId() { return nodeId; },
    async release() {
      stopped = true;
      clearInterval(timer);
      await store.nodeLeases.release(nodeId, owner).catch(() => undefined);
    },
  };
}
