// Atomic writes: a temporary file in the same folder, then a rename, so a failed or interrupted write never leaves a
// truncated file behind and an existing file is either the old one or the new one.
import { closeSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';

/** The real path when the file exists (so links and `./a.yaml` vs `a.yaml` compare equal), else the resolved path. */
export function canonicalPath(path: string, cwd = '.'): string {
  const absolute = resolve(cwd, path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/** Refuses (exit 2, before anything is written) an output path that is one of the files the command reads. */
export function refuseInputAsOutput(outputs: ReadonlyArray<{ option: string; path: string | undefined }>, inputs: readonly string[], cwd: string): void {
  const read = new Set(inputs.map((input) => canonicalPath(input, cwd)));
  for (const { option, path } of outputs) {
    if (path !== undefined && path !== '-' && read.has(canonicalPath(path, cwd))) {
      throw new UsageError(`${option} ${path} is a file this command reads: scaleplay never overwrites its input. Nothing was written; choose another path.`);
    }
  }
}

/**
 * Writes `content` to `file` atomically; throws an InputError (exit 2) when the folder is missing or not writable.
 * A symbolic link is written through (the link stays, its target is replaced) and an existing file keeps its mode.
 */
export function writeFileAtomic(requested: string, content: string, cwd = '.'): void {
  const path = resolve(cwd, requested);
  const real = followLink(path);
  // Messages name the file as the user did, or the link's target.
  const file = real === path ? requested : real;
  const dir = dirname(file);
  try {
    if (!statSync(dirname(real)).isDirectory()) throw new InputError([{ file, message: `cannot write: ${dir} is not a folder` }]);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot write: the folder ${dir} does not exist`, hint: 'Create the folder first or choose another path.' }]);
  }
  let mode = 0o644;
  try {
    const existing = statSync(real);
    if (existing.isDirectory()) throw new InputError([{ file: requested, message: 'cannot write: it is a folder', hint: 'Give a file path.' }]);
    mode = existing.mode & 0o777;
  } catch (error) {
    if (error instanceof InputError) throw error;
  }
  const temporary = join(dirname(real), `.${basename(real)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', mode);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, real);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file: requested, message: `cannot write the file (${code ?? (error as Error).message})`, ...(code === 'EACCES' && { hint: 'Check the folder permissions.' }) }]);
  }
}

// A link to an existing file is written through to that file; a dangling or looping link is written over like a file.
function followLink(file: string): string {
  try {
    return lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
  } catch {
    return file;
  }
}
