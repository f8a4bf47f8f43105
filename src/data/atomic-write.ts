import * as fs from 'fs';
import * as path from 'path';

let counter = 0;

/**
 * Writes a file atomically: chunks go to a temporary file in the same folder
 * (same file system, so the rename is atomic), which is synced and renamed over
 * the target. A crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(target: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${counter++}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    for await (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.byteLength) offset += fs.writeSync(fd, chunk, offset, chunk.byteLength - offset);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, target);
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
