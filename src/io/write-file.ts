// Atomic writes: a temporary file in the same folder, then a rename, so a failed or interrupted write never leaves a
// truncated file behind and an existing file is either the old one or the new one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';

/** Writes `content` to `file` atomically; throws an InputError (exit 2) when the folder is missing or not writable. */
export function writeFileAtomic(file: string, content: string): void {
  const dir = dirname(file);
  try {
    if (!statSync(dir).isDirectory()) throw new InputError([{ file, message: `cannot write: ${dir} is not a folder` }]);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot write: the folder ${dir} does not exist`, hint: 'Create the folder first or choose another path.' }]);
  }
  try {
    if (statSync(file).isDirectory()) throw new InputError([{ file, message: 'cannot write: it is a folder', hint: 'Give a file path.' }]);
  } catch (error) {
    if (error instanceof InputError) throw error;
  }
  const temporary = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o644);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file, message: `cannot write the file (${code ?? (error as Error).message})`, ...(code === 'EACCES' && { hint: 'Check the folder permissions.' }) }]);
  }
}
