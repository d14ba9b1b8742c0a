// A clean copy of this working tree for install and action tests: the files a fresh clone would hold (tracked and new
// ones, as they are now), never dist/ or node_modules/; building borrows this checkout's node_modules through a link.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** Copies the working tree's files to `dest`; with `git`, commits them there first (a repository to install from). */
export function copyWorkingTree(dest: string, options: { git?: boolean } = {}): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) cpSync(join(ROOT, file), join(dest, file));
  if (options.git) {
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args],
        { cwd: dest, stdio: 'ignore' },
      );
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'snapshot');
  }
  // After the commit: a link is not a folder to .gitignore, so `git add` would have taken it.
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'), 'dir');
}
