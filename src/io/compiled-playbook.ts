// The built-in playbook, compiled to JSON at build time (dist/playbook.compiled.json) so that `check` and `report` do
// not parse and validate seven YAML files on every start. A hash of the YAML sources guards against a stale copy: when
// the playbook was edited after the build, the YAML is loaded as usual.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rubric } from '../core/model.js';
import { noteFileRead } from './files-read.js';

export const COMPILED_PLAYBOOK_FILE = 'playbook.compiled.json';

export interface CompiledPlaybook {
  sourceHash: string;
  rubric: Rubric;
}

/** A hash of every YAML file of a rubric folder (manifest and steps), in a stable order. */
export function hashRubricSources(dir: string): string {
  const hash = createHash('sha256');
  const stepsDir = join(dir, 'steps');
  const files = [
    'rubric.yaml',
    ...readdirSync(stepsDir)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => join('steps', name)),
  ];
  for (const file of files) {
    noteFileRead(join(dir, file), join(dir, file), statSync(join(dir, file)));
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex');
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
