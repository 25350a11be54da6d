// Durable file-system helpers shared by the writers of results (run directories, sweep stores, calibrations): a
// file written and fsynced, a file replaced atomically, fsync of a directory so that a rename in it survives a crash,
// and the name of the manifest every output directory carries (written last, so a manifest marks a complete
// directory). A layer of its own so that `results/` and `sweep/` share them without importing each other at run time.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The manifest of a run, sweep or calibration directory. */
export const MANIFEST_FILE = 'manifest.json';

/** Write `data` to `path` (created or truncated) and fsync it; every byte is written even if write(2) is short. */
export function writeFileDurable(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replace `path` atomically: write a sibling temp file, fsync it, rename it over `path`, fsync the directory. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileDurable(tmp, data);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

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
