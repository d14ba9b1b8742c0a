// Writing an output. A regular file (or a link to one) is written atomically: a temporary file in the same folder, then
// a rename, so a failed or interrupted write never leaves a truncated file behind. A character device or a named pipe
// (`/dev/null`, a terminal, `mkfifo`) is written straight into, never renamed over; `/dev/stdout`, `/dev/stderr` and
// `/dev/fd/N` are written to that descriptor (a pipe, a socket or a redirected file). Anything else is refused (exit 2).
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { refuseReadFilesAsOutputs, type OutputTarget } from './files-read.js';

/** The real path when the file exists (so links and `./a.yaml` vs `a.yaml` compare equal), else the resolved path. */
export function canonicalPath(path: string, cwd = '.'): string {
  const absolute = resolve(cwd, path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/** Refuses (exit 2, before anything is written) an output path that is a file the command reads or has read. */
export function refuseInputAsOutput(outputs: readonly OutputTarget[], inputs: readonly string[], cwd: string): void {
  refuseReadFilesAsOutputs(outputs, { cwd, inputs });
}

/**
 * Writes outputs the user asked for: first every path is checked against the files the command read (so none is
 * written when one is refused), then each is written with writeFileAtomic.
 */
export function writeOutputs(
  outputs: ReadonlyArray<OutputTarget & { path: string; content: string }>,
  cwd: string,
): void {
  refuseReadFilesAsOutputs(outputs, { cwd });
  for (const output of outputs) writeFileAtomic(output.path, output.content, cwd);
}

/**
 * Writes `content` to `file`; throws an InputError (exit 2) when the path cannot take it. A regular file is replaced
 * atomically; a symbolic link is written through (the link stays, its target is replaced) and an existing file keeps
 * its mode. Devices and pipes are written into (see the top of this file).
 */
export function writeFileAtomic(requested: string, content: string, cwd = '.'): void {
  const fail = (message: string, hint?: string): never => {
    throw new InputError([{ file: requested, message, ...(hint && { hint }) }]);
  };
  const path = resolve(cwd, requested);
  const descriptor = standardDescriptor(path);
  if (descriptor !== undefined) {
    writeToDescriptor(requested, descriptor, content);
    return;
  }
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      fail('cannot write: a symbolic link loop', 'Fix or remove the symbolic links along the path.');
    if (code === 'ENOENT' && isLink(path)) {
      fail(
        `cannot write: it is a symbolic link to ${readlinkSync(path)}, which does not exist`,
        'Point the link at a file, or give another path.',
      );
    }
  }
  if (existing === undefined || existing.isFile()) replaceFile(requested, path, existing, content);
  else if (existing.isCharacterDevice() || existing.isFIFO()) writeInto(requested, path, content);
  else if (existing.isDirectory()) fail('cannot write: it is a folder', 'Give a file path.');
  else if (existing.isSocket())
    fail('cannot write: it is a socket', 'Give a file path, or write to stdout and pipe it.');
  else
    fail(
      `cannot write: it is ${existing.isBlockDevice() ? 'a block device (a disk)' : 'not a regular file'}`,
      'Give a file path.',
    );
}

// A regular file, or a path that does not exist yet: a temporary file beside it, then a rename. `path` is `requested`
// resolved against the command's folder; messages name the file as the user did, or a link's target.
function replaceFile(requested: string, path: string, existing: Stats | undefined, content: string): void {
  const real = existing && isLink(path) ? realpathSync(path) : path;
  const file = real === path ? requested : real;
  const dir = dirname(file);
  try {
    if (!statSync(dirname(real)).isDirectory())
      throw new InputError([{ file, message: `cannot write: ${dir} is not a folder` }]);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([
      {
        file,
        message: `cannot write: the folder ${dir} does not exist`,
        hint: 'Create the folder first or choose another path.',
      },
    ]);
  }
  const mode = existing ? existing.mode & 0o777 : 0o644;
  const temporary = join(dirname(real), `.${basename(real)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', mode);
    writeAll(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, real);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([
      {
        file: requested,
        message: `cannot write the file (${code ?? (error as Error).message})`,
        ...(code === 'EACCES' && { hint: 'Check the folder permissions.' }),
      },
    ]);
  }
}

// A character device or a named pipe: opened for writing (never created, never truncated) and written into.
function writeInto(requested: string, path: string, content: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
    const opened = fstatSync(fd);
    if (!opened.isCharacterDevice() && !opened.isFIFO())
      throw Object.assign(new Error('changed while opening'), { code: 'ECHANGED' });
    writeAll(fd, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([
      { file: requested, message: `cannot write to the device or pipe (${code ?? (error as Error).message})` },
    ]);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeToDescriptor(requested: string, fd: number, content: string): void {
  try {
    writeAll(fd, content);
  } catch (error) {
    // A reader that went away (`| head`) is not an error, as for stdout itself.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    throw new InputError([{ file: requested, message: `cannot write (${code ?? (error as Error).message})` }]);
  }
}

/** `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` name a descriptor this process already has open. */
function standardDescriptor(absolute: string): number | undefined {
  if (absolute === '/dev/stdout') return 1;
  if (absolute === '/dev/stderr') return 2;
  const match = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(absolute);
  if (!match || Number(match[1]) === 0) return undefined;
  try {
    fstatSync(Number(match[1]));
    return Number(match[1]);
  } catch {
    return undefined;
  }
}

function writeAll(fd: number, content: string): void {
  const bytes = Buffer.from(content, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      // A non-blocking pipe that is full: wait a moment for the reader.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
