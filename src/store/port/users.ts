/** A login on this instance; always tied to one local actor. */
export type UserRole = 'admin' | 'moderator' | 'user';

/**
 * What a person may do in the agency's name, apart from administering the instance (`role`):
 * an author writes drafts that a publisher approves (when `solutions.requireApproval` is on); a
 * publisher publishes, revises and reports adoptions for the agency.
 */
export type StaffRole = 'author' | 'publisher';

export interface User {
  id: string;
  actorId: string;
  role: UserRole;
  staffRole: StaffRole;
  email: string | null;
  passwordHash: string | null;
  /** Set for an admin whose password was generated and printed once: they should change it. */
  mustChangePassword: boolean;
  disabledAt: string | null;
  createdAt: string;
  lastActiveAt: string | null;
}

export type UserPatch = Partial<Omit<User, 'id' | 'actorId' | 'createdAt'>>;

export interface UserRepository {
  put(user: User): Promise<User>;
  getById(id: string): Promise<User | undefined>;
  getByActorId(actorId: string): Promise<User | undefined>;
  update(id: string, patch: UserPatch): Promise<User | undefined>;
  list(): Promise<User[]>;
  /** Removes the login and, with it, everything that belongs to it (tokens, codes, markers, lists, settings). */
  delete(id: string): Promise<boolean>;
  count(filter?: { role?: UserRole; staffRole?: StaffRole; enabledOnly?: boolean }): Promise<number>;
  /** Users active at or after `sinceIso`, for NodeInfo's activeMonth/activeHalfyear. */
  countActiveSince(sinceIso: string): Promise<number>;
}
