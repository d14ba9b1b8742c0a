// Helpers for the assess tests: temporary folders, a fake Io for in-process runs, and runs of the built bin.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeIo, type FakeIo } from './cli.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'scaleplay.js');
export const FIXTURES = join(ROOT, 'fixtures');

const folders: string[] = [];

/** A new temporary folder, removed by `removeTempDirs()` (call it in afterEach). */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scaleplay-assess-'));
  folders.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fake Io collecting what is written; `tty` marks stdin and stderr (and stdout) as terminals. */
export function createFakeIo(options: { tty?: boolean; cwd?: string } = {}): { io: FakeIo; stdout: () => string; stderr: () => string } {
  const io = fakeIo({ tty: options.tty === true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: options.cwd ?? process.cwd() });
  return { io, stdout: io.stdoutText, stderr: io.stderrText };
}

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built bin. `stdin: 'null'` gives it /dev/null; `'silent-pipe'` an open pipe that never sends anything
 * (closed only after the process has exited, so a process that waited on it would hit the timeout).
 */
export function runBin(args: readonly string[], options: { cwd: string; stdin?: 'null' | 'silent-pipe'; timeoutMs?: number }): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdio: [options.stdin === 'silent-pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scaleplay ${args.join(' ')} did not exit within ${options.timeoutMs ?? 20_000} ms (it is waiting for input)`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin?.destroy();
      resolve({ code, stdout, stderr });
    });
  });
}
