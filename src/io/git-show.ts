// Reads an answers file as it was at a git revision (`check --baseline-git REF`): `git show REF:./FILE`, run with
// execFile (no shell) from the file's folder, with clear errors for "not a repository", "no such revision" and "no
// such file at that revision".
import { execFile } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { MAX_FILE_BYTES, parseYamlText, type YamlFile } from './yaml-file.js';

interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
  /** Set when git could not run at all (e.g. ENOENT: not installed). */
  spawnError?: string;
}

/** Reads and parses `file` as committed at `ref`; the YamlFile is named `REF:FILE` in messages. */
export async function readYamlAtRevision(
  file: string,
  ref: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<YamlFile> {
  if (ref.trim() === '' || ref.startsWith('-') || /[\s:\u0000-\u001f\u007f]/.test(ref)) {
    throw new UsageError(
      `--baseline-git "${ref}" is not a git revision (expected e.g. HEAD~1, main, origin/main or a commit hash)`,
    );
  }
  const absolute = resolve(options.cwd, file);
  const folder = dirname(absolute);
  const env = { ...options.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  const git = (args: string[]) => runGit(args, folder, env);
  const label = `${ref}:${file}`;

  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.spawnError)
    throw new UsageError(`cannot run git for --baseline-git (${top.spawnError}): is git installed and on PATH?`);
  if (!top.ok) {
    throw new UsageError(
      `--baseline-git needs a git repository, and ${folder} is not in one (git: ${firstLine(top.stderr)})`,
    );
  }
  const revision = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!revision.ok) {
    throw new UsageError(
      `--baseline-git: unknown revision "${ref}" in this repository. In CI, fetch enough history (GitHub Actions: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0).`,
    );
  }
  const shown = await git(['show', `${ref}:./${basename(absolute)}`]);
  if (!shown.ok) {
    if (/exceeded|maxBuffer/i.test(shown.stderr))
      throw new InputError([{ file: label, message: `file is too large (the limit is ${MAX_FILE_BYTES} bytes)` }]);
    throw new InputError([
      {
        file: label,
        message: `${file} does not exist at revision ${ref}`,
        hint: 'Pick a revision where the answers file exists, or use --baseline OLD.yaml.',
      },
    ]);
  }
  const bytes = shown.stdout;
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new InputError([{ file: label, message: `not a text file (NUL byte at offset ${nul})` }]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError([{ file: label, message: 'not valid UTF-8 text' }]);
  }
  return parseYamlText(label, text.startsWith('\uFEFF') ? text.slice(1) : text);
}

function runGit(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<GitResult> {
  return new Promise((done) => {
    execFile(
      'git',
      args,
      { cwd, env, encoding: 'buffer', maxBuffer: MAX_FILE_BYTES, timeout: 30_000, windowsHide: true },
      (error, stdout, stderr) => {
        const errText = stderr.toString('utf8');
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') done({ ok: false, stdout, stderr: 'maxBuffer exceeded' });
        // A string code means git never ran (ENOENT: not installed); a number is git's own exit status.
        else if (typeof code === 'string') done({ ok: false, stdout, stderr: errText, spawnError: code });
        else done({ ok: !error, stdout, stderr: errText });
      },
    );
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
