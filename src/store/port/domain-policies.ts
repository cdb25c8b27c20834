/** What we do with a remote domain (and its subdomains). */
export type DomainAction = 'block' | 'silence' | 'allow';

export interface DomainPolicy {
  domain: string;
  action: DomainAction;
  /** Shown to admins; may be published later. */
  reason: string | null;
  createdAt: string;
  /** Username of the admin, or `cli`. */
  createdBy: string;
}

export interface DomainPolicyRepository {
  /** Inserts or replaces the policy for that exact domain. */
  upsert(policy: DomainPolicy): Promise<void>;
  /** Returns whether a policy was removed. */
  remove(domain: string): Promise<boolean>;
  get(domain: string): Promise<DomainPolicy | undefined>;
  list(): Promise<DomainPolicy[]>;
}
