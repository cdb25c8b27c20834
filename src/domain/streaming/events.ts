import { EventEmitter } from 'node:events';
import type { Deps } from '../deps.js';
import type { Store, StreamEventSubscription } from '../../store/port.js';

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

/**
 * One per running instance. With a store, events go through the store's outbox: `announce`
 * writes them (in the change's transaction when given one) and every process, this one included,
 * reads them back after commit and hands them to its listeners, so several processes over one
 * store (app nodes, a CLI run) reach every websocket, and a rolled-back change announces nothing.
 * Reading starts with the first listener and stops with the last, so a process without open
 * websockets does not poll. Without a store (unit tests) events stay in the process.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private listeners = 0;
  private subscription: (StreamEventSubscription & { poke(): void }) | undefined;
  private lastPrune = 0;

  constructor(private readonly store?: Store) {
    // One listener per open WebSocket.
    this.emitter.setMaxListeners(0);
  }

  on(listener: (event: StreamEvent) => void): () => void {
    this.emitter.on('event', listener);
    if (this.store && this.listeners++ === 0) {
      this.subscription = this.store.streamEvents.subscribe((e) => this.emitter.emit('event', e.event as StreamEvent));
    }
    let off = false;
    return () => {
      if (off) return;
      off = true;
      this.emitter.off('event', listener);
      if (this.store && --this.listeners === 0) {
        void this.subscription?.close();
        this.subscription = undefined;
      }
    };
  }

  /** Hands an event to this process's listeners (the in-process path, without a store). */
  emit(event: StreamEvent): void {
    this.emitter.emit('event', event);
  }

  /** Writes the event to the outbox, through `tx` when the change is in a transaction. */
  async publish(event: StreamEvent, tx?: Store): Promise<void> {
    if (!this.store) {
      setImmediate(() => this.emit(event));
      return;
    }
    const at = new Date();
    await (tx ?? this.store).streamEvents.append(event as unknown as Record<string, unknown>, at.toISOString());
    // Read soon: a poke waits (the store's gate) until the transaction has committed or rolled back.
    const sub = this.subscription;
    if (sub) setImmediate(() => sub.poke());
    if (at.getTime() - this.lastPrune > 60_000) {
      this.lastPrune = at.getTime();
      void this.store.streamEvents.prune(new Date(at.getTime() - 10 * 60_000).toISOString(), 1000).catch(() => undefined);
    }
  }
}

/**
 * Announces an event: written to the store's outbox (in `tx` when the change is in a transaction,
 * so it commits or rolls back with it) and read back by every process after commit. Events carry
 * ids only; listeners read the current state from the store.
 */
export function announce(deps: Pick<Deps, 'events' | 'log'> | Pick<Deps, 'events'>, event: StreamEvent, tx?: Store): Promise<void> {
  const bus = deps.events;
  if (!bus) return Promise.resolve();
  return bus.publish(event, tx).catch((err: unknown) => {
    // A lost event loses a live update, never data: apps refetch timelines.
    (deps as Partial<Pick<Deps, 'log'>>).log?.warn({ err, kind: event.kind }, 'a streaming event could not be written');
    if (tx) throw err;
  });
}
