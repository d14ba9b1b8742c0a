// Regenerates the golden report files in fixtures/golden/ from the current code:
//   node scripts/update-goldens.mjs
// Needs no environment: each case in fixtures/golden/cases.json fixes the arguments and the terminal width, colour is
// off, and every date comes from the answers files. Cases run in order: the merge case that writes the workshop consensus
// comes before the report cases that read it. It runs the CLI in-process exactly as test/report-golden.test.ts
// does (src/cli.ts bundled on the fly with esbuild), so a regenerated golden is what the test will compare against.
// Review `git diff fixtures/golden` before committing.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { cases } = JSON.parse(readFileSync('fixtures/golden/cases.json', 'utf8'));
const bundle = 'node_modules/.cache/scaleplay-goldens/cli.mjs';
await build({
  entryPoints: ['src/cli.ts'],
  outfile: bundle,
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  logLevel: 'warning',
});
const { run } = await import(new URL(`file://${join(root, bundle)}`).href);

let failed = 0;
for (const entry of cases) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: {
      write: (text) => (stdout += text),
      isTTY: false,
      ...(entry.columns !== undefined && { columns: entry.columns }),
    },
    stderr: { write: (text) => (stderr += text), isTTY: false },
    stdin: new PassThrough(),
    env: {},
    cwd: root,
    // As test/report-golden.test.ts's fake Io: the real date (no golden case has evidence that ages), no signals.
    today: () => new Date().toISOString().slice(0, 10),
    onSignal: () => () => {},
  };
  const code = await run(['node', 'scaleplay', ...entry.args], io);
  if (code !== 0 || (stderr !== '' && !entry.ignoreStderr)) {
    failed++;
    process.stderr.write(`${entry.out}: exit ${code}\n${stderr}`);
    continue;
  }
  writeFileSync(join('fixtures/golden', entry.out), stdout);
  process.stdout.write(`wrote fixtures/golden/${entry.out}\n`);
}
rmSync(dirname(bundle), { recursive: true, force: true });
process.exitCode = failed > 0 ? 1 : 0;
