import type { Database } from 'better-sqlite3';
import type { DomainPolicy, DomainPolicyRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteDomainPolicies implements DomainPolicyRepository {
  readonly t: Table<DomainPolicy>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<DomainPolicy>(db, 'domain_policies', { domain: 'text', action: 'text', reason: 'text', createdAt: 'text', createdBy: 'text' });
  }
  upsert(policy: DomainPolicy) {
    return this.run(() => {
      this.t.stmt('DELETE FROM domain_policies WHERE domain = ?').run(policy.domain);
      this.t.insert(policy);
    });
  }
  remove(domain: string) { return this.run(() => this.t.stmt('DELETE FROM domain_policies WHERE domain = ?').run(domain).changes > 0); }
  get(domain: string) { return this.run(() => this.t.get('domain = ?', domain)); }
  list() { return this.run(() => this.t.all('1 ORDER BY domain')); }
}
