// render/columns.ts draws a borderless table byte for byte as cli-table3 does (cli-table3 is the oracle here), in
// linear time: random tables of plain, wide, combining, emoji and coloured text, with multi-line heads.
import Table, { type HorizontalAlignment } from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellWidth, drawColumns, fitWidths } from '../src/render/columns.js';
import { createTheme } from '../src/render/theme.js';

const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: ' ',
};

function byCliTable3(head: string[], rows: string[][], aligns: HorizontalAlignment[]): string {
  const table = new Table({
    head,
    colWidths: fitWidths(head, rows),
    colAligns: aligns,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    chars: BORDERLESS,
  });
  table.push(...rows);
  return table.toString();
}

const colour = createTheme(true);
const piece = fc.constantFrom('a', 'Team', '42', ' ', '…', '日本', '👍', 'é', 'e\u0301', '—', 'p50!', 'n/a', '');
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
const cell = fc.oneof(
  text,
  text.map((value) => colour.dim(value)),
);
// Bold or a colour opened on one line of a cell and closed on another (cli-table3 closes and reopens it per line).
const headCell = fc.oneof(
  fc.array(text, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
  fc
    .tuple(text, text, fc.constantFrom(['1', '22'], ['31', '39']))
    .map(([first, second, [on, off]]) => `\u001b[${on}m${first}\n${second}\u001b[${off}m`),
);

describe('borderless columns', () => {
  it('draw the very bytes cli-table3 draws (random tables, property)', () => {
    const table = fc.integer({ min: 1, max: 6 }).chain((columns) =>
      fc.record({
        head: fc.oneof(fc.constant([] as string[]), fc.array(headCell, { minLength: columns, maxLength: columns })),
        rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
        aligns: fc.array(fc.constantFrom<HorizontalAlignment>('left', 'right', 'center'), {
          minLength: columns,
          maxLength: columns,
        }),
      }),
    );
    fc.assert(
      fc.property(table, ({ head, rows, aligns }) => {
        fc.pre(head.length > 0 || rows.length > 0);
        const widths = fitWidths(head.length > 0 ? head : rows[0]!.map(() => ''), rows);
        const expected = byCliTable3(head, rows, aligns);
        expect(drawColumns(head, rows, widths, aligns)).toBe(expected);
      }),
      { seed: 1512, numRuns: 500 },
    );
  });

  it('measure a cell as cli-table3 does: colour ignored, wide characters twice, the widest line', () => {
    expect(cellWidth('Team 7')).toBe(6);
    expect(cellWidth('日本')).toBe(4);
    expect(colour.dim('median')).toContain('\u001b[');
    expect(cellWidth(colour.dim('median'))).toBe(6);
    expect(cellWidth('Stack\nclimb!')).toBe(6);
  });
});
