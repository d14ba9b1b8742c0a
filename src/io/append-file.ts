// Appending to a file another program owns (GitHub's $GITHUB_STEP_SUMMARY): one write with O_APPEND, never a rewrite,
// so what earlier steps wrote stays.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

/** Appends `content` to `file` (creating it if missing); throws an InputError saying why when it cannot. */
export function appendToFile(file: string, content: string, cwd = '.'): void {
  try {
    appendFileSync(resolve(cwd, file), content, { encoding: 'utf8', mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file, message: `cannot append to the file (${code ?? (error as Error).message})` }]);
  }
}
