// Runs the CLI two ways: in-process through run() with captured streams (fast, counted in coverage), and as the real
// built bin in a child process (stdout, stderr and exit code exactly as a user sees them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/cli.js';
import type { Io } from '../../src/io.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'scaleplay.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scaleplay ...args` in this process with fake streams (not a TTY, no colour unless env says so). */
export async function runInProcess(args: string[], options: { env?: NodeJS.ProcessEnv; columns?: number; cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false, ...(options.columns !== undefined && { columns: options.columns }) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: new PassThrough(),
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
  };
  const code = await run(['node', 'scaleplay', ...args], io);
  return { code, stdout, stderr };
}

/** Runs the built bin as a child process. */
export function runBin(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH, ...options.env },
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 20_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder, removed by the returned cleanup function. */
export function makeTempDir(prefix = 'scaleplay-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fixture path relative to the repository root. */
export function fixture(...parts: string[]): string {
  return join(ROOT, 'fixtures', ...parts);
}

/** The frozen playbook 1.0.0 (fixtures/v1/playbook): engine tests that need its conditions run against it. */
export const V1_PLAYBOOK = join(ROOT, 'fixtures', 'v1', 'playbook');

/** An answers file made for the frozen playbook 1.0.0 (fixtures/v1/answers). */
export function v1Answers(name: string): string {
  return join(ROOT, 'fixtures', 'v1', 'answers', name);
}
