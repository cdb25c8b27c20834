import type { ActorRepository } from './port/actors.js';
import type { UserRepository } from './port/users.js';
import type { TokenRepository } from './port/tokens.js';
import type { WebSessionRepository } from './port/web-sessions.js';
import type { IdentityLinkRepository } from './port/identity-links.js';
import type { SolutionDraftRepository } from './port/solution-drafts.js';
import type { PushSubscriptionRepository } from './port/push-subscriptions.js';
import type { NodeLeaseRepository } from './port/node-leases.js';
import type { CounterRepository } from './port/counters.js';
import type { StreamEventRepository } from './port/stream-events.js';
import type { MediaFileRepository } from './port/media-files.js';
import type { AccountLinkRepository } from './port/account-links.js';
import type { RelationRepository } from './port/relations.js';
import type { ObjectRepository } from './port/objects.js';
import type { MetaRepository } from './port/meta.js';
import type { DomainPolicyRepository } from './port/domain-policies.js';
import type { AuditRepository } from './port/audit.js';
import type { ReportRepository } from './port/reports.js';
import type { JobRepository, DeliveryHostRepository } from './port/jobs.js';
import type { FollowRepository } from './port/follows.js';
import type { ActivityRepository } from './port/activities.js';
import type { OAuthAppRepository, AuthorizationCodeRepository } from './port/oauth.js';
import type { MarkerRepository } from './port/markers.js';
import type { UserSettingsRepository } from './port/user-settings.js';
import type { ListRepository } from './port/lists.js';
import type { FilterRepository } from './port/filters.js';
import type { MediaRepository } from './port/media.js';
import type { SolutionRepository } from './port/solutions.js';
import type { TransferRepository } from './port/transfer.js';
import type { StatusRepository } from './port/statuses.js';
import type { NotificationRepository } from './port/notifications.js';
import type { AgencyFeedRepository, RelayRepository } from './port/network.js';

export type * from './port/actors.js';
export type * from './port/users.js';
export type * from './port/tokens.js';
export type * from './port/web-sessions.js';
export type * from './port/identity-links.js';
export type * from './port/solution-drafts.js';
export type * from './port/push-subscriptions.js';
export type * from './port/node-leases.js';
export type * from './port/counters.js';
export type * from './port/stream-events.js';
export type * from './port/media-files.js';
export type * from './port/account-links.js';
export type * from './port/relations.js';
export type * from './port/objects.js';
export type * from './port/meta.js';
export type * from './port/domain-policies.js';
export type * from './port/audit.js';
export type * from './port/reports.js';
export type * from './port/jobs.js';
export type * from './port/follows.js';
export type * from './port/activities.js';
export type * from './port/oauth.js';
export type * from './port/markers.js';
export type * from './port/user-settings.js';
export type * from './port/lists.js';
export type * from './port/filters.js';
export type * from './port/media.js';
export type * from './port/solutions.js';
export type * from './port/transfer.js';
export { RECORD_KINDS, RECORD_KEYS } from './port/transfer.js';
export type * from './port/statuses.js';
export type * from './port/notifications.js';
export type * from './port/network.js';

/**
 * The one storage port. Adapters (store/sqlite, store/mongodb) implement every repository; the
 * contract suite in test/store/contract proves they behave alike. Nothing outside src/main.ts and
 * the CLI's store opener knows which adapter runs.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly actors: ActorRepository;
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly webSessions: WebSessionRepository;
  /** Logins' links to accounts at the OpenID Connect provider (single sign-on). */
  readonly identityLinks: IdentityLinkRepository;
  readonly objects: ObjectRepository;
  readonly meta: MetaRepository;
  readonly domainPolicies: DomainPolicyRepository;
  readonly audit: AuditRepository;
  readonly reports: ReportRepository;
  readonly jobs: JobRepository;
  readonly deliveryHosts: DeliveryHostRepository;
  readonly follows: FollowRepository;
  readonly activities: ActivityRepository;
  readonly oauthApps: OAuthAppRepository;
  readonly authorizationCodes: AuthorizationCodeRepository;
  readonly markers: MarkerRepository;
  readonly userSettings: UserSettingsRepository;
  readonly lists: ListRepository;
  /** Content filters (Mastodon's filters v2) with their keywords and statuses. */
  readonly filters: FilterRepository;
  readonly media: MediaRepository;
  /** Solutions' structured fields, revisions, adoptions and the catalogue search. */
  readonly solutions: SolutionRepository;
  /** Drafts waiting for a publisher: never read by anything that publishes or serves. */
  readonly solutionDrafts: SolutionDraftRepository;
  /** Web Push subscriptions of access tokens. */
  readonly pushSubscriptions: PushSubscriptionRepository;
  /** Node numbers of running processes (the node bits of ids). Not copied between stores. */
  readonly nodeLeases: NodeLeaseRepository;
  /** Rate limits and login-failure windows shared by every process. Not copied between stores. */
  readonly counters: CounterRepository;
  /** The streaming events outbox (see the port). Not copied between stores. */
  readonly streamEvents: StreamEventRepository;
  /** The bytes of uploads (their rows are `media`). */
  readonly mediaFiles: MediaFileRepository;
  /** One-time links (invitations, password resets), stored as hashes. */
  readonly accountLinks: AccountLinkRepository;
  /** Blocks, mutes, domain blocks, account notes and pinned posts. */
  readonly relations: RelationRepository;
  /** Every record of every kind, for copying an instance to another store. */
  readonly transfer: TransferRepository;
  readonly statuses: StatusRepository;
  readonly notifications: NotificationRepository;
  /** Relays the instance subscribes to (FEP-ae0c). */
  readonly relays: RelayRepository;
  /** Agencies a staff member left out of the agency feed in their home. */
  readonly agencyFeed: AgencyFeedRepository;
  /**
   * Runs `fn` atomically: everything it writes through `tx` commits together or not at all.
   * Writes through the outer store made by others wait until it ends.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Applies pending migrations/indexes; returns their names. */
  migrate(): Promise<string[]>;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A unique key (uri, username, activity id...) is already taken. */
export class StoreConflict extends Error {
  override name = 'StoreConflict';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`store conflict: ${what}`, options);
  }
}
