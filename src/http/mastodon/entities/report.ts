import { createHash } from 'node:crypto';
import type { Actor, DomainPolicy, Report, User } from '../../../store/port.js';
import type { Urls } from '../../../urls.js';
import { serializeAccount, type MastodonAccount } from './account.js';

/** The Report entity a reporting user sees (POST /api/v1/reports). */
export function serializeReport(urls: Urls, report: Report, target: Actor, statusIds: string[]) {
  return {
    id: report.id,
    action_taken: report.resolvedAt !== null,
    action_taken_at: report.resolvedAt,
    category: report.category,
    comment: report.comment,
    forwarded: report.forwardedAt !== null,
    created_at: report.createdAt,
    status_ids: statusIds,
    rule_ids: [] as string[],
    target_account: serializeAccount(urls, target),
  };
}

export interface MastodonAdminAccount {
  id: string;
  username: string;
  domain: string | null;
  created_at: string;
  email: string;
  ip: null;
  ips: never[];
  locale: string | null;
  invite_request: null;
  role: { id: string; name: string; permissions: string; color: string; highlighted: boolean } | null;
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  silenced: boolean;
  suspended: boolean;
  account: MastodonAccount;
}

/** Admin::Account. We keep no sign-up IPs, so those fields are empty rather than invented. */
export function serializeAdminAccount(urls: Urls, actor: Actor, user: User | undefined): MastodonAdminAccount {
  return {
    id: actor.id,
    username: actor.username,
    domain: actor.domain,
    created_at: actor.createdAt,
    email: user?.email ?? '',
    ip: null,
    ips: [],
    locale: null,
    invite_request: null,
    role: user ? { id: user.role === 'admin' ? '3' : user.role === 'moderator' ? '1' : '-99', name: user.role === 'user' ? '' : user.role === 'admin' ? 'Admin' : 'Moderator', permissions: '0', color: '', highlighted: user.role !== 'user' } : null,
    confirmed: true,
    approved: true,
    disabled: !!user?.disabledAt,
    silenced: false,
    suspended: actor.suspendedAt !== null,
    account: serializeAccount(urls, actor),
  };
}

/** Admin::Report. */
export function serializeAdminReport(
  urls: Urls,
  report: Report,
  parts: { reporter: Actor; reporterUser?: User; target: Actor; targetUser?: User; statusIds: string[] },
) {
  return {
    id: report.id,
    action_taken: report.resolvedAt !== null,
    action_taken_at: report.resolvedAt,
    category: report.category,
    comment: report.comment,
    forwarded: report.forwardedAt !== null,
    created_at: report.createdAt,
    updated_at: report.resolvedAt ?? report.forwardedAt ?? report.createdAt,
    account: serializeAdminAccount(urls, parts.reporter, parts.reporterUser),
    target_account: serializeAdminAccount(urls, parts.target, parts.targetUser),
    assigned_account: null,
    action_taken_by_account: null,
    statuses: [] as unknown[],
    status_ids: parts.statusIds,
    rules: [] as unknown[],
    // Samspil: what the moderator wrote on resolving, and the remote Flag it came from.
    resolution: report.resolution,
    remote_flag_uri: report.remoteFlagUri,
  };
}

/** Ids of domain blocks/allows are the domain itself: a policy exists at most once per domain. */
export function serializeDomainBlock(p: DomainPolicy) {
  return {
    id: p.domain,
    domain: p.domain,
    digest: createHash('sha256').update(p.domain).digest('hex'),
    created_at: p.createdAt,
    severity: p.action === 'block' ? 'suspend' : 'silence',
    reject_media: p.action === 'block',
    reject_reports: p.action === 'block',
    private_comment: p.reason,
    public_comment: null,
    obfuscate: false,
  };
}

export function serializeDomainAllow(p: DomainPolicy) {
  return { id: p.domain, domain: p.domain, created_at: p.createdAt };
}
