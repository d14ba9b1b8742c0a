// A temporary folder that lives for a whole test file (made in beforeAll, removed in afterAll), for suites whose tests
// share an expensive set-up such as a packed tarball; `tempDir` from ./cli.js is removed after each test instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes the folder; call `cleanup` in afterAll. */
export function makeTempDir(prefix = 'scaleplay-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
