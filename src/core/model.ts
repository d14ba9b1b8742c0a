// The validated, normalised shapes the pure core works on. Loaders (src/io) build them from YAML; nothing here does I/O.

export const EFFORTS = ['S', 'M', 'L'] as const;
/** S = days, M = weeks, L = a quarter. */
export type Effort = (typeof EFFORTS)[number];

export const QUESTION_KINDS = ['single', 'multi', 'boolean', 'number'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** A concrete next action and what it costs. */
export interface Action {
  text: string;
  effort: Effort;
  /** Never recommended before this stage (stages in rubric order). */
  fromStage?: string;
  /** Never recommended to other profiles (see `AppliesTo`). */
  appliesTo?: AppliesTo;
}

/**
 * A profile filter: profile question id → the answers it fits. Every key must match; a profile answer that is missing
 * means "applies".
 */
export type AppliesTo = Record<string, string[]>;

/** The company profile as answered: profile question id → choice id. It never scores. */
export type Profile = Record<string, string>;

/** A question of the company profile, asked first by `assess`. */
export interface ProfileQuestion {
  id: string;
  prompt: string;
  choices: { id: string; label: string }[];
}

/**
 * A score band with a name. Bands cover 0..100 with no hole: with whole-number bounds each starts one above the max of
 * the one before; with fractional bounds each starts where the one before ends (a score belongs to the highest band
 * whose
 * min it reaches).
 */
export interface Level {
  id: string;
  name: string;
  min: number;
  max: number;
}

export interface Stage {
  id: string;
  name: string;
  description?: string;
  /** Target level id for the overall score. */
  overall: string;
  /** Target level id per step id. */
  targets: Record<string, string>;
}

export interface Choice {
  id: string;
  label: string;
  /** 0..1 */
  score: number;
  /** What must be true to pick this choice. */
  description?: string;
  externalId?: string;
  /** single/boolean: what moves a team off this choice; multi: what would add this choice. */
  action?: Action;
}

export interface NumberBand {
  from: number;
  score: number;
  action?: Action;
}

export interface NumberSpec {
  unit?: string;
  min: number;
  max: number;
  /** Ascending by `from`; the first starts at `min`. */
  bands: NumberBand[];
}

/** One condition on an earlier question's answer. */
export interface Condition {
  question: string;
  /** Holds when any of these choice ids is the answer (or among the answers). */
  in?: string[];
  /** Holds when a number answer is at least this. */
  atLeast?: number;
}

/** A question's `when`: one condition, or all / any of several (nestable). */
export type When = Condition | { all: When[] } | { any: When[] };

/** A piece of evidence behind an answer: where it is, who owns it, when it was last checked. */
export interface EvidenceItem {
  url?: string;
  path?: string;
  owner?: string;
  /** YYYY-MM-DD */
  date?: string;
  note?: string;
}

/** How old evidence may be, and from which stage an answer needs it. */
export interface EvidencePolicy {
  maxAgeDays?: number;
  requiredFromStage?: string;
}

/**
 * A read-only look at a repository that can back a claim: a file that must exist (`glob`), a pattern its content must
 * match (`contains`), a key path with an optional expected value in YAML/JSON files (`key`), or a declared dependency.
 */
export type Probe = {
  /** Choice ids (boolean: yes/no) this probe backs. */
  backs: string[];
  /** What the probe looks for, in words (shown when it finds nothing). */
  label?: string;
} & (
  | { kind: 'glob'; glob: string }
  | { kind: 'content'; glob: string; contains: string }
  | { kind: 'key'; glob: string; key: string; equals?: string | number | boolean }
  | { kind: 'dependency'; dependency: string }
);

export interface Question {
  id: string;
  stepId: string;
  prompt: string;
  why: string;
  kind: QuestionKind;
  weight: number;
  critical: boolean;
  allowNa: boolean;
  when?: When;
  /** Asked and scored only for these profiles. */
  appliesTo?: AppliesTo;
  /** What an assessor checks. */
  criteria?: string[];
  externalId?: string;
  /** single, multi, and boolean (normalised to the choices `yes` = 1 and `no` = 0). */
  choices: Choice[];
  number?: NumberSpec;
  /** Evidence rules for this question (else the rubric's). */
  evidence?: EvidencePolicy;
  /** Repository probes that can verify or contradict an answer. */
  probes?: Probe[];
}

/** Alternatives inside a step: the group scores as the best of its members and counts once, with its own weight. */
export interface BestOf {
  id: string;
  title: string;
  weight: number;
  /** Question ids of the same step, none critical, none in another best_of group. */
  questions: string[];
}

export interface Step {
  id: string;
  title: string;
  summary: string;
  weight: number;
  externalId?: string;
  questions: Question[];
  bestOf?: BestOf[];
}

/**
 * Steps scored together: the group's score is the weighted mean of its steps; the overall score is then the weighted
 * mean over groups.
 */
export interface StepGroup {
  id: string;
  title: string;
  weight: number;
  steps: string[];
}

export const UNKNOWN_MODES = ['range', 'worst'] as const;
/**
 * How unknown answers count in the headline score: left out of it (`range`, with the range beside it) or at their
 * worst.
 */
export type UnknownMode = (typeof UNKNOWN_MODES)[number];

/** How scores are shown: 0..scale with this many decimals (scores are computed on 0..100). */
export interface Display {
  scale: number;
  decimals: number;
}

export interface Rubric {
  id: string;
  version: string;
  title: string;
  description?: string;
  source?: string;
  license?: string;
  attribution?: string;
  /** The company profile, asked first by `assess`; empty when the rubric has none. */
  profile?: ProfileQuestion[];
  levels: Level[];
  critical: { cap: string; metAt: number };
  /** Evidence rules for every question (a question may set its own). */
  evidence?: EvidencePolicy;
  stages: Stage[];
  steps: Step[];
  groups?: StepGroup[];
  /** Default `range`. */
  unknown?: UnknownMode;
  display?: Display;
}

/** What a team answered to one question. */
export type AnswerValue =
  | { type: 'choice'; choices: string[] }
  | { type: 'number'; value: number }
  | { type: 'unknown' }
  | { type: 'na'; reason: string };

export interface Answer {
  value: AnswerValue;
  note?: string;
  evidence?: string;
  /** Evidence as a list of dated, owned items (`evidence:` written as a list). */
  evidenceItems?: EvidenceItem[];
  /** Set when the claim was set aside because its evidence is stale or missing: the answer then counts as unknown. */
  discounted?: { reason: 'stale' | 'missing'; claimed: AnswerValue; since?: string; owner?: string };
  /** Set while the answer is a placeholder to discuss (a workshop split on it): why, e.g. "yes ×2, no ×1". */
  discuss?: string;
  /** A workshop consensus: each participant's answer where any differs from this one (absent: did not answer). */
  votes?: Record<string, AnswerValue>;
}

export const PLAN_STATES = ['todo', 'doing', 'done'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** The team's commitment on the next action of one question: who, by when, how far. */
export interface PlanEntry {
  stepId: string;
  questionId: string;
  owner?: string;
  /** YYYY-MM-DD */
  due?: string;
  status: PlanState;
  note?: string;
}

export type ThresholdSeverity = 'error' | 'warn';

export interface Threshold {
  value: number;
  severity: ThresholdSeverity;
}

export interface Thresholds {
  minScore?: Threshold;
  steps: Record<string, Threshold>;
  /** Also require every step to reach its stage target. */
  stageTargets?: boolean;
}

/** One team's answers against one rubric. */
export interface Assessment {
  /** `path`: where the rubric folder is, relative to the answers file (recorded when a custom rubric is used). */
  rubric: { id: string; version: string; path?: string };
  team?: string;
  product?: string;
  stage?: string;
  date?: string;
  /** The company profile as answered (ids checked against the rubric's profile questions). */
  profile?: Profile;
  /** By question id. Questions with no entry are unanswered. */
  answers: Record<string, Answer>;
  thresholds?: Thresholds;
  /** A workshop consensus: the participants, in the order they were merged. */
  participants?: { name: string; file?: string }[];
  /** The team's plan, by question id. */
  plan?: Record<string, PlanEntry>;
}

/** All questions of a rubric in playbook order. */
export function listQuestions(rubric: Rubric): Question[] {
  return rubric.steps.flatMap((step) => step.questions);
}
