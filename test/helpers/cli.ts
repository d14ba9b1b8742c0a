// The one CLI test harness. Runs scaleplay two ways: in-process through run() with a fake Io (fast, counted in
// coverage, in any working folder), and as the real built bin in a child process (stdout, stderr and exit code exactly
// as a user sees them). Temporary folders made here are removed after each test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { run } from '../../src/cli.js';
import type { Io } from '../../src/runtime.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'scaleplay.js');
export const FIXTURES = join(ROOT, 'fixtures');

/** A fixture path relative to the repository root. */
export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** A path under the repository root. */
export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The compiled-rubric cache of this test process (never the user's ~/.cache), removed when it exits. */
const TEST_CACHE = join(tmpdir(), `scaleplay-test-cache-${process.pid}`);
process.once('exit', () => rmSync(TEST_CACHE, { recursive: true, force: true }));

/** What a run sees of the test process's environment: PATH and HOME only, and a cache folder of the test run. */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', XDG_CACHE_HOME: TEST_CACHE };
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

const width = (columns: number | undefined) => (columns === undefined ? {} : { columns });

/** The one fake Io of the tests: every in-process run goes through it. */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  let out = '';
  let err = '';
  const tty = options.tty === true;
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  if (options.stdin === 'ended') stdin.end();
  const handlers = new Map<NodeJS.Signals, Set<() => void>>();
  return {
    stdout: { write: (text: string) => ((out += text), true), isTTY: tty, ...width(options.columns) },
    stderr: { write: (text: string) => ((err += text), true), isTTY: tty, ...width(options.stderrColumns) },
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

/**
 * Runs `scaleplay ...args` in this process with fake streams (not a TTY, no colour unless env says so). The command
 * sees only the environment given plus PATH and HOME, so CI variables of the test run never leak in.
 */
export async function runCli(args: readonly string[], options: FakeIoOptions = {}): Promise<CliResult> {
  const io = fakeIo({ ...options, env: { ...baseEnv(), ...options.env } });
  const code = await run(['node', 'scaleplay', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

export interface BinOptions {
  /** Environment variables; the bin sees only these plus PATH and HOME. */
  env?: NodeJS.ProcessEnv;
  /** Working folder (default: the repository root). */
  cwd?: string;
  /** Text on stdin (default: none, and stdin closed). */
  input?: string;
  /** Milliseconds before the child is killed (default 60 s). */
  timeout?: number;
  /** Run as this user and group (see `unprivileged`). */
  uid?: number;
  gid?: number;
}

export interface BinResult extends CliResult {
  /** The signal that ended the child, if one did. */
  signal: NodeJS.Signals | null;
}

/** Runs the built bin (`node bin/scaleplay.js ARGS`) in a child process and waits for it. */
export function runBin(args: readonly string[], options: BinOptions = {}): BinResult {
  const { env, cwd, input, timeout, ...user } = options;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: cwd ?? ROOT,
    env: { ...baseEnv(), ...env },
    encoding: 'utf8',
    input: input ?? '',
    timeout: timeout ?? 60_000,
    ...user,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw result.error;
  const [stdout, stderr] = [String(result.stdout ?? ''), String(result.stderr ?? '')];
  return { code: result.status ?? -1, signal: result.signal, stdout, stderr };
}

/**
 * Runs the built bin without blocking this process. `stdin: 'null'` gives it /dev/null; `'silent-pipe'` an open pipe
 * that never sends anything (closed only after the process has exited, so a process that waited on it would hit the
 * timeout).
 */
export function spawnBin(
  args: readonly string[],
  options: { cwd: string; stdin?: 'null' | 'silent-pipe'; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...baseEnv(), NO_COLOR: '1' },
      stdio: [options.stdin === 'silent-pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const limit = options.timeoutMs ?? 20_000;
      reject(new Error(`scaleplay ${args.join(' ')} did not exit within ${limit} ms (it is waiting for input)`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin?.destroy();
      done({ code, stdout, stderr });
    });
  });
}

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the current test. */
export function tempDir(prefix = 'scaleplay-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** True when running as root, where file permissions do not stop reads or writes. */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Options to run a child as an unprivileged user (nobody) when the tests run as root; empty otherwise. */
export function unprivileged(): Pick<BinOptions, 'uid' | 'gid'> {
  return IS_ROOT ? { uid: 65534, gid: 65534 } : {};
}

/** A stack frame as Node prints it ("    at fn (file:1:2)"): never expected in output for bad input. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|native\)?)$/m;
/** The frozen playbook 1.0.0 (fixtures/v1/playbook): engine tests that need its conditions run against it. */
export const V1_PLAYBOOK = join(ROOT, 'fixtures', 'v1', 'playbook');

/** An answers file made for the frozen playbook 1.0.0 (fixtures/v1/answers). */
export function v1Answers(name: string): string {
  return join(ROOT, 'fixtures', 'v1', 'answers', name);
}
