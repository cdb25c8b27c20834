/**
 * Bulk access for moving an instance between stores (`samspil migrate --from --to`): every record
 * of every kind, as the port's own record types, so any adapter can copy to any other and the copy
 * can be verified record by record. Not for request paths.
 */

/** Every kind of record a store holds, ordered so that what a record refers to is copied first. */
export const RECORD_KINDS = [
  'meta', 'actors', 'users', 'tokens', 'webSessions', 'oauthApps', 'authorizationCodes', 'markers', 'userSettings', 'lists',
  'objects', 'activities', 'follows', 'reports', 'domainPolicies', 'audit', 'jobs', 'deliveryHosts',
  'media', 'solutions', 'solutionRevisions', 'adoptions',
  'bookmarks', 'statusVersions', 'idempotencyKeys', 'notifications', 'postSubscriptions', 'solutionDrafts', 'pushSubscriptions', 'identityLinks', 'blocks', 'mutes', 'domainBlocks', 'accountNotes', 'statusPins', 'relays', 'agencyFeedHidden', 'accountLinks',
  'listMembers', 'notificationPolicies', 'filters', 'filterKeywords', 'filterStatuses',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The fields that identify a record of each kind (its primary key in every adapter). */
export const RECORD_KEYS: Record<RecordKind, readonly string[]> = {
  meta: ['key'], actors: ['id'], users: ['id'], tokens: ['id'], webSessions: ['id'], oauthApps: ['id'], authorizationCodes: ['id'],
  markers: ['userId', 'timeline'], userSettings: ['userId'], lists: ['id'], objects: ['id'], activities: ['id'],
  follows: ['id'], reports: ['id'], domainPolicies: ['domain'], audit: ['id'], jobs: ['id'], deliveryHosts: ['host'],
  media: ['id'], solutions: ['id'], solutionRevisions: ['solutionId', 'revision'], adoptions: ['id'],
  bookmarks: ['id'], statusVersions: ['id'], idempotencyKeys: ['actorId', 'key'], notifications: ['id'], postSubscriptions: ['followerId', 'followeeId'], solutionDrafts: ['id'], pushSubscriptions: ['id'], identityLinks: ['id'], blocks: ['id'], mutes: ['id'], domainBlocks: ['id'], accountNotes: ['accountId', 'targetId'], statusPins: ['id'],
  relays: ['id'], agencyFeedHidden: ['accountId', 'authorId'], accountLinks: ['id'],
  listMembers: ['id'], notificationPolicies: ['userId'], filters: ['id'], filterKeywords: ['id'], filterStatuses: ['id'],
};

export type PortRecord = Record<string, unknown>;

export interface RecordPage {
  records: PortRecord[];
  /** Pass back to `page` for the next page; null after the last one. */
  next: string | null;
}

export interface TransferRepository {
  count(kind: RecordKind): Promise<number>;
  /** Records in the adapter's key order; `cursor` null starts at the beginning. */
  page(kind: RecordKind, cursor: string | null, limit: number): Promise<RecordPage>;
  /** Inserts records as they are (keys kept); StoreConflict when a key exists. */
  insert(kind: RecordKind, records: PortRecord[]): Promise<void>;
}
