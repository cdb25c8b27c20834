/**
 * better-sqlite3 runs on one connection, so an open transaction would silently swallow writes that
 * other requests make while it awaits. The gate makes those wait until the transaction ends; the
 * transaction's own repositories bypass it.
 */
export type Runner = <R>(fn: () => R) => Promise<R>;

export class Gate {
  private held: Promise<void> | null = null;

  /** For repositories outside a transaction. */
  readonly run: Runner = <R>(fn: () => R): Promise<R> => {
    if (this.held) return this.waitThen(fn);
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e);
    }
  };

  /** For repositories inside the transaction that holds the gate. */
  static readonly direct: Runner = <R>(fn: () => R): Promise<R> => {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e);
    }
  };

  private async waitThen<R>(fn: () => R): Promise<R> {
    while (this.held) await this.held;
    return fn();
  }

  async exclusive<R>(fn: () => Promise<R>): Promise<R> {
    while (this.held) await this.held;
    let release!: () => void;
    this.held = new Promise((r) => (release = r));
    try {
      return await fn();
    } finally {
      this.held = null;
      release();
    }
  }
}
