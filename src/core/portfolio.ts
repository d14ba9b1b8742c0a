// The portfolio view (`scaleplay portfolio`): one row per answers file with the overall and per-step scores, levels and
// percentiles across the set — a private benchmark of many teams.
//
// Percentile (of a score within its column): the share of the OTHER teams in the set that this team scores above, ties
// counting half, times 100, rounded: 100 × (below + ½ × tied) ÷ (n − 1). The best team alone at the top gets 100, the
// worst 0, all-equal teams 50. Undefined with fewer than two scores. Steps not applicable to a team are left out of
// that step's column.
import type { Rubric } from './model.js';
import { type Report, type ScoreSummary, summarizeScore } from './score.js';

/** One scored answers file. */
export interface PortfolioInput {
  file: string;
  report: Report;
}

/** One score in the portfolio (overall or a step). */
export interface PortfolioCell extends ScoreSummary {
  percentile?: number;
  /** Against the stage's target level, when a stage applies. */
  meetsTarget?: boolean;
}

/** One team (answers file) in the portfolio. */
export interface PortfolioRow {
  file: string;
  team?: string;
  product?: string;
  stage?: string;
  date?: string;
  overall: PortfolioCell;
  /** By step id. */
  steps: Record<string, PortfolioCell>;
}

/** Summary of one column across the set. */
export interface ColumnStats {
  count: number;
  min?: number;
  median?: number;
  max?: number;
}

/** The portfolio view, ready to render. */
export interface Portfolio {
  rubric: { id: string; version: string; title: string };
  /** The stage every file was scored against (`--stage`); otherwise each file's own. */
  stage?: string;
  sort: string;
  steps: { id: string; title: string }[];
  rows: PortfolioRow[];
  stats: { overall: ColumnStats; steps: Record<string, ColumnStats> };
}

/** Builds the portfolio: rows sorted by `sort` ("overall" or a step id), highest first, with percentiles and column stats. */
export function buildPortfolio(
  rubric: Rubric,
  inputs: readonly PortfolioInput[],
  options: { sort?: string; stage?: string } = {},
): Portfolio {
  return assemblePortfolio(
    rubric,
    inputs.map(({ file, report }) => portfolioRow(file, report)),
    options,
  );
}

/** What the portfolio keeps of one scored file: its row (a few hundred bytes, whatever the size of the report). */
export function portfolioRow(file: string, report: Report): PortfolioRow {
  return {
    file,
    ...(report.team !== undefined && { team: report.team }),
    ...(report.product !== undefined && { product: report.product }),
    ...(report.stage !== undefined && { stage: report.stage }),
    ...(report.date !== undefined && { date: report.date }),
    overall: {
      ...summarizeScore(report.overall),
      ...(report.overall.meetsTarget !== undefined && { meetsTarget: report.overall.meetsTarget }),
    },
    steps: Object.fromEntries(
      report.steps.map((step) => [
        step.id,
        {
          ...summarizeScore(step),
          ...(step.meetsTarget !== undefined && step.applicable && { meetsTarget: step.meetsTarget }),
        },
      ]),
    ),
  };
}

/** The portfolio of rows made by `portfolioRow` (which it sorts, and fills in their percentiles). */
export function assemblePortfolio(
  rubric: Rubric,
  rows: PortfolioRow[],
  options: { sort?: string; stage?: string } = {},
): Portfolio {
  const sort = options.sort ?? 'overall';

  const columns: { id: string; cell: (row: PortfolioRow) => PortfolioCell }[] = [
    { id: 'overall', cell: (row) => row.overall },
    ...rubric.steps.map((step) => ({ id: step.id, cell: (row: PortfolioRow) => row.steps[step.id]! })),
  ];
  const stats: Record<string, ColumnStats> = {};
  for (const column of columns) {
    const cells = rows.map(column.cell).filter((cell) => cell.applicable);
    const ranks = percentileRanks(cells.map((cell) => cell.score));
    cells.forEach((cell, index) => {
      if (ranks[index] !== undefined) cell.percentile = ranks[index];
    });
    stats[column.id] = columnStats(cells.map((cell) => cell.score));
  }

  const key = (row: PortfolioRow) => (sort === 'overall' ? row.overall : row.steps[sort]!);
  const name = (row: PortfolioRow) => row.team ?? row.file;
  rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (
      Number(y.applicable) - Number(x.applicable) ||
      y.score - x.score ||
      name(a).localeCompare(name(b)) ||
      a.file.localeCompare(b.file)
    );
  });
  const { overall, ...steps } = stats;
  return {
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    ...(options.stage !== undefined && { stage: options.stage }),
    sort,
    steps: rubric.steps.map((step) => ({ id: step.id, title: step.title })),
    rows,
    stats: { overall: overall!, steps },
  };
}

/** Percentile ranks (see the definition at the top of this file), in the order of `values`; O(n log n). */
export function percentileRanks(values: readonly number[]): (number | undefined)[] {
  if (values.length < 2) return values.map(() => undefined);
  const sorted = [...values].sort((a, b) => a - b);
  const others = values.length - 1;
  return values.map((value) => {
    const below = lowerBound(sorted, value);
    const tied = lowerBound(sorted, value, true) - below - 1;
    return Math.round((100 * (below + tied / 2)) / others);
  });
}

/** Count, min, median and max of a column (median: the mean of the two middle values for an even count). */
export function columnStats(values: readonly number[]): ColumnStats {
  if (values.length === 0) return { count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: sorted.length, min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/** The index of the first element ≥ value (or > value with `after`) in an ascending array. */
function lowerBound(sorted: readonly number[], value: number, after = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value || (after && sorted[mid] === value)) low = mid + 1;
    else high = mid;
  }
  return low;
}
