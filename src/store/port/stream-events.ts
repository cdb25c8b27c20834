/**
 * The streaming API's events as a transactional outbox: written with the change they announce
 * (inside its transaction when there is one), read by every process after commit, so a websocket
 * on any node sees what any node or CLI run did, and a rolled-back change announces nothing.
 */
export interface StoredStreamEvent {
  /** Commit order: later commits have greater positions. */
  position: string;
  event: Record<string, unknown>;
  createdAt: string;
}

export interface StreamEventSubscription {
  close(): Promise<void>;
}

export interface StreamEventRepository {
  append(event: Record<string, unknown>, at: string): Promise<void>;
  /**
   * Calls `onEvent` for every event committed after the subscription starts, in commit order
   * (SQLite: by polling every `pollMs` and when poked; MongoDB: a change stream).
   */
  subscribe(onEvent: (e: StoredStreamEvent) => void, options?: { pollMs?: number }): StreamEventSubscription & { poke(): void };
  /** Removes events older than `before` (they have been delivered by then); returns how many. */
  prune(before: string, limit: number): Promise<number>;
}
