// Runs a command in a real pseudo-terminal through tmux (a private server per session), to type keys and read the
// screen. tmux keeps the pane after the command exits (remain-on-exit) so its last screen can still be read. Each
// terminal has its own server, socket and files in one temporary folder; starting the server is retried under load.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let counter = 0;

/** Fails (never skips) when tmux is missing: CI must install it (`apt-get install -y tmux`). */
export function requireTmux(): void {
  const found = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'tmux is needed for the pseudo-terminal tests of `scaleplay assess` and was not found. Install it: apt-get install -y tmux',
    );
  }
}

export interface TerminalOptions {
  cwd: string;
  columns?: number;
  rows?: number;
  /** Keep the terminal alive after the command exits (tmux forgets a dead pane's cursor state). */
  hold?: boolean;
  /** Added to the terminal's environment (NO_COLOR=1 unless given as undefined). */
  env?: Record<string, string | undefined>;
}

/** A command running in a terminal of its own. */
export interface Terminal {
  /** Presses keys by tmux name: 'Enter', 'Up', 'Down', 'Space', 'BSpace', 'C-c', or single characters. */
  press(...keys: string[]): void;
  /** Types text literally. */
  type(text: string): void;
  /** The screen with `history` lines of scrollback (300 by default; 0 for the visible part only), without colour. */
  screen(history?: number): string;
  /** The visible screen with its colour and style escapes. */
  styledScreen(): string;
  /** Polls the screen until `pattern` shows; throws with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Polls until the screen differs from `previous` and `ready` (if given) shows; returns the new screen. */
  waitForChange(previous: string, ready?: RegExp, timeoutMs?: number): Promise<string>;
  /** Polls the visible screen until `done(screen)` holds; throws with the screen after `timeoutMs`. */
  waitForScreen(done: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Waits for the command to exit and returns its exit code. */
  waitForExit(timeoutMs?: number): Promise<number>;
  /** Whether the terminal shows its cursor (a prompt hides it while open and must show it again when it ends); after
   * the command exits, only with `hold`. */
  cursorVisible(): boolean;
  /** Stops the tmux server and the command with it, and removes its socket and files. */
  kill(): void;
}

/** tmux errors that mean "the server was not reachable this time" (seen on a loaded machine), worth a retry. */
const TRANSIENT = /server exited unexpectedly|error connecting to|lost server|no server running|failed to connect/i;
/** Attempts at starting the tmux server, and at each later tmux command, before giving up. */
const ATTEMPTS = 5;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Starts `argv` in a new tmux session of `columns`×`rows`. */
export function startTerminal(argv: readonly string[], options: TerminalOptions): Terminal {
  requireTmux();
  // Everything of this terminal lives in one temporary folder, removed by kill(): the tmux config, the exit-code file
  // and the server's socket (a socket of its own per test, never in the shared /tmp/tmux-UID folder).
  const configDir = mkdtempSync(join(tmpdir(), 'scaleplay-tmux-'));
  const socket = join(configDir, `s${++counter}`);
  const config = join(configDir, 'tmux.conf');
  // remain-on-exit keeps the pane (and its last screen) after the command ends; a long history keeps the whole report.
  writeFileSync(config, 'set -g remain-on-exit on\nset -g history-limit 5000\nset -g status off\n');
  const tmuxOnce = (...args: string[]) =>
    execFileSync('tmux', ['-S', socket, '-f', config, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  // A command that fails only because the server could not be reached (a loaded machine) is tried again.
  const tmux = (...args: string[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return tmuxOnce(...args);
      } catch (error) {
        const stderr = String((error as { stderr?: unknown }).stderr ?? '');
        if (attempt >= ATTEMPTS || !TRANSIENT.test(stderr)) throw error;
        sleep(100 * attempt);
      }
    }
  };
  const env = Object.entries({ NO_COLOR: '1', ...options.env }).flatMap(([key, value]) =>
    value === undefined ? [] : ['-e', `${key}=${value}`],
  );
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  // tmux 3.3 does not always report a dead pane's exit status, so the shell writes it to a file.
  const exitFile = join(configDir, 'exit-code');
  // With `hold`, the shell stays after the command (until kill()), so the terminal's state (its cursor) can be read.
  const command = `${argv.map(quote).join(' ')}; echo $? > ${quote(exitFile)}${options.hold ? '; sleep 600' : ''}`;
  // Starting the server is what fails under load ("server exited unexpectedly"): start again from a clean socket, but
  // only while the command has not started (no session listed), so it never runs twice.
  for (let attempt = 1; ; attempt++) {
    try {
      tmuxOnce(
        'new-session',
        '-d',
        '-x',
        String(options.columns ?? 100),
        '-y',
        String(options.rows ?? 40),
        '-c',
        options.cwd,
        ...env,
        command,
      );
      break;
    } catch (error) {
      const started = (() => {
        try {
          return tmuxOnce('list-sessions').trim() !== '';
        } catch {
          return false;
        }
      })();
      if (started) break;
      if (attempt >= ATTEMPTS) throw error;
      try {
        tmuxOnce('kill-server');
      } catch {
        // No server to stop.
      }
      rmSync(socket, { force: true });
      sleep(200 * attempt);
    }
  }

  const screen = (history = 300) =>
    tmux('capture-pane', '-p', '-t', '0', ...(history > 0 ? ['-S', String(-history)] : [])).replace(/\s+$/, '');
  const poll = async <T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = check();
      if (result !== undefined) return result;
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what()}\n--- screen ---\n${screen(200)}\n--------------`,
        );
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  };
  const exitStatus = (): number | undefined => {
    const text = existsSync(exitFile) ? readFileSync(exitFile, 'utf8') : '';
    return /^\d+\n$/.test(text) ? Number(text) : undefined;
  };

  return {
    press: (...keys) => void tmux('send-keys', '-t', '0', ...keys),
    type: (text) => void tmux('send-keys', '-t', '0', '-l', '--', text),
    screen,
    styledScreen: () => tmux('capture-pane', '-p', '-e', '-t', '0'),
    waitFor: (pattern, timeoutMs = 20_000) =>
      poll(
        () => {
          const text = screen(300);
          return (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) ? text : undefined;
        },
        timeoutMs,
        () => String(pattern),
      ),
    waitForChange: (previous, ready, timeoutMs = 20_000) =>
      poll(
        () => {
          const text = screen(0);
          return text !== previous && (!ready || ready.test(text)) ? text : undefined;
        },
        timeoutMs,
        () => `the screen to change${ready ? ` and show ${ready}` : ''}`,
      ),
    waitForScreen: (done, what, timeoutMs = 20_000) =>
      poll(
        () => {
          const text = screen(0);
          return done(text) ? text : undefined;
        },
        timeoutMs,
        () => what,
      ),
    waitForExit: (timeoutMs = 20_000) => poll(exitStatus, timeoutMs, () => 'the command to exit'),
    cursorVisible: () => tmux('display-message', '-p', '-t', '0', '#{cursor_flag}').trim() === '1',
    kill() {
      try {
        tmuxOnce('kill-server');
      } catch {
        // Already gone.
      }
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
