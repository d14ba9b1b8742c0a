// Typed errors. Deep code throws these; only src/cli.ts turns them into messages and exit codes.

/** Where a problem is: a file and, when known, a 1-based line and column. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

/** One problem in an input file, reported like a compiler diagnostic. */
export interface Problem extends SourceLocation {
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** Formats a problem as `file:line:col: message (hint)`. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.col].filter((part) => part !== undefined).join(':');
  return `${where}: ${problem.message}${problem.hint ? `\n  ${problem.hint}` : ''}`;
}

/** Invalid input: a file that cannot be read or does not validate. Exit code 2. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Wrong command-line usage. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The user cancelled (Ctrl-C: exit 130), or a signal stopped the command (SIGTERM: 143, SIGHUP: 129). */
export class CancelledError extends Error {
  readonly exitCode: ExitCode;
  constructor(message = 'Cancelled.', exitCode: ExitCode = EXIT.cancelled) {
    super(message);
    this.exitCode = exitCode;
    this.name = 'CancelledError';
  }
}

export const EXIT = { ok: 0, failed: 1, invalid: 2, cancelled: 130, hangup: 129, terminated: 143 } as const;

/** One of the exit codes above. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
