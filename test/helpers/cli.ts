// Runs the CLI two ways: in-process through run() with captured streams (fast, counted in coverage), and as the real
// built bin in a child process (stdout, stderr and exit code exactly as a user sees them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/cli.js';
import type { Io } from '../../src/runtime.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'scaleplay.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An Io that records what is written, with its own signals (sent with `emitSignal`) and a settable date. */
export interface FakeIo extends Io {
  stdoutText(): string;
  stderrText(): string;
  /** Delivers `signal` to the handlers the command registered through `io.onSignal`. */
  emitSignal(signal: NodeJS.Signals): void;
  /** How many handlers are listening for `signal` (0 once a command has cleaned up). */
  signalListeners(signal: NodeJS.Signals): number;
}

export interface FakeIoOptions {
  /** The environment the command sees (default: empty). */
  env?: NodeJS.ProcessEnv;
  /** The working folder (default: the repository root). */
  cwd?: string;
  /** stdout's width; unset: like a pipe. */
  columns?: number;
  /** stderr's width; unset: like a pipe. */
  stderrColumns?: number;
  /** Mark stdin, stdout and stderr as terminals. */
  tty?: boolean;
  /** stdin: an open stream that never ends (default), or one that has already ended. */
  stdin?: 'open' | 'ended';
  /** Today's date (default: the real one). */
  today?: string;
}

/** The one fake Io of the tests: every in-process run goes through it. */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  let out = '';
  let err = '';
  const tty = options.tty === true;
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  if (options.stdin === 'ended') stdin.end();
  const handlers = new Map<NodeJS.Signals, Set<() => void>>();
  return {
    stdout: { write: (text: string) => ((out += text), true), isTTY: tty, ...(options.columns !== undefined && { columns: options.columns }) },
    stderr: { write: (text: string) => ((err += text), true), isTTY: tty, ...(options.stderrColumns !== undefined && { columns: options.stderrColumns }) },
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    today: () => options.today ?? new Date().toISOString().slice(0, 10),
    onSignal: (signal, handler) => {
      const set = handlers.get(signal) ?? new Set();
      set.add(handler);
      handlers.set(signal, set);
      return () => set.delete(handler);
    },
    stdoutText: () => out,
    stderrText: () => err,
    emitSignal: (signal) => {
      for (const handler of [...(handlers.get(signal) ?? [])]) handler();
    },
    signalListeners: (signal) => handlers.get(signal)?.size ?? 0,
  };
}

/** Runs `scaleplay ...args` in this process with fake streams (not a TTY, no colour unless env says so). */
export async function runInProcess(args: readonly string[], options: FakeIoOptions = {}): Promise<CliResult> {
  const io = fakeIo(options);
  const code = await run(['node', 'scaleplay', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
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
