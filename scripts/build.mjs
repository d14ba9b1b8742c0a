// Bundles src/main.ts into dist/ with esbuild: one file loads much faster than hundreds of node_modules files
// (see docs/speed.md). Code splitting keeps the prompt library in a chunk that only `assess` loads.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

// The build's identity (a hash of the sources): the compiled-rubric cache keeps entries per build.
const sources = readdirSync(new URL('../src', import.meta.url), { recursive: true })
  .filter((name) => name.endsWith('.ts'))
  .sort();
const buildHash = createHash('sha256');
for (const name of sources)
  buildHash
    .update(name)
    .update('\0')
    .update(readFileSync(new URL(`../src/${name}`, import.meta.url)))
    .update('\0');

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', 'portfolio-worker': 'src/portfolio-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: {
    SCALEPLAY_VERSION: JSON.stringify(
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
    ),
    SCALEPLAY_BUILD: JSON.stringify(buildHash.digest('hex').slice(0, 16)),
  },
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require() on Node built-ins; ESM bundles have no require of their own.
  banner: {
    js: "import { createRequire as __scaleplayCreateRequire } from 'node:module'; const require = __scaleplayCreateRequire(import.meta.url);",
  },
});

// Compile the built-in playbook to JSON (validated by the CLI just built), with the hash that src/io/compiled-playbook.ts
// checks at run time; the hash function is bundled from that same module so the two can never disagree.
const { execFileSync } = await import('node:child_process');
const { writeFileSync } = await import('node:fs');
const helper = 'dist/.build/compiled-playbook.mjs';
await build({
  entryPoints: ['src/io/compiled-playbook.ts'],
  outfile: helper,
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { hashRubricSources, COMPILED_PLAYBOOK_FILE } = await import(new URL(`../${helper}`, import.meta.url).href);
rmSync('dist/.build', { recursive: true, force: true });
const rubricJson = execFileSync(process.execPath, ['bin/scaleplay.js', 'rubric', 'show', '--format', 'json'], {
  encoding: 'utf8',
});
writeFileSync(
  `dist/${COMPILED_PLAYBOOK_FILE}`,
  JSON.stringify({ sourceHash: hashRubricSources('playbook'), rubric: JSON.parse(rubricJson) }),
);
