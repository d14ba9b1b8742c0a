// A rubric folder is confined: scaleplay reads the files in it and nothing outside it. A step file, manifest or golden
// case that is a symbolic link (or sits under a linked folder) whose real path is outside the folder is refused before
// it is opened, so nothing of such a file (a `.env`, say) is ever read or quoted back in a message.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Problem } from '../errors.js';

/**
 * A problem when `path` (a file the rubric in `dir` refers to) really lies outside `dir`; undefined when it is inside,
 * or when it does not exist (the reader then says so). `shown` is the path as messages show it.
 */
export function outsideRubricFolder(dir: string, path: string, shown = path): Problem | undefined {
  let root: string;
  let real: string;
  try {
    root = realpathSync(dir);
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  const inside = relative(root, real);
  if (inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside)) return undefined;
  return {
    file: shown,
    message: `leads outside the rubric folder (its real path is ${real}): not read`,
    hint: `A rubric folder must hold its own files: copy the file into ${dir} instead of linking to it.`,
  };
}
