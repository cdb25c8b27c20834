/** Why someone reported: Mastodon's categories. */
export type ReportCategory = 'spam' | 'legal' | 'violation' | 'other';

/** A report about an actor (and optionally some of its objects), from a local user or a remote server's Flag. */
export interface Report {
  id: string;
  /** The reporting actor's id: a local staff member, or the remote instance actor that sent a Flag. */
  reporterActorId: string;
  targetActorId: string;
  objectUris: string[];
  comment: string;
  category: ReportCategory;
  /** The Flag's id when the report came from another server. */
  remoteFlagUri: string | null;
  /** Set when we forwarded the report to the target's server. */
  forwardedAt: string | null;
  createdAt: string;
  resolvedAt: string | null;
  /** Username of the admin or moderator who resolved it. */
  resolvedBy: string | null;
  /** What was done: `none`, `suspend`, `silence-domain`, ... free text for the audit trail. */
  resolution: string | null;
}

export interface ReportRepository {
  put(report: Report): Promise<Report>;
  getById(id: string): Promise<Report | undefined>;
  getByRemoteFlagUri(uri: string): Promise<Report | undefined>;
  /** Newest first. */
  list(filter?: { resolved?: boolean; targetActorId?: string; reporterActorId?: string; limit?: number; beforeId?: string }): Promise<Report[]>;
  /** Erasure: reports a person filed name them; they go with the person. `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go. */
  deleteByReporter(actorId: string, limit?: number): Promise<number>;
  update(id: string, patch: Partial<Pick<Report, 'forwardedAt' | 'resolvedAt' | 'resolvedBy' | 'resolution'>>): Promise<Report | undefined>;
}
