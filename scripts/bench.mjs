// npm run bench: start-up and scoring speed, measured side by side in one run so the ratios hold on a noisy machine.
// Prints medians and ratios against bare `node -e ""`; nothing here asserts — read the numbers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const bin = 'bin/scaleplay.js';
const fixture = 'fixtures/answers/mistral-2026.yaml';
const work = mkdtempSync(join(tmpdir(), 'scaleplay-bench-'));

try {
  const large = writeLargeRubric(work, 1000);
  const commands = [
    ['node -e ""', ['-e', '']],
    ['scaleplay check (fixture)', [bin, 'check', fixture]],
    ['scaleplay report --format json (fixture)', [bin, 'report', fixture, '--format', 'json']],
    ['scaleplay --help', [bin, '--help']],
    ['rubric validate, 1,000 questions', [bin, 'rubric', 'validate', large.dir]],
    ['report --format json, 1,000 questions', [bin, 'report', large.answers, '--rubric', large.dir, '--format', 'json']],
  ];
  const times = new Map(commands.map(([name]) => [name, []]));
  // Interleave the commands so that machine noise hits them all alike.
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of commands) {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
      const elapsed = performance.now() - started;
      if (result.status !== 0 && !(name.includes('check') && result.status === 1)) {
        throw new Error(`${name} failed (exit ${result.status}): ${result.stderr}`);
      }
      times.get(name).push(elapsed);
    }
  }
  const baseline = median(times.get('node -e ""'));
  console.log(`scaleplay bench · node ${process.version} · ${runs} interleaved runs each · median wall time\n`);
  console.log(`${'command'.padEnd(44)} ${'median ms'.padStart(10)} ${'× node'.padStart(8)}`);
  for (const [name] of commands) {
    const value = median(times.get(name));
    console.log(`${name.padEnd(44)} ${value.toFixed(1).padStart(10)} ${(value / baseline).toFixed(2).padStart(8)}`);
  }
  const check = median(times.get('scaleplay check (fixture)')) / baseline;
  console.log(`\ntarget: check within 2.00× bare node start-up · measured ${check.toFixed(2)}× · ${check <= 2 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// A valid rubric of `count` questions in 6 steps (mixed kinds), and an answers file answering all of them.
function writeLargeRubric(root, count) {
  const dir = join(root, 'large-rubric');
  mkdirSync(join(dir, 'steps'), { recursive: true });
  const stepIds = ['s1', 's2', 's3', 's4', 's5', 's6'];
  const levels = '  - { id: low, name: Low, min: 0, max: 39 }\n  - { id: mid, name: Mid, min: 40, max: 69 }\n  - { id: high, name: High, min: 70, max: 100 }\n';
  writeFileSync(
    join(dir, 'rubric.yaml'),
    `id: large\nversion: 1.0.0\ntitle: Large rubric\nsteps: [${stepIds.join(', ')}]\nlevels:\n${levels}critical: { cap: mid, met_at: 0.7 }\n` +
      `stages:\n  - id: one\n    name: One\n    overall: mid\n    targets: { ${stepIds.map((id) => `${id}: mid`).join(', ')} }\n`,
  );
  const answers = [`rubric: { id: large, version: 1.0.0 }\nteam: Bench\nstage: one\nanswers:`];
  let made = 0;
  for (const [index, stepId] of stepIds.entries()) {
    const perStep = Math.floor(count / stepIds.length) + (index < count % stepIds.length ? 1 : 0);
    const lines = [`id: ${stepId}\ntitle: Step ${stepId}\nsummary: Generated.\nquestions:`];
    answers.push(`  ${stepId}:`);
    for (let q = 0; q < perStep; q++, made++) {
      const id = `q${made}`;
      const action = `{ text: Do the thing for ${id}., effort: M }`;
      const kind = ['single', 'multi', 'boolean', 'number'][made % 4];
      lines.push(`  - id: ${id}\n    prompt: Question ${id}?\n    why: Generated for the benchmark.\n    kind: ${kind}\n    weight: ${1 + (made % 3)}`);
      if (made % 7 === 3 && made > 0) lines.push(`    when: { question: q${made - 1}, ${['single', 'multi', 'boolean', 'number'][(made - 1) % 4] === 'number' ? 'at_least: 10' : `in: [${['a', 'a', 'yes'][(made - 1) % 4]}]`} }`);
      if (kind === 'single' || kind === 'multi') {
        lines.push(`    choices:\n      - { id: a, label: A, score: ${kind === 'multi' ? 0.2 : 0}, action: ${action} }\n      - { id: b, label: B, score: 0.5, action: ${action} }\n      - { id: c, label: C, score: ${kind === 'multi' ? 0.5 : 1}${kind === 'multi' ? `, action: ${action}` : ''} }`);
        answers.push(`    ${id}: ${kind === 'multi' ? '[a, b]' : 'b'}`);
      } else if (kind === 'boolean') {
        lines.push(`    action: ${action}`);
        answers.push(`    ${id}: ${made % 2 ? 'yes' : 'no'}`);
      } else {
        lines.push(`    unit: "%"\n    min: 0\n    max: 100\n    bands:\n      - { from: 0, score: 0, action: ${action} }\n      - { from: 10, score: 0.5, action: ${action} }\n      - { from: 30, score: 1 }`);
        answers.push(`    ${id}: ${made % 50}`);
      }
    }
    writeFileSync(join(dir, 'steps', `${stepId}.yaml`), `${lines.join('\n')}\n`);
  }
  const answersFile = join(root, 'large-answers.yaml');
  writeFileSync(answersFile, `${answers.join('\n')}\n`);
  return { dir, answers: answersFile };
}
