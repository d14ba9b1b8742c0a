// cli-table3 ships no types for its helpers; render/columns.ts uses its cell measure and its colour carrying.
declare module 'cli-table3/src/utils.js' {
  /** Columns the widest line of `text` takes (colour escapes stripped, wide characters counted twice). */
  export function strlen(text: string): number;
  /** The lines of a cell, each with the colours that were open at its start reopened and closed at its end. */
  export function colorizeLines(lines: string[]): string[];
}
