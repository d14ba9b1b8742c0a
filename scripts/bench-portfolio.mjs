// Bench: `scaleplay portfolio` over 1,000 generated answers files, against a bare `node -e ""` measured in the same run.
// Prints the median wall time of each and their ratio. Run after `npm run build` (the lead wires it into `npm run bench`).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const FILES = Number(process.env.BENCH_PORTFOLIO_FILES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = new URL('..', import.meta.url);
const bin = new URL('bin/scaleplay.js', root).pathname;

// Variations of the shipped fixtures: each file gets its own team and a few answers moved, so scores differ.
const templates = ['growth-saas', 'mistral-2026', 'preseed-demo'].map((name) => readFileSync(new URL(`fixtures/answers/${name}.yaml`, root), 'utf8'));
const variants = [
  ['synthetic-checks:\n      answer: uptime-only', 'synthetic-checks:\n      answer: endpoints'],
  ['has-api: yes', 'has-api: no'],
  ['release-cadence: monthly', 'release-cadence: continuous'],
  ['portability: no', 'portability: yes'],
];
const dir = mkdtempSync(join(tmpdir(), 'scaleplay-bench-portfolio-'));
try {
  for (let index = 0; index < FILES; index++) {
    let text = templates[index % templates.length].replace(/^team: .*$/m, `team: "Team ${String(index).padStart(4, '0')}"`);
    for (const [bit, [from, to]] of variants.entries()) if ((index >> bit) & 1) text = text.replace(from, to);
    writeFileSync(join(dir, `team-${String(index).padStart(4, '0')}.yaml`), text);
  }
  const time = (args) => {
    const start = performance.now();
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return performance.now() - start;
  };
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const bare = [];
  const portfolio = [];
  // Warm the file cache, and make sure every generated file loads (a bench of error paths would measure the wrong thing).
  const warm = spawnSync(process.execPath, [bin, 'portfolio', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (warm.status !== 0 || warm.stderr.includes('could not be loaded')) {
    console.error(`bench-portfolio: the generated files do not all load:\n${warm.stderr.slice(0, 2000)}`);
    process.exitCode = 1;
  }
  for (let run = 0; run < RUNS && process.exitCode !== 1; run++) {
    bare.push(time(['-e', '']));
    portfolio.push(time([bin, 'portfolio', dir, '--format', 'json']));
  }
  const [b, p] = [median(bare), median(portfolio)];
  if (process.exitCode !== 1) console.log(`portfolio of ${FILES} files: ${p.toFixed(0)} ms (median of ${RUNS}); bare node -e "": ${b.toFixed(0)} ms; ratio ${(p / b).toFixed(1)}x; ${(p / FILES).toFixed(2)} ms per file`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
