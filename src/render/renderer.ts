// The one shape every renderer has: data in, text out, with the theme and width it may use. Renderers never write
// and never decide colour; the command writes what they return, once.
import type { PlanEntry, Rubric } from '../core/model.js';
import type { Roadmap } from '../core/roadmap.js';
import type { Report } from '../core/score.js';
import type { WorkshopScores } from '../core/workshop.js';
import type { ReportFooter } from '../io/report-settings.js';
import type { ClaimsChecked } from '../core/verification.js';
import type { Logo } from './logo.js';
import type { Theme } from './theme.js';

/** What every renderer gets besides its data: the colour theme and the width in columns (80 when unknown). */
export interface RenderContext {
  theme: Theme;
  width: number;
}

/** A renderer: data in, text out. */
export type Renderer<T> = (data: T, context: RenderContext) => string;

/** What every report shows: the scored report, its rubric, the roadmap, and the consultant's branding. */
export interface ReportView {
  report: Report;
  rubric: Rubric;
  roadmap: Roadmap;
  /** From --title (HTML, Markdown and terminal; in JSON as `title`) and --logo (HTML only). */
  title?: string;
  logo?: Logo;
  /** `--verify DIR`: the claims the rubric's probes checked in the repository. */
  claims?: ClaimsChecked;
  /** The `assess` command that re-asks a step of this file, spelt as the user started scaleplay (terminal only). */
  settleCommand?: string;
  /** The terminal report lists everything (--full) instead of what fits an 80×40 screen. */
  full?: boolean;
  /** Who the HTML report is for: the team (the default: ids, commands, the workshop's open items) or the client. */
  audience?: Audience;
  /** The consultant's executive summary and recommendations, Markdown (HTML only, placed first). */
  summary?: string;
  /** Firm, contact and confidentiality line for the footer of every printed page (HTML only). */
  footer?: ReportFooter;
  /** A workshop consensus: each participant's scores and the spread per step. */
  workshop?: WorkshopScores;
  /** The team's plan (the answers file's `plan:`), by question id. */
  plan?: Record<string, PlanEntry>;
}

/** `report --audience` choices. */
export const AUDIENCES = ['team', 'client'] as const;
export type Audience = (typeof AUDIENCES)[number];
