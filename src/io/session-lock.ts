// A lock file next to an answers file, so two `scaleplay assess` sessions cannot edit it at once. A lock whose process is
// gone (same host, dead pid) or that has not been touched for hours (a crash on another machine) is taken over.
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';

/** A lock untouched for this long is stale even when its process cannot be checked (another host, a reused pid). */
export const STALE_LOCK_MS = 6 * 60 * 60 * 1000;
/** A live session touches its lock this often, so only a crashed session's lock grows old. */
const HEARTBEAT_MS = 10 * 60 * 1000;
/** An unreadable lock younger than this is being written by a session that is starting. */
const STARTING_MS = 10 * 1000;

/** What a lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the session started. */
  started: string;
}

/** A held lock: `touch()` marks the session alive (call it on each save), `release()` removes it. */
export interface SessionLock {
  path: string;
  /** The lock that was taken over, when there was a stale one. */
  tookOver?: LockOwner;
  touch(): void;
  release(): void;
}

/** Overrides for tests: who takes the lock, the clock, and how to tell whether a pid runs. */
export interface LockOptions {
  /** Defaults to this process. */
  owner?: LockOwner;
  now?: () => number;
  /** Whether a pid is running on this host. */
  isAlive?: (pid: number) => boolean;
  /** The folder a relative `file` is in (default: the process's). */
  cwd?: string;
}

/** The lock file's path for an answers file: `answers.yaml` → `answers.yaml.lock`. */
export function lockPathFor(file: string): string {
  return `${file}.lock`;
}

/**
 * Takes the lock for `file` or throws a UsageError (exit 2) naming the session that holds it.
 * A stale lock (dead pid on this host, or untouched for STALE_LOCK_MS) is replaced.
 */
export function acquireSessionLock(file: string, options: LockOptions = {}): SessionLock {
  // `shown` names the lock in messages as the user named the file; `path` is where it is.
  const shown = lockPathFor(file);
  const path = resolve(options.cwd ?? '.', shown);
  const owner = options.owner ?? {
    pid: process.pid,
    host: hostname(),
    started: new Date((options.now ?? Date.now)()).toISOString(),
  };
  const now = options.now ?? Date.now;
  const isAlive = options.isAlive ?? isProcessAlive;
  let tookOver: LockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, owner, shown)) {
      // Two sessions that both found the same stale lock could both get here: the last writer wins, the other backs off.
      if (!ownsLock(path, owner)) continue;
      return makeLock(path, owner, tookOver);
    }
    const held = readLock(path);
    const age = lockAge(path, now);
    if (age === undefined) continue; // removed in the meantime: try again
    if (held ? !isStale(held, age, isAlive) : age < STARTING_MS) {
      if (!held)
        throw new UsageError(`${file} is being opened by another \`scaleplay assess\` session. Try again in a moment.`);
      throw new UsageError(
        `${file} is open in another \`scaleplay assess\` session (pid ${held.pid} on ${held.host}, started ${held.started}).\n` +
          `  Finish or stop that session first. If none is running, delete ${basename(shown)} and try again.`,
      );
    }
    tookOver = held ?? { pid: 0, host: 'unknown', started: 'unknown' };
    rmSync(path, { force: true });
  }
  throw new UsageError(`could not take the lock ${shown}: another session keeps taking it. Try again.`);
}

/** Whether a lock is left over from a crash: its process is gone (same host) or it has not been touched for hours. */
export function isStale(held: LockOwner, ageMs: number, isAlive: (pid: number) => boolean): boolean {
  if (ageMs > STALE_LOCK_MS) return true;
  return held.host === hostname() && !isAlive(held.pid);
}

/** Whether a process with this pid runs on this machine (EPERM means it runs as another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, owner: LockOwner, shown: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') {
      throw new InputError([
        {
          file: shown,
          message: `cannot create the lock: the folder ${dirname(shown)} does not exist`,
          hint: 'Create the folder first or choose another --output.',
        },
      ]);
    }
    throw new InputError([
      {
        file: shown,
        message: `cannot create the lock file (${code ?? (error as Error).message})`,
        hint: 'Check that the folder is writable.',
      },
    ]);
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): LockOwner | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.started === 'string') {
      return { pid: data.pid, host: data.host, started: data.started };
    }
  } catch {
    // Unreadable or half-written: judged by its age alone.
  }
  return undefined;
}

function lockAge(path: string, now: () => number): number | undefined {
  try {
    return now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function ownsLock(path: string, owner: LockOwner): boolean {
  const held = readLock(path);
  return held !== undefined && held.pid === owner.pid && held.host === owner.host && held.started === owner.started;
}

function makeLock(path: string, owner: LockOwner, tookOver: LockOwner | undefined): SessionLock {
  let released = false;
  const touch = () => {
    if (released) return;
    try {
      const time = new Date();
      utimesSync(path, time, time);
    } catch {
      // The lock was removed by hand: the session goes on without it.
    }
  };
  // A session left open at a prompt for hours (a workshop's lunch break) must not look crashed.
  const heartbeat = setInterval(touch, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path,
    ...(tookOver && { tookOver }),
    touch,
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // Only remove our own lock, never one a later session took over.
      if (ownsLock(path, owner)) rmSync(path, { force: true });
    },
  };
}
