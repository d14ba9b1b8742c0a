// The end-to-end tests run the built bin. `npm test` builds first (pretest), so this builds only when dist/ is missing
// or older than what it is built from: `npx vitest run test/x.test.ts` alone still runs against a current bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BUILT = join(ROOT, 'dist', 'playbook.compiled.json');
const SOURCES = ['src', 'playbook', 'scripts/build.mjs', 'package.json'];

/** The newest modification time under `path` (a file or a folder, recursively). */
function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

export default function setup(): () => void {
  // Every bin a test starts writes its caches (code, compiled rubrics) here, never into the user's ~/.cache: the test
  // processes inherit this environment. Removed when the run ends.
  const cache = mkdtempSync(join(tmpdir(), 'scaleplay-test-xdg-'));
  process.env.XDG_CACHE_HOME = cache;
  // The compiled playbook is the last file the build writes: its time is when the build finished.
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : -1;
  if (SOURCES.some((source) => newestChange(join(ROOT, source)) > builtAt)) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }
  return () => rmSync(cache, { recursive: true, force: true });
}
