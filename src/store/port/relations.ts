import type { Page } from './statuses.js';

/**
 * What one account decided about others (Mastodon's blocks, mutes, domain blocks, account notes)
 * and the posts it pinned to its profile. Ids are time ordered: the Mastodon API pages by them.
 */

/**
 * `accountId` blocks `targetId`. Local accounts' blocks are ours to keep; a remote account's Block
 * of a local one is stored the same way (it is what `blocked_by` reads), with the activity's id.
 */
export interface AccountBlock {
  id: string;
  accountId: string;
  targetId: string;
  /** The Block activity's id: ours when we send it, theirs when it arrives. */
  uri: string;
  createdAt: string;
}

export interface AccountMute {
  id: string;
  accountId: string;
  targetId: string;
  /** Mastodon's `hide_notifications`: their notifications are muted too. */
  notifications: boolean;
  /** Null: for ever. */
  expiresAt: string | null;
  createdAt: string;
}

/** A domain one local account blocked (Mastodon's AccountDomainBlock); lower-case host. */
export interface AccountDomainBlock {
  id: string;
  accountId: string;
  domain: string;
  createdAt: string;
}

/** A private note one account keeps about another (Mastodon's AccountNote). */
export interface AccountNote {
  accountId: string;
  targetId: string;
  comment: string;
  updatedAt: string;
}

/** A post its author pinned to their profile (Mastodon's StatusPin). */
export interface StatusPin {
  id: string;
  accountId: string;
  statusId: string;
  createdAt: string;
}

/** What one account decided about others, as every read of statuses for it filters by. */
export interface ViewerRelationSets {
  /** Whom it blocks. */
  blocking: string[];
  /** Who blocks it. */
  blockedBy: string[];
  /** Its mutes not expired at `now`. */
  mutes: Array<{ targetId: string; notifications: boolean }>;
  /** The domains it blocks. */
  domains: string[];
}

export interface RelationRepository {
  /**
   * blockedIds, blockerIds, activeMutes and the domain blocks of one account (each at most
   * `limit`, newest first), in one query: read once per request that lists statuses.
   */
  viewerSets(accountId: string, now: string, limit: number): Promise<ViewerRelationSets>;
  /** Idempotent on the pair: an existing block is kept and returned with created false. */
  putBlock(block: AccountBlock): Promise<{ block: AccountBlock; created: boolean }>;
  getBlock(accountId: string, targetId: string): Promise<AccountBlock | undefined>;
  /** The removed block, if there was one. */
  deleteBlock(accountId: string, targetId: string): Promise<AccountBlock | undefined>;
  /** One account's blocks, newest first, paged by block id. */
  listBlocks(accountId: string, page: Page): Promise<AccountBlock[]>;
  /** Whom the account blocks, at most `limit`. */
  blockedIds(accountId: string, limit: number): Promise<string[]>;
  /** Who blocks the account (its `blocked_by`), at most `limit`. */
  blockerIds(targetId: string, limit: number): Promise<string[]>;

  /** Creates the mute or replaces its notifications flag and expiry (the id and created time stay). */
  putMute(mute: AccountMute): Promise<AccountMute>;
  getMute(accountId: string, targetId: string): Promise<AccountMute | undefined>;
  deleteMute(accountId: string, targetId: string): Promise<boolean>;
  /** Mutes not expired at `now`, newest first, paged by mute id. */
  listMutes(accountId: string, now: string, page: Page): Promise<AccountMute[]>;
  /** Mutes not expired at `now`, at most `limit`. */
  activeMutes(accountId: string, now: string, limit: number): Promise<AccountMute[]>;

  /** Idempotent on (account, domain). */
  putDomainBlock(block: AccountDomainBlock): Promise<{ block: AccountDomainBlock; created: boolean }>;
  deleteDomainBlock(accountId: string, domain: string): Promise<boolean>;
  /** Newest first, paged by id. */
  listDomainBlocks(accountId: string, page: Page): Promise<AccountDomainBlock[]>;
  /** Local accounts blocking the domain: what an incoming activity from it is checked against. */
  domainBlockers(domain: string, limit: number): Promise<string[]>;

  /** An empty comment removes the note. */
  setNote(note: AccountNote): Promise<void>;
  getNote(accountId: string, targetId: string): Promise<AccountNote | undefined>;
  /** The account's notes, by target id, at most `limit` (export). */
  listNotes(accountId: string, limit: number): Promise<AccountNote[]>;

  /** Throws StoreConflict when the post is pinned already. */
  putPin(pin: StatusPin): Promise<StatusPin>;
  deletePin(accountId: string, statusId: string): Promise<boolean>;
  /** Newest pin first. */
  listPins(accountId: string, limit: number): Promise<StatusPin[]>;
  countPins(accountId: string): Promise<number>;
  /** Those of `statusIds` the account pinned. */
  pinnedAmong(accountId: string, statusIds: string[]): Promise<string[]>;
  /** A deleted post leaves every profile. */
  deletePinsOf(statusId: string): Promise<void>;

  /**
   * Erasure: every block, mute, domain block, note and pin the account has or is the target of.
   * Returns how many went (0 once nothing is left). `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go.
   */
  forgetAccount(actorId: string, limit?: number): Promise<number>;
}
