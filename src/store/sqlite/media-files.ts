import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaFileRepository } from '../port.js';

/** Files in a directory beside the database file (the instance's data directory's `media/`). */
export class SqliteMediaFiles implements MediaFileRepository {
  constructor(private readonly dir: string) {}

  async put(name: string, data: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, name);
    // Written under a temporary name and renamed: rename is atomic within one file system.
    await writeFile(`${path}.part`, data, { mode: 0o640 });
    await rename(`${path}.part`, path);
  }

  async open(name: string) {
    // The file is opened here, not when the stream first reads: a file deleted (or a directory
    // removed) after open() returned cannot make the stream fail later with nobody listening.
    const handle = await open(join(this.dir, name), 'r').catch(() => undefined);
    if (!handle) return undefined;
    const info = await handle.stat().catch(() => undefined);
    if (!info?.isFile()) {
      await handle.close();
      return undefined;
    }
    return { stream: handle.createReadStream({ autoClose: true }), size: info.size };
  }

  async delete(name: string): Promise<void> {
    await unlink(join(this.dir, name)).catch((e: NodeJS.ErrnoException) => {
      // A file already gone is what we want; anything else must not pass as deleted.
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
