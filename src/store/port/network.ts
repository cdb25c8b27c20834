/**
 * The agency's place in the network: relays the instance subscribes to (FEP-ae0c), and which
 * agencies a staff member has left out of the agency feed in their home timeline.
 */

/** pending until the relay answers Accept; rejected when it answers Reject. */
export type RelayState = 'pending' | 'accepted' | 'rejected';

export interface Relay {
  id: string;
  /** The relay's actor id (what `samspil relay add` was given, after fetching it). */
  actorUri: string;
  /** Where our public activities go (the relay actor's inbox). */
  inbox: string;
  /** Our Follow's id; the relay's Accept/Reject refer to it, Undo repeats it. */
  followUri: string;
  state: RelayState;
  createdAt: string;
  updatedAt: string;
}

export interface RelayRepository {
  /** Throws StoreConflict when the actor or the follow uri exists. */
  put(relay: Relay): Promise<Relay>;
  getById(id: string): Promise<Relay | undefined>;
  getByActorUri(actorUri: string): Promise<Relay | undefined>;
  getByFollowUri(followUri: string): Promise<Relay | undefined>;
  /** Oldest first. */
  list(): Promise<Relay[]>;
  setState(id: string, state: RelayState, now: string): Promise<void>;
  delete(id: string): Promise<boolean>;
}

/** A staff member took one author (an agency their agency follows) out of their home. */
export interface AgencyFeedHidden {
  accountId: string;
  authorId: string;
  createdAt: string;
}

export interface AgencyFeedRepository {
  /** Idempotent. */
  hide(entry: AgencyFeedHidden): Promise<void>;
  /** True when an entry was removed. */
  show(accountId: string, authorId: string): Promise<boolean>;
  isHidden(accountId: string, authorId: string): Promise<boolean>;
  /** Author ids the account left out, at most `limit`. */
  hiddenBy(accountId: string, limit: number): Promise<string[]>;
}
