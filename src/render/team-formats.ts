// Output format names for diff, merge and portfolio, apart from their renderers so `src/cli.ts` can offer them as
// choices without loading any renderer at startup.

/** `diff --format` choices. */
export const DIFF_FORMATS = ['table', 'json', 'md'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** `merge --format` choices. */
export const MERGE_FORMATS = ['table', 'json', 'md'] as const;
export type MergeFormat = (typeof MERGE_FORMATS)[number];

/** `portfolio --format` choices. */
export const PORTFOLIO_FORMATS = ['table', 'json', 'csv'] as const;
export type PortfolioFormat = (typeof PORTFOLIO_FORMATS)[number];
