// The process as commands see it: streams, environment, working folder, today's date and signals. Commands take every
// one of these from an `Io`, never from `process`, so a test can run them in-process (in a temporary folder, on a fixed
// date) and see what the bin would do.
import { resolve } from 'node:path';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The folder relative paths are resolved against. */
  cwd: string;
  /** Today's date as YYYY-MM-DD (the date of a new answers file). */
  today(): string;
  /** Calls `handler` when the process receives `signal`; returns the function that stops listening. */
  onSignal(signal: NodeJS.Signals, handler: () => void): () => void;
}

/** The real process. */
export function processIo(): Io {
  const io: Omit<Io, 'stdin'> = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    today: () => new Date().toISOString().slice(0, 10),
    onSignal: (signal, handler) => {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
  };
  // process.stdin is a stream made on first use, which costs about 2 ms: only `assess` needs it, so it is read when
  // asked for (copies of an Io keep the getter: see guardWorkflowStreams).
  return Object.defineProperty(io, 'stdin', { get: () => process.stdin, enumerable: true }) as Io;
}

/** A path as the file system needs it: `file` resolved against the command's working folder. */
export function pathIn(io: Pick<Io, 'cwd'>, file: string): string {
  return resolve(io.cwd, file);
}
