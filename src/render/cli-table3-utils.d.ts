// cli-table3 ships no types for its helpers; portfolio.ts uses its cell measure.
declare module 'cli-table3/src/utils.js' {
  /** Columns the widest line of `text` takes (colour escapes stripped, wide characters counted twice). */
  export function strlen(text: string): number;
}
