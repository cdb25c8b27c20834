/**
 * Which process holds which node number: the low bits of every id a process makes, so two app
 * nodes (or a node and a CLI run) over one store never make the same id. A lease, renewed while
 * the process lives; a process that dies frees its number when the lease runs out.
 */
export interface NodeLease {
  nodeId: number;
  owner: string;
  leaseUntil: string;
}

export interface NodeLeaseRepository {
  /**
   * Takes `preferred` if it is free or expired, else the lowest free or expired number below
   * `max`; undefined when all are held. Atomic: two processes never get the same number.
   */
  claim(owner: string, now: string, leaseUntil: string, max: number, preferred?: number): Promise<number | undefined>;
  /** Extends the lease; false when `owner` no longer holds it (it expired and someone took it). */
  renew(nodeId: number, owner: string, leaseUntil: string): Promise<boolean>;
  release(nodeId: number, owner: string): Promise<void>;
  list(): Promise<NodeLease[]>;
}
