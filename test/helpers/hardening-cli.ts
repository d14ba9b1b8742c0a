// Test helpers for the hardening tests: run the CLI in-process with fake streams, or run the built bin, and fingerprint
// files to prove they were not changed.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fakeIo as baseFakeIo, type FakeIo } from './cli.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'scaleplay.js');

/** Streams that record what the CLI writes; stdin is an empty, non-TTY stream. */
export function fakeIo(env: NodeJS.ProcessEnv = { NO_COLOR: '1' }): FakeIo {
  return baseFakeIo({ env, columns: 100, stdin: 'ended', cwd: ROOT });
}

export interface BinResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin (`node bin/scaleplay.js …`) from the repository root, colour off. */
export function runBin(args: readonly string[], options: SpawnSyncOptions = {}): BinResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    ...options,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
  });
  return { status: result.status, signal: result.signal, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** A fingerprint of a file or folder (content hashes, names, modes): equal fingerprints mean nothing was changed. */
export function fingerprint(path: string): string {
  const hash = createHash('sha256');
  const visit = (current: string, name: string) => {
    const stats = lstatSync(current);
    hash.update(`${name}\0${stats.mode}\0`);
    if (stats.isDirectory()) for (const entry of readdirSync(current).sort()) visit(join(current, entry), `${name}/${entry}`);
    else if (stats.isFile()) hash.update(readFileSync(current));
  };
  if (!existsSync(path) && !isLink(path)) return 'missing';
  visit(path, '.');
  return hash.digest('hex');
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when running as root, where file permissions do not stop reads or writes. */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Options to run a child as an unprivileged user (nobody) when the tests run as root; empty otherwise. */
export function unprivileged(): SpawnSyncOptions {
  return IS_ROOT ? { uid: 65534, gid: 65534 } : {};
}

/** A stack frame as Node prints it ("    at fn (file:1:2)"): never expected in output for bad input. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|native\)?)$/m;
