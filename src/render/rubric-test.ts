// `scaleplay rubric test`: one line per golden case (which values moved, by how much) and the verdict.
import type { Rubric } from '../core/model.js';
import type { CaseCheck } from '../core/rubric-cases.js';
import { safeText } from './channels.js';
import type { Theme } from './theme.js';

/** One case that ran and how each of its expectations compared. */
export interface CaseResult {
  name: string;
  description?: string | undefined;
  /** The case file as named in messages. */
  file: string;
  checks: CaseCheck[];
}

/** How the run ended: every case held, some moved (and were written back with --update), or some cannot run. */
export type RubricTestVerdict = 'pass' | 'fail' | 'updated' | 'invalid';

export interface RubricTestRun {
  rubric: Rubric;
  /** The rubric folder as the user named it. */
  dir: string;
  /** The command that accepts the moved values, spelt as the user started scaleplay (default `scaleplay rubric test DIR --update`). */
  updateCommand?: string;
  results: CaseResult[];
  /** File names of the cases that cannot run. */
  invalid: string[];
  verdict: RubricTestVerdict;
}

/** The cases whose expectations did not all hold. */
export function movedCases(results: readonly CaseResult[]): CaseResult[] {
  return results.filter(({ checks }) => checks.some((check) => !check.passed));
}

/** The whole report of a run, ending with its verdict line(s). */
export function renderRubricTest(run: RubricTestRun, theme: Theme): string {
  const { rubric, results, invalid } = run;
  const total = results.length + invalid.length;
  const cases = `${total} case${total === 1 ? '' : 's'}`;
  const lines = [`scaleplay rubric test · ${rubric.id} v${safeText(rubric.version)} · ${cases}`, ''];
  const nameWidth = Math.max(8, ...results.map(({ name }) => name.length));
  for (const { name, description, checks } of results) {
    const failed = checks.filter((check) => !check.passed);
    const mark = failed.length === 0 ? theme.good('✓') : theme.bad('✗');
    const held = `${checks.length} check${checks.length === 1 ? '' : 's'} hold`;
    const summary = failed.length === 0 ? held : `${failed.length} of ${checks.length} moved`;
    const note = description ? `  ${theme.dim(safeText(description))}` : '';
    lines.push(`${mark} ${safeText(name).padEnd(nameWidth)}  ${summary}${note}`);
    for (const check of failed) lines.push(`    ${describeMove(check, rubric.levels, theme)}`);
  }
  const moved = movedCases(results);
  lines.push('');
  for (const name of invalid) {
    lines.push(`${theme.bad('!')} ${safeText(name.replace(/\.ya?ml$/, '')).padEnd(nameWidth)}  cannot run (see below)`);
  }
  lines.push(...verdictLines(run, moved, theme));
  return `${lines.join('\n')}\n`;
}

function verdictLines(run: RubricTestRun, moved: readonly CaseResult[], theme: Theme): string[] {
  const { results, invalid } = run;
  const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
  switch (run.verdict) {
    case 'invalid': {
      const others = moved.length > 0 ? `; ${moved.length} of the others moved` : '';
      const cases = `${invalid.length} case${invalid.length === 1 ? '' : 's'}`;
      return ['', theme.bad(`INVALID: ${cases} cannot run${others}. Nothing was updated.`)];
    }
    case 'pass':
      return [theme.good(results.length === 1 ? 'PASS: the 1 case holds.' : `PASS: all ${results.length} cases hold.`)];
    case 'updated': {
      const files = moved.map(({ file }) => safeText(file)).join(', ');
      const now = plural(moved.length, '1 case file now expects', `${moved.length} case files now expect`);
      return [theme.warn(`UPDATED: ${now} the new values: ${files}.`)];
    }
    case 'fail':
      return [
        theme.bad(`FAIL: ${moved.length} of ${results.length} case${results.length === 1 ? '' : 's'} moved.`),
        `If the change is intended, accept the new values with: ${safeText(run.updateCommand ?? `scaleplay rubric test ${run.dir} --update`)}`,
      ];
  }
}

/** "quality level   proven → ready (down 1 level)", "overall score   92 → 88 (−4)". */
function describeMove(check: CaseCheck, levels: readonly { id: string }[], theme: Theme): string {
  const label = `${check.target} ${check.field === 'meetsTarget' ? 'meets_target' : check.field}`.padEnd(28);
  const actual = check.actual === undefined ? 'nothing (no stage target)' : String(check.actual);
  let delta = '';
  if (typeof check.expected === 'number' && typeof check.actual === 'number') {
    const moved = check.actual - check.expected;
    delta = ` (${moved > 0 ? '+' : '−'}${Math.abs(moved)})`;
  } else if (check.field === 'level' && typeof check.actual === 'string') {
    const rank = (id: unknown) => levels.findIndex((level) => level.id === id);
    const by = rank(check.actual) - rank(check.expected);
    delta = ` (${by > 0 ? 'up' : 'down'} ${Math.abs(by)} level${Math.abs(by) === 1 ? '' : 's'})`;
  }
  return `${label} expected ${String(check.expected)}, got ${theme.bold(actual)}${delta}`;
}
