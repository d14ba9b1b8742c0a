// The session lock: one `assess` per answers file; a lock left by a crashed session is taken over.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { UsageError } from '../src/errors.js';
import {
  acquireSessionLock,
  isProcessAlive,
  isStale,
  lockPathFor,
  STALE_LOCK_MS,
  type LockOwner,
} from '../src/io/session-lock.js';
import { fakeIo, tempDir } from './helpers/cli.js';

/** The pid of a process that has exited (so nothing runs under it, barring reuse in the next milliseconds). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(file: string, owner: LockOwner, ageMs = 0): void {
  const path = lockPathFor(file);
  writeFileSync(path, JSON.stringify(owner));
  const time = new Date(Date.now() - ageMs);
  utimesSync(path, time, time);
}

describe('session lock', () => {
  it('lets one session in, refuses a second with who holds it, and frees the file on release', () => {
    const file = join(tempDir(), 'answers.yaml');
    const first = acquireSessionLock(file);
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => acquireSessionLock(file)).toThrow(UsageError);
    expect(() => acquireSessionLock(file)).toThrow(
      new RegExp(`answers\\.yaml is open in another \`scaleplay assess\` session \\(pid ${process.pid} on `),
    );
    first.release();
    expect(existsSync(`${file}.lock`)).toBe(false);
    const second = acquireSessionLock(file);
    expect(second.tookOver).toBeUndefined();
    second.release();
  });

  it('takes over a lock whose process is gone', () => {
    const file = join(tempDir(), 'answers.yaml');
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    writeLock(file, { pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' });
    const lock = acquireSessionLock(file);
    expect(lock.tookOver).toEqual({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it.each([
    ['another host, touched an hour ago', 60 * 60 * 1000, false],
    ['another host, untouched for longer than the limit', STALE_LOCK_MS + 60_000, true],
  ])('judges a lock from %s by its age (stale: %s)', (_name, ageMs, stale) => {
    const file = join(tempDir(), 'answers.yaml');
    writeLock(file, { pid: process.pid, host: 'another-machine', started: '2026-01-01T00:00:00.000Z' }, ageMs);
    if (stale) {
      const lock = acquireSessionLock(file);
      expect(lock.tookOver?.host).toBe('another-machine');
      lock.release();
    } else
      expect(() => acquireSessionLock(file)).toThrow(
        /open in another `scaleplay assess` session \(pid \d+ on another-machine/,
      );
  });

  it('isStale: a live process on this host holds its lock however old; a dead one does not', () => {
    const owner = { pid: 123, host: hostname(), started: 'x' };
    expect(isStale(owner, 1000, () => true)).toBe(false);
    expect(isStale(owner, 1000, () => false)).toBe(true);
    expect(isStale({ ...owner, host: 'elsewhere' }, 1000, () => false)).toBe(false);
    expect(isStale({ ...owner, host: 'elsewhere' }, STALE_LOCK_MS + 1, () => true)).toBe(true);
  });

  it('treats an unreadable lock as a session starting (refuses) while fresh, and as stale once old', () => {
    const file = join(tempDir(), 'answers.yaml');
    writeFileSync(lockPathFor(file), '');
    expect(() => acquireSessionLock(file)).toThrow(/being opened by another `scaleplay assess` session/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(file), old, old);
    const lock = acquireSessionLock(file);
    expect(lock.tookOver).toEqual({ pid: 0, host: 'unknown', started: 'unknown' });
    lock.release();
  });

  it('release leaves alone a lock another session has taken over since', () => {
    const file = join(tempDir(), 'answers.yaml');
    const lock = acquireSessionLock(file);
    writeLock(file, { pid: process.pid, host: hostname(), started: 'a later session' });
    lock.release();
    expect(existsSync(lockPathFor(file))).toBe(true);
  });

  it('touch() refreshes the lock time, so a live session never looks crashed', () => {
    const file = join(tempDir(), 'answers.yaml');
    const lock = acquireSessionLock(file);
    const old = new Date(Date.now() - STALE_LOCK_MS * 2);
    utimesSync(lock.path, old, old);
    lock.touch();
    writeFileSync(lock.path, readFileSync(lock.path, 'utf8').replace(hostname(), 'elsewhere'));
    expect(() => acquireSessionLock(file)).toThrow(UsageError);
    lock.release();
  });

  it('reports a missing folder as a problem with the path, not a crash', () => {
    expect(() => acquireSessionLock(join(tempDir(), 'no-such-folder', 'answers.yaml'))).toThrow(
      /the folder .*no-such-folder does not exist/,
    );
  });

  it('assess exits 2 with the message when the file is locked (in-process, with a terminal)', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    const lock = acquireSessionLock(file);
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' } });
    const code = await run(['node', 'scaleplay', 'assess', '--output', file, '--team', 'Acme'], io);
    lock.release();
    expect(code).toBe(2);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText()).toMatch(/^scaleplay: .*answers\.yaml is open in another `scaleplay assess` session/);
    expect(existsSync(file)).toBe(false);
  });
});
