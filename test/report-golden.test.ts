// Golden files: every case of fixtures/golden/cases.json, run in-process (no colour, a fixed terminal width, dates from
// the fixtures), must print exactly its file in fixtures/golden/.
// After an intended change of a report, regenerate them with `node scripts/update-goldens.mjs` (it needs no
// environment variable and runs the CLI the same way as this test), then review `git diff fixtures/golden`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './helpers/cli.js';

interface GoldenCase {
  out: string;
  args: string[];
  columns?: number;
  /** `merge --output -` prints its summary on stderr: only stdout is the golden. */
  ignoreStderr?: boolean;
}

const { cases } = JSON.parse(readFileSync(fixture('golden', 'cases.json'), 'utf8')) as { cases: GoldenCase[] };

describe('report goldens', () => {
  it('covers every format on every answers fixture', () => {
    const formats = (name: string) =>
      new Set(cases.filter((entry) => entry.out.startsWith(`${name}.`)).map((entry) => entry.out.split('.').at(-1)));
    for (const name of ['growth-saas', 'mistral-2026', 'preseed-demo', 'workshop-report'])
      expect(formats(name)).toEqual(new Set(['txt', 'md', 'json', 'html']));
  });

  it.each(cases.map((entry) => [entry.out, entry] as const))('%s', async (_name, entry) => {
    const result = await runCli(entry.args, entry.columns === undefined ? {} : { columns: entry.columns });
    if (!entry.ignoreStderr) expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(fixture('golden', entry.out), 'utf8'));
  });
});
