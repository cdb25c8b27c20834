import type { Database } from 'better-sqlite3';
import type { NodeLease, NodeLeaseRepository } from '../port.js';
import type { Runner } from './gate.js';

export class SqliteNodeLeases implements NodeLeaseRepository {
  constructor(private readonly db: Database, private readonly run: Runner) {}

  claim(owner: string, now: string, leaseUntil: string, max: number, preferred?: number) {
    return this.run(() => this.db.transaction(() => {
      const held = new Set((this.db.prepare('SELECT node_id AS n FROM node_leases WHERE lease_until > ? AND owner <> ?').all(now, owner) as Array<{ n: number }>).map((r) => r.n));
      let pick: number | undefined;
      if (preferred !== undefined && preferred >= 0 && preferred < max && !held.has(preferred)) pick = preferred;
      for (let n = 0; pick === undefined && n < max; n++) if (!held.has(n)) pick = n;
      if (pick === undefined) return undefined;
      this.db.prepare('INSERT INTO node_leases (node_id, owner, lease_until) VALUES (?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until').run(pick, owner, leaseUntil);
      return pick;
    }).immediate());
  }
  renew(nodeId: number, owner: string, leaseUntil: string) {
    return this.run(() => this.db.prepare('UPDATE node_leases SET lease_until = ? WHERE node_id = ? AND owner = ?').run(leaseUntil, nodeId, owner).changes === 1);
  }
  release(nodeId: number, owner: string) {
    return this.run(() => void this.db.prepare('DELETE FROM node_leases WHERE node_id = ? AND owner = ?').run(nodeId, owner));
  }
  list() {
    return this.run(() => (this.db.prepare('SELECT node_id AS nodeId, owner, lease_until AS leaseUntil FROM node_leases ORDER BY node_id').all() as NodeLease[]));
  }
}
