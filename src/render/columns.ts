// A table without borders (columns padded and aligned, one space between them), drawn exactly as cli-table3 draws it
// with `chars` all empty but `middle: ' '`, `padding-left: 0`, `padding-right: 1` and fixed `colWidths`: the same bytes
// (test/columns.test.ts holds it to cli-table3 on random tables), in linear time. cli-table3 itself lays a table out
// in time quadratic in its rows and merges its options into every cell: 10,000 portfolio rows took about 3 s.
import type { HorizontalAlignment } from 'cli-table3';
// cli-table3's own helpers: the width of a cell (colour escapes stripped, wide characters counted twice), and colour
// carried across the lines of a cell.
import { colorizeLines, strlen } from 'cli-table3/src/utils.js';

/** Columns a cell's widest line takes, as cli-table3 measures it (plain printable ASCII is measured by its length). */
export function cellWidth(text: string): number {
  return PLAIN.test(text) ? text.length : strlen(text);
}

/**
 * The table's lines, joined: the head (when given) and the rows, each cell padded to its column's width (`widths`
 * include the one space of right padding, and fit every cell: see `fitWidths`) and aligned as `aligns` says.
 */
export function drawColumns(
  head: readonly string[] | undefined,
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  aligns: readonly HorizontalAlignment[],
): string {
  const out: string[] = [];
  for (const row of head && head.length > 0 ? [head, ...rows] : rows) {
    const cells = row.map((cell) => {
      const lines = String(cell).split('\n');
      return lines.some((line) => line.includes('\u001b')) ? colorizeLines(lines) : lines;
    });
    const height = Math.max(1, ...cells.map((lines) => lines.length));
    for (let index = 0; index < height; index++) {
      const parts = cells.map((lines, column) => {
        const width = widths[column]!;
        const line = lines[index];
        if (line === undefined) return ' '.repeat(width);
        const room = width - 1;
        const fill = ' '.repeat(Math.max(0, room - cellWidth(line)));
        return `${aligns[column] === 'right' ? fill + line : aligns[column] === 'center' ? centred(line, room) : line + fill} `;
      });
      const text = parts.join(' ');
      if (text.length > 0) out.push(text);
    }
  }
  return out.join('\n');
}

/** The width of each column: its widest cell (head included) plus the one space of right padding. */
export function fitWidths(head: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return head.map(
    (title, column) =>
      rows.reduce((widest, row) => Math.max(widest, cellWidth(row[column] ?? '')), cellWidth(title)) + 1,
  );
}

function centred(line: string, room: number): string {
  const spare = Math.max(0, room - cellWidth(line));
  const right = Math.ceil(spare / 2);
  return ' '.repeat(spare - right) + line + ' '.repeat(right);
}

/** Printable ASCII and nothing else: one column a character. */
const PLAIN = /^[\u0020-\u007e]*$/;
