// Durable file-system helpers shared by the writers of results (run directories, sweep stores): fsync of a
// directory so that a rename in it survives a crash. A layer of its own so that `results/` and `sweep/` share it
// without importing each other at run time.
import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * fsync a directory so a rename in it survives a crash. Skipped where the platform refuses to fsync a directory
 * (Windows: EISDIR/EINVAL/EPERM; the rename is still atomic there); other errors throw.
 */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw e;
  } finally {
    closeSync(fd);
  }
}
