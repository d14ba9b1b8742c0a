// The built-in playbook, compiled to JSON at build time (dist/playbook.compiled.json) so that `check` and `report` do
// not parse and validate seven YAML files on every start. A hash of the YAML sources guards against a stale copy: when
// the playbook was edited after the build, the YAML is loaded as usual. The hash is a CRC-32 (node:zlib, which the code
// cache has loaded already): it only tells an edited copy from the one compiled, and node:crypto costs 2 ms to load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Rubric } from '../core/model.js';
import { noteFileRead } from './files-read.js';

export const COMPILED_PLAYBOOK_FILE = 'playbook.compiled.json';

export interface CompiledPlaybook {
  sourceHash: string;
  rubric: Rubric;
}

/** A hash of every YAML file of a rubric folder (manifest and steps), in a stable order: names, sizes and bytes. */
export function hashRubricSources(dir: string): string {
  let hash = 0;
  const stepsDir = join(dir, 'steps');
  const files = [
    'rubric.yaml',
    ...readdirSync(stepsDir)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => join('steps', name)),
  ];
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    noteFileRead(join(dir, file), join(dir, file), statSync(join(dir, file)));
    hash = crc32(bytes, crc32(`${file}\0${bytes.length}\0`, hash));
  }
  return `crc32:${hash.toString(16)}`;
}

/** The compiled playbook when one sits beside the bundle and matches the YAML in `playbookDir`; else undefined. */
export function readCompiledPlaybook(playbookDir: string): Rubric | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 2; i++) {
    const file = join(dir, COMPILED_PLAYBOOK_FILE);
    if (existsSync(file)) {
      try {
        noteFileRead(file, file, statSync(file));
        const compiled = JSON.parse(readFileSync(file, 'utf8')) as CompiledPlaybook;
        return compiled.sourceHash === hashRubricSources(playbookDir) ? compiled.rubric : undefined;
      } catch {
        return undefined;
      }
    }
    dir = dirname(dir);
  }
  return undefined;
}
