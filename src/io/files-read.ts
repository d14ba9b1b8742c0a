// The files the running command has read, kept in one list so that no output (-o, --junit, --json, merge --output,
// rubric test --update) can ever replace one of them: answers files, baselines, logos, the rubric manifest and its step
// files, golden cases. Files are recorded where they are opened (yaml-file.ts, the logo reader) and compared by real
// path and by device + inode, so a symbolic link, another spelling or a hard link of an input is caught too.
import { realpathSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';

interface FileRead {
  /** The path as it was read (shown in messages). */
  path: string;
  real: string;
  dev: number;
  ino: number;
}

const filesRead: FileRead[] = [];

/** Starts a new command: forgets the files an earlier command in this process read (`run()` calls it). */
export function forgetFilesRead(): void {
  filesRead.length = 0;
}

/**
 * Records that a file was opened for reading: `shown` is the path as messages show it, `absolute` where it is, and
 * `stats` those of the open file (fstat), so the record is exact.
 */
export function noteFileRead(shown: string, absolute: string, stats: Pick<Stats, 'dev' | 'ino'>): void {
  filesRead.push({ path: shown, real: realPath(resolve(absolute)), dev: stats.dev, ino: stats.ino });
}

/** An output the command is about to write: the option that named it and its path. */
export interface OutputTarget {
  option: string;
  path: string | undefined;
}

/**
 * Throws a UsageError (exit 2) when an output is a file this command read, or one of `inputs` (files it is about to
 * read). `except` names a path that may be both (the answers file `assess` edits). Call before writing anything.
 */
export function refuseReadFilesAsOutputs(
  outputs: readonly OutputTarget[],
  options: { cwd?: string; inputs?: readonly string[]; except?: string } = {},
): void {
  const cwd = options.cwd ?? '.';
  const known = [
    ...filesRead.filter((file) => file.path !== options.except),
    ...(options.inputs ?? []).flatMap((input) => identify(resolve(cwd, input), input)),
  ];
  for (const { option, path } of outputs) {
    if (path === undefined || path === '-') continue;
    const [target] = identify(resolve(cwd, path), path);
    if (!target) continue;
    const same = known.find(
      (file) => file.real === target.real || (target.ino !== 0 && file.dev === target.dev && file.ino === target.ino),
    );
    if (same) {
      const what =
        same.path === path ? 'a file this command reads' : `the same file as ${same.path}, which this command reads`;
      throw new UsageError(
        `${option} ${path} is ${what}: scaleplay never overwrites its input. Nothing was written; choose another path.`,
      );
    }
  }
}

/** The real path and device + inode of a path (inode 0 when it does not exist yet). */
function identify(absolute: string, path: string): FileRead[] {
  try {
    const stats = statSync(absolute);
    // Devices and pipes (/dev/null, /dev/stdout) are written into, never replaced: they cannot clash with an input.
    if (!stats.isFile()) return [];
    return [{ path, real: realPath(absolute), dev: stats.dev, ino: stats.ino }];
  } catch {
    return [{ path, real: realPath(absolute), dev: 0, ino: 0 }];
  }
}

function realPath(absolute: string): string {
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/** What makes two paths the same file: device + inode when it exists (hard links, symbolic links, other spellings), else the resolved path. */
export function fileIdentity(path: string, cwd = '.'): string {
  const absolute = resolve(cwd, path);
  try {
    const stats = statSync(absolute);
    return `inode:${stats.dev}:${stats.ino}`;
  } catch {
    return `path:${realPath(absolute)}`;
  }
}
