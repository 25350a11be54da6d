// The durable file helpers every output directory is written with: a file written whole (text as UTF-8, bytes as
// they are) and a file replaced atomically, with no temporary file left behind.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsyncDir, writeFileAtomic, writeFileDurable } from '../../src/io/durable.js';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = join(makeTempDir(), 'out');
  mkdirSync(dir);
});
afterEach(() => removeTempDir(join(dir, '..')));

describe('durable files', () => {
  it('writes a file whole: text as UTF-8, bytes as they are', () => {
    writeFileDurable(join(dir, 'a.txt'), 'σ € —');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('σ € —');
    const big = Uint8Array.from({ length: 3 << 20 }, (_, i) => i % 251);
    writeFileDurable(join(dir, 'b.bin'), big);
    expect(readFileSync(join(dir, 'b.bin')).equals(Buffer.from(big))).toBe(true);
  });

  it('replaces a file atomically, leaving no temporary file', () => {
    writeFileAtomic(join(dir, 'a.json'), 'one');
    writeFileAtomic(join(dir, 'a.json'), new Uint8Array([116, 119, 111]));
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('fsyncs a directory, and skips one it cannot open', () => {
    expect(() => fsyncDir(dir)).not.toThrow();
    expect(() => fsyncDir(join(dir, 'missing'))).not.toThrow();
  });
});
