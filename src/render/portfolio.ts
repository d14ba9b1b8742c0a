// The portfolio view: a table for terminals (score and percentile per cell), JSON for tools, CSV for spreadsheets.
import { basename } from 'node:path';
import type { HorizontalAlignment } from 'cli-table3';
import type { ColumnStats, Portfolio, PortfolioCell } from '../core/portfolio.js';
import type { Level } from '../core/model.js';
import type { Problem } from '../errors.js';
import { renderCsv, safeText, writeJson, type CsvValue } from './channels.js';
import { drawColumns, fitWidths } from './columns.js';
import { wrap } from './text.js';
import type { RenderContext, Renderer } from './renderer.js';

/** Version of the `portfolio --format json` shape; bump on breaking changes. */
export const PORTFOLIO_JSON_VERSION = 1;

/** The percentile definition, carried in the JSON output. */
export const PERCENTILE_DEFINITION =
  'percentile = 100 × (teams scoring below + ½ × teams tied) ÷ (other teams in the set), rounded; steps not applicable to a team are left out of that column';

/** What the portfolio renderers show: the portfolio, the rubric's levels, and the files that could not be loaded. */
export interface PortfolioView {
  portfolio: Portfolio;
  levels: readonly Level[];
  /** Files that could not be loaded (JSON lists them; the table and CSV leave them to stderr). */
  errors: { file: string; problems: Problem[] }[];
}

/** `portfolio --format json`: a stable, versioned shape. */
export const renderPortfolioJson: Renderer<PortfolioView> = ({ portfolio, errors }) =>
  writeJson({
    schemaVersion: PORTFOLIO_JSON_VERSION,
    generator: 'scaleplay',
    kind: 'portfolio',
    percentileDefinition: PERCENTILE_DEFINITION,
    ...portfolio,
    errors,
  });

/** `portfolio --format csv`: one row per team (file, team, product, stage, date, then score, level, percentile and
 * target met for overall and each step). */
export const renderPortfolioCsv: Renderer<PortfolioView> = ({ portfolio }) => {
  const columns = ['overall', ...portfolio.steps.map((step) => step.id)];
  const header: CsvValue[] = ['file', 'team', 'product', 'stage', 'date'];
  for (const id of columns) header.push(id, `${id}_level`, `${id}_percentile`, `${id}_meets_target`);
  const rows: CsvValue[][] = [header];
  for (const row of portfolio.rows) {
    const line: CsvValue[] = [row.file, row.team, row.product, row.stage, row.date];
    for (const id of columns) {
      const cell = id === 'overall' ? row.overall : row.steps[id]!;
      line.push(
        cell.applicable ? cell.score : undefined,
        cell.applicable ? cell.level : 'n/a',
        cell.percentile,
        cell.meetsTarget,
      );
    }
    rows.push(line);
  }
  return renderCsv(rows);
};

/** `portfolio --format table`: the table drops columns to fit the width. */
export const renderPortfolioTable: Renderer<PortfolioView> = ({ portfolio, levels, errors }, context) => {
  const { theme } = context;
  const lines: string[] = [];
  const count = portfolio.rows.length;
  const targets = portfolio.stage ? `targets: ${portfolio.stage}` : "targets: each file's stage";
  lines.push(
    theme.dim(
      wrap(
        `scaleplay portfolio · ${count} team${count === 1 ? '' : 's'} · ${safeText(portfolio.rubric.title)} v${safeText(portfolio.rubric.version)} · sorted by ${portfolio.sort} · ${targets}`,
        context.width,
        2,
      ),
    ),
    '',
  );
  const full = portfolioTable(portfolio, context, false);
  // Six steps side by side are wide: on a narrow terminal drop the stage and level columns and shorten the names.
  const fits = (text: string) => text.split('\n').every((line) => visibleLength(line) <= context.width);
  lines.push(fits(full) ? full : portfolioTable(portfolio, context, true), '');
  const bands = levels.map((level) => `${level.name} ${level.min}–${level.max}`).join(', ');
  lines.push(
    theme.dim(
      wrap(
        `cells: score and percentile in this set (p100: above every other team) · ! below the stage target · levels: ${bands}`,
        context.width,
        2,
      ),
    ),
  );
  if (errors.length > 0)
    lines.push(
      theme.warn(`${errors.length} file${errors.length === 1 ? '' : 's'} could not be loaded (listed on stderr)`),
    );
  return `${lines.join('\n')}\n`;
};

function portfolioTable(portfolio: Portfolio, context: RenderContext, compact: boolean): string {
  const { theme } = context;
  const wide = <T>(...values: T[]): T[] => (compact ? [] : values);
  const stepHead = (title: string) =>
    (compact
      ? title.split(' ').map((word) => (word.length > 8 ? `${word.slice(0, 7)}.` : word))
      : title.split(' ')
    ).join('\n');
  const head = [
    '#',
    'team',
    ...wide('stage'),
    'overall',
    ...wide('level'),
    ...portfolio.steps.map((step) => stepHead(step.title)),
  ];
  const rows: string[][] = [];
  // Teams named twice (one team assessed twice, or a workshop) get their file name added.
  const named = new Map<string, number>();
  for (const row of portfolio.rows) if (row.team !== undefined) named.set(row.team, (named.get(row.team) ?? 0) + 1);
  for (const [index, row] of portfolio.rows.entries()) {
    const name =
      row.team === undefined
        ? basename(row.file)
        : named.get(row.team)! > 1
          ? `${truncate(row.team, 20)} (${basename(row.file)})`
          : row.team;
    rows.push([
      String(index + 1),
      truncate(safeText(name), compact ? 9 : 36),
      ...wide(row.stage ?? '—'),
      cell(row.overall),
      ...wide(row.overall.levelName),
      ...portfolio.steps.map((step) => cell(row.steps[step.id]!)),
    ]);
  }
  rows.push([
    '',
    theme.dim('median'),
    ...wide(''),
    theme.dim(median(portfolio.stats.overall)),
    ...wide(''),
    ...portfolio.steps.map((step) => theme.dim(median(portfolio.stats.steps[step.id]!))),
  ]);
  const aligns: HorizontalAlignment[] = [
    'right',
    'left',
    ...wide<HorizontalAlignment>('left'),
    'right',
    ...wide<HorizontalAlignment>('left'),
    ...portfolio.steps.map((): HorizontalAlignment => 'right'),
  ];
  return drawColumns(head, rows, fitWidths(head, rows), aligns);
}

function visibleLength(line: string): number {
  return line.replace(/\u001b\[[0-9;]*m/g, '').length;
}

function cell(value: PortfolioCell): string {
  if (!value.applicable) return 'n/a';
  const percentile = value.percentile === undefined ? '' : ` p${value.percentile}`;
  return `${value.score}${percentile}${value.meetsTarget === false ? '!' : ''}`;
}

function median(stats: ColumnStats): string {
  return stats.median === undefined ? '' : String(Math.round(stats.median * 10) / 10);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
