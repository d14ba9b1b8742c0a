// Bundles src/main.ts into dist/ with esbuild: one file loads much faster than hundreds of node_modules files
// (see docs/speed.md). Code splitting keeps the prompt library in a chunk that only `assess` loads. The chunks are
// CommonJS (dist/package.json says so): esbuild splits ESM only, so each output file is then turned into CommonJS,
// which Node 20 can load with V8's code cache (src/io/code-cache.ts, built as dist/code-cache.js); ESM it cannot.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const bundled = await build({
  entryPoints: { main: 'src/main.ts', 'portfolio-worker': 'src/portfolio-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minifyWhitespace: !process.env.PROFILE_BUILD,
  minifySyntax: true,
  logLevel: 'warning',
  write: false,
  define: {
    SCALEPLAY_VERSION: JSON.stringify(version),
    SCALEPLAY_BUILD: JSON.stringify(buildHash.digest('hex').slice(0, 16)),
    // CommonJS has no import.meta: each file that asks for its URL gets it from __filename (the banner below).
    'import.meta.url': '__scaleplayUrl',
  },
  chunkNames: 'chunks/[name]-[hash]',
});

// Each file to CommonJS: `import`/`export` become require/exports, `import("./x.js")` a lazy require of that chunk.
const bundleHash = createHash('sha256');
for (const output of bundled.outputFiles.sort((a, b) => a.path.localeCompare(b.path))) {
  const { code } = await transform(output.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: !process.env.PROFILE_BUILD,
    minifySyntax: true,
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
  });
  const text = code.includes('__scaleplayUrl')
    ? `var __scaleplayUrl=require("node:url").pathToFileURL(__filename).href;${code}`
    : code;
  mkdirSync(dirname(output.path), { recursive: true });
  writeFileSync(output.path, text);
  bundleHash
    .update(output.path.slice(output.path.lastIndexOf('/dist/')))
    .update('\0')
    .update(text)
    .update('\0');
}
writeFileSync('dist/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);

// The code cache loader the bin runs first, with the bundle's identity: cached code of another build is never read.
await build({
  entryPoints: ['src/io/code-cache.ts'],
  outfile: 'dist/code-cache.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: !process.env.PROFILE_BUILD,
  minifySyntax: true,
  logLevel: 'warning',
  define: { SCALEPLAY_BUNDLE: JSON.stringify(bundleHash.digest('hex').slice(0, 16)) },
});

// Compile the built-in playbook to JSON (validated by the CLI just built), with the hash that src/io/compiled-playbook.ts
// checks at run time; the hash function is bundled from that same module so the two can never disagree.
const { execFileSync } = await import('node:child_process');
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
  env: { ...process.env, SCALEPLAY_CODE_CACHE: '0' },
});
writeFileSync(
  `dist/${COMPILED_PLAYBOOK_FILE}`,
  JSON.stringify({ sourceHash: hashRubricSources('playbook'), rubric: JSON.parse(rubricJson) }),
);
