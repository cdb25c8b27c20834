import { EventEmitter } from 'node:events';
import type { Deps } from '../deps.js';

/**
 * What the streaming API tells connected apps. Events carry ids only: the listener reads the
 * current state from the store, so an event from a transaction that rolled back finds nothing and
 * is dropped, and every viewer gets its own rendering.
 */
export type StreamEvent =
  | { kind: 'status'; entryId: string }
  /** A post was edited: apps replace it (`status.update`). */
  | { kind: 'edit'; entryId: string }
  | { kind: 'delete'; statusId: string; actorId: string }
  | { kind: 'notification'; accountId: string; notificationId: string };

/** One per running instance; in-process only (several app processes would need a shared bus). */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    // One listener per open WebSocket.
    this.emitter.setMaxListeners(0);
  }
  on(listener: (event: StreamEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
  emit(event: StreamEvent): void {
    this.emitter.emit('event', event);
  }
}

/**
 * Announces an event once the current turn (and with it the transaction that wrote the state) is
 * over; listeners read through the store, whose gate also waits for that transaction.
 */
export function announce(deps: Pick<Deps, 'events'>, event: StreamEvent): void {
  const bus = deps.events;
  if (bus) setImmediate(() => bus.emit(event));
}
