// Which rubric a command uses, and the path an answers file records to find it again (issue 16.8): `--rubric`, then
// the SCALEPLAY_RUBRIC environment variable, then the `rubric.path` recorded in the answers file (relative to that
// file,
// used only when the rubric there has the recorded id), then the built-in playbook.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { MANIFEST_FILE } from './load-rubric.js';
import { readYamlFile, type YamlFile } from './yaml-file.js';

/** The environment variable naming a rubric folder (after `--rubric`, before the path an answers file records). */
export const RUBRIC_ENV = 'SCALEPLAY_RUBRIC';

export interface RubricSource {
  /** `--rubric DIR`, if given. */
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** An answers file whose recorded rubric path is followed (not for `-`, standard input). */
  answersFile?: string | undefined;
  /** The folder a relative `answersFile` is in (default: the process's). */
  cwd?: string;
  /** `answersFile` already read (so it is parsed once), when the command has it. */
  answers?: YamlFile | undefined;
}

/** The rubric folder to load, or undefined for the built-in playbook. */
export function findRubricDir(source: RubricSource): string | undefined {
  if (source.flag !== undefined) return source.flag;
  const fromEnv = source.env[RUBRIC_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  return source.answersFile === undefined
    ? undefined
    : recordedRubricDir(source.answersFile, source.cwd, source.answers);
}

/**
 * The rubric folder an answers file records (`rubric: { id, path }`), resolved against the file's folder, when that
 * folder holds a rubric with the recorded id; undefined otherwise (a missing or broken file is reported by its loader).
 * `read`: the answers file already read by the command (it is then not read again).
 */
export function recordedRubricDir(answersFile: string, cwd = '.', read?: YamlFile): string | undefined {
  let data: unknown = read?.data;
  if (read === undefined) {
    if (answersFile === '-' || !existsSync(resolve(cwd, answersFile))) return undefined;
    try {
      // Read as the command names it, so it is the same file read (and, for `assess`, edited) by the command.
      data = readYamlFile(answersFile, cwd).data;
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
  }
  const recorded = field(field(data, 'rubric'), 'path');
  const id = field(field(data, 'rubric'), 'id');
  if (typeof recorded !== 'string' || recorded.trim() === '' || typeof id !== 'string') return undefined;
  const dir = isAbsolute(recorded) ? recorded : join(resolve(cwd, dirname(answersFile)), recorded);
  const manifest = join(dir, MANIFEST_FILE);
  if (!existsSync(manifest)) return undefined;
  try {
    return field(readYamlFile(manifest).data, 'id') === id ? dir : undefined;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/**
 * The `rubric.path` to record in an answers file written to `outputFile` for a rubric loaded from `rubricDir`: the
 * folder relative to the file's folder, with forward slashes; undefined for the built-in playbook or standard output.
 */
export function rubricPathFor(outputFile: string, rubricDir: string | undefined): string | undefined {
  if (rubricDir === undefined || outputFile === '-') return undefined;
  const path = relative(resolve(dirname(outputFile)), resolve(rubricDir)) || '.';
  return path.split(sep).join('/');
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
