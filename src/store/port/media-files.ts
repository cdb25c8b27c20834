import type { Readable } from 'node:stream';

/**
 * The bytes of uploads, kept by the store so every node serves every file and erasure reaches the
 * one copy there is: files beside the SQLite database, GridFS in MongoDB. Names are the server's
 * own (`<id>-<random>.<ext>`), never a client's.
 */
export interface MediaFileRepository {
  /** Stores `data` under `name`, whole or not at all (a crash never leaves half a file served). */
  put(name: string, data: Buffer, contentType: string): Promise<void>;
  /** The file's bytes and size, or undefined when there is none. */
  open(name: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** Removes the file; a file already gone is fine. */
  delete(name: string): Promise<void>;
}
