// The part of `scaleplay portfolio` that runs on every core: files are claimed one at a time from a shared counter
// (the main thread and each worker thread take the next unclaimed index), loaded, scored, and reduced at once to the
// row the portfolio shows, so memory holds rows, never whole reports or parsed files.
import { discountUnbackedAnswers } from '../core/evidence.js';
import { portfolioRow, type PortfolioRow } from '../core/portfolio.js';
import type { Rubric } from '../core/model.js';
import { scoreAssessment } from '../core/score.js';
import { InputError, type Problem } from '../errors.js';
import { loadAnswers } from '../io/load-answers.js';

/** What one thread made of the files it claimed, by index in the file list. */
export interface PortfolioShare {
  rows: [number, PortfolioRow][];
  errors: [number, { file: string; problems: Problem[] }][];
  drifted: number;
  /** Files with answers counted as unknown because their evidence is stale or missing. */
  discounted: number;
}

/** What a worker thread is given. */
export interface PortfolioWork {
  kind: 'scaleplay-portfolio';
  rubric: Rubric;
  files: string[];
  cwd: string;
  stage?: string;
  /** Evidence is judged as of this date (YYYY-MM-DD), as `report` and `check` judge it. */
  today: string;
  /** Int32Array[1] over this buffer: the next index to claim. */
  counter: SharedArrayBuffer;
}

/** Scores the files whose indices `claim` hands out until it passes the end of the list. */
export function scoreShare(work: Omit<PortfolioWork, 'kind' | 'counter'>, claim: () => number): PortfolioShare {
  const share: PortfolioShare = { rows: [], errors: [], drifted: 0, discounted: 0 };
  const stage = work.stage === undefined ? {} : { stage: work.stage };
  for (let index = claim(); index < work.files.length; index = claim()) scoreOne(work, index, stage, share);
  return share;
}

/** Scores one file into `share`. */
export function scoreOne(
  work: Pick<PortfolioWork, 'rubric' | 'files' | 'cwd' | 'today'>,
  index: number,
  stage: { stage?: string },
  share: PortfolioShare,
): void {
  const file = work.files[index]!;
  try {
    const loaded = loadAnswers(file, work.rubric, { cwd: work.cwd });
    if (loaded.drift) share.drifted++;
    // Stale or missing evidence counts as unknown here as in `report` and `check`, so a team scores the same in both.
    const assessment = discountUnbackedAnswers(work.rubric, loaded.assessment, work.today);
    if (assessment !== loaded.assessment) share.discounted++;
    // The portfolio shows scores and levels, never gaps: leave them out (most of the scoring work).
    const report = scoreAssessment(work.rubric, assessment, { ...stage, gaps: false });
    share.rows.push([index, portfolioRow(file, report)]);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    share.errors.push([index, { file, problems: error.problems }]);
  }
}

/** A claim function over a shared counter. */
export function claimFrom(counter: SharedArrayBuffer): () => number {
  const cells = new Int32Array(counter);
  return () => Atomics.add(cells, 0, 1);
}
