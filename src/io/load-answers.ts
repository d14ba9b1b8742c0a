// Loads an answers file against a rubric: zod for the structure, then every answer checked against its question.
import { findNewQuestions, type DriftNote, type RubricDrift } from '../core/drift.js';
import type {
  Answer,
  AnswerValue,
  Assessment,
  EvidenceItem,
  PlanEntry,
  Profile,
  Question,
  Rubric,
  Threshold,
} from '../core/model.js';
import { applicabilityOf, describeAnswerShort, describeCondition, gatesOf } from '../core/questions.js';
import { InputError, type Problem } from '../errors.js';
import {
  answersFileSchema,
  RESERVED_ANSWERS,
  type thresholdSchema,
  type AnswerEntry,
  type EvidenceItemEntry,
  type FullAnswerEntry,
  type PlanFileEntry,
} from '../schema/answers.js';
import { validateWith } from '../schema/issues.js';
import type * as z from 'zod';
import { KIND_FILE_RULES } from './question-kinds.js';
import { locateKey, problemAt, readYamlFile, type PathSegment, type YamlFile } from './yaml-file.js';

export interface LoadedAnswers {
  assessment: Assessment;
  yaml: YamlFile;
  /** Where each answered question sits in the file, for annotations. */
  paths: Record<string, PathSegment[]>;
  warnings: Problem[];
  /** Who gave these answers (the optional `participant:` field), for `merge`. */
  participant?: string;
  /** Set when the file was made with another rubric version: removed steps/questions are notes here, not errors. */
  drift?: RubricDrift;
}

/** How answers are loaded. */
export interface LoadOptions {
  /**
   * Warn about answers to questions whose condition does not hold (default true). `merge` turns it off: it tallies every
   * participant's answers, whatever each said about the condition.
   */
  warnNotCounted?: boolean;
  /** The folder a relative `file` is in (default: the process's). */
  cwd?: string;
}

/** Reads and validates an answers file against `rubric`; throws an InputError listing every problem. */
export function loadAnswers(file: string, rubric: Rubric, options: LoadOptions = {}): LoadedAnswers {
  return resolveAnswers(readYamlFile(file, options.cwd), rubric, options);
}

/** Validates parsed answers YAML against `rubric`. */
export function resolveAnswers(yaml: YamlFile, rubric: Rubric, options: LoadOptions = {}): LoadedAnswers {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    throw new InputError([
      problemAt(
        yaml,
        [],
        'expected a mapping at the top level (rubric, team, stage, answers…)',
        'Run `scaleplay init` for a template.',
      ),
    ]);
  }
  const input = validateWith(answersFileSchema, yaml, problems);
  if (!input) throw new InputError(problems);

  if (input.rubric.id !== rubric.id) {
    problems.push(
      problemAt(
        yaml,
        ['rubric', 'id'],
        `answers are for rubric "${input.rubric.id}", but the rubric in use is "${rubric.id}"`,
        'Pass the matching rubric folder with --rubric DIR.',
      ),
    );
    throw new InputError(problems);
  }
  // Another rubric version: answers to steps or questions the rubric no longer has become drift notes, not errors.
  const drift: RubricDrift | undefined =
    input.rubric.version !== rubric.version
      ? { answersVersion: input.rubric.version, rubricVersion: rubric.version, notes: [] }
      : undefined;
  const noteDrift = (note: Omit<DriftNote, 'where'>, path: PathSegment[]) => {
    drift!.notes.push({ ...note, where: { file: yaml.file, ...locateKey(yaml, path) } });
  };
  if (drift) {
    warnings.push(
      problemAt(
        yaml,
        ['rubric', 'version'],
        `answers were made with rubric version ${input.rubric.version}; the rubric in use is ${rubric.version}`,
      ),
    );
  }
  if (input.stage !== undefined && !rubric.stages.some((stage) => stage.id === input.stage)) {
    problems.push(
      problemAt(
        yaml,
        ['stage'],
        `unknown stage "${input.stage}"`,
        `Expected one of: ${rubric.stages.map((stage) => stage.id).join(', ')}.`,
      ),
    );
  }

  const participants = input.participants?.map((entry) => ({
    name: entry.name,
    ...(entry.file !== undefined && { file: entry.file }),
  }));
  const participantNames = participants ? new Set(participants.map((entry) => entry.name)) : undefined;
  for (const [index, name] of (participants ?? []).map((entry) => entry.name).entries()) {
    if (participants!.findIndex((entry) => entry.name === name) !== index) {
      problems.push(
        problemAt(
          yaml,
          ['participants', index, 'name'],
          `participant "${name}" is listed twice`,
          'Give each participant a name of their own.',
        ),
      );
    }
  }
  const profile = resolveProfile(input.profile, rubric, yaml, problems);
  const questions = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
  );
  const answers: Record<string, Answer> = {};
  const paths: Record<string, PathSegment[]> = {};
  for (const [stepId, entries] of Object.entries(input.answers ?? {})) {
    const step = rubric.steps.find((candidate) => candidate.id === stepId);
    if (!step && drift) {
      noteDrift(
        {
          kind: 'removed-step',
          stepId,
          message: `step "${stepId}" is not in rubric version ${rubric.version}: its answers are ignored`,
        },
        ['answers', stepId],
      );
      continue;
    }
    if (!step) {
      problems.push(
        problemAt(
          yaml,
          ['answers', stepId],
          `unknown step "${stepId}"`,
          `Expected one of: ${rubric.steps.map((s) => s.id).join(', ')}.`,
          true,
        ),
      );
      continue;
    }
    for (const [questionId, entry] of Object.entries(entries ?? {})) {
      const path = ['answers', stepId, questionId];
      const question = questions.get(questionId);
      if ((!question || question.stepId !== stepId) && drift) {
        const moved = question ? ` (it is now in step "${question.stepId}")` : '';
        noteDrift(
          {
            kind: 'removed-question',
            stepId,
            questionId,
            message: `question "${stepId}.${questionId}" is not in rubric version ${rubric.version}${moved}: its answer is ignored`,
          },
          path,
        );
        continue;
      }
      if (!question || question.stepId !== stepId) {
        const hint = question
          ? `"${questionId}" belongs to step "${question.stepId}": move it there.`
          : `Questions of ${stepId}: ${step.questions.map((q) => q.id).join(', ')}.`;
        problems.push(problemAt(yaml, path, `unknown question "${questionId}" in step "${stepId}"`, hint, true));
        continue;
      }
      // Under drift, an answer that no longer fits a question that is still there (a choice removed, n/a no longer allowed)
      // is a drift note too: the question counts as unanswered, and the file still loads.
      const answerProblems: Problem[] = [];
      const answer = resolveAnswer(question, entry, yaml, path, drift ? answerProblems : problems, participantNames);
      if (drift && answerProblems.length > 0) {
        const why = answerProblems[0]!.message;
        noteDrift(
          {
            kind: 'changed-answer',
            stepId,
            questionId,
            message: `answer to "${stepId}.${questionId}" no longer fits rubric version ${rubric.version} (${why}): it is ignored`,
          },
          path,
        );
        continue;
      }
      if (answer) {
        answers[questionId] = answer;
        paths[questionId] = path;
      }
    }
  }

  const thresholds = input.thresholds;
  const toThreshold = (value: z.infer<typeof thresholdSchema>): Threshold =>
    typeof value === 'number' ? { value, severity: 'error' } : { value: value.value, severity: value.severity };
  const stepThresholds = { ...thresholds?.steps };
  // A threshold under `steps:` names a step or a step group.
  const thresholdIds = [...rubric.steps.map((step) => step.id), ...(rubric.groups ?? []).map((group) => group.id)];
  for (const stepId of Object.keys(thresholds?.steps ?? {})) {
    if (!thresholdIds.includes(stepId) && drift) {
      noteDrift(
        {
          kind: 'removed-threshold',
          stepId,
          message: `threshold for step "${stepId}", which is not in rubric version ${rubric.version}: ignored`,
        },
        ['thresholds', 'steps', stepId],
      );
      delete stepThresholds[stepId];
    } else if (!thresholdIds.includes(stepId)) {
      problems.push(
        problemAt(
          yaml,
          ['thresholds', 'steps', stepId],
          `threshold for unknown step "${stepId}"`,
          `Expected one of: ${thresholdIds.join(', ')}.`,
          true,
        ),
      );
    }
  }
  const plan = resolvePlan(input.plan ?? undefined, rubric, yaml, problems, drift ? noteDrift : undefined);
  if (problems.length > 0) throw new InputError(problems);
  if (drift) {
    const given = input.answers ?? {};
    for (const { stepId, questionId } of findNewQuestions(
      rubric,
      answers,
      (stepId, questionId) => Object.hasOwn(given[stepId] ?? {}, questionId),
      profile,
    )) {
      noteDrift(
        {
          kind: 'new-question',
          stepId,
          questionId,
          message: `question "${stepId}.${questionId}" is new in rubric version ${rubric.version} (or missing from this file): unanswered`,
        },
        ['answers', stepId],
      );
    }
  }

  if (options.warnNotCounted !== false) warnings.push(...warnNotCounted(yaml, questions, answers, paths, profile));

  const assessment: Assessment = {
    rubric: input.rubric,
    ...(input.team !== undefined && { team: input.team }),
    ...(input.product !== undefined && { product: input.product }),
    ...(input.stage !== undefined && { stage: input.stage }),
    ...(input.date !== undefined && { date: input.date }),
    ...(profile && { profile }),
    answers,
    ...(thresholds && {
      thresholds: {
        ...(thresholds.min_score !== undefined && { minScore: toThreshold(thresholds.min_score) }),
        steps: Object.fromEntries(Object.entries(stepThresholds).map(([id, value]) => [id, toThreshold(value)])),
        ...(thresholds.stage_targets !== undefined && { stageTargets: thresholds.stage_targets }),
      },
    }),
    ...(participants && { participants }),
    ...(plan && { plan }),
  };
  return {
    assessment,
    yaml,
    paths,
    warnings,
    ...(input.participant !== undefined && { participant: input.participant }),
    ...(drift && { drift }),
  };
}

/**
 * Answers to questions whose condition does not hold: legal (the answer is kept, and counts once the condition holds),
 * but not counted now, so say so at the answer.
 */
function warnNotCounted(
  yaml: YamlFile,
  byId: Map<string, Question>,
  answers: Record<string, Answer>,
  paths: Record<string, PathSegment[]>,
  profile: Profile | undefined,
): Problem[] {
  const warnings: Problem[] = [];
  for (const [questionId, answer] of Object.entries(answers)) {
    const question = byId.get(questionId)!;
    const applicability = applicabilityOf(question, answers, byId, profile);
    const given = `answer to ${question.stepId}.${questionId} (${describeAnswerShort(question, answer.value)}) is not counted`;
    if (applicability === 'not-for-profile') {
      const fits = Object.entries(question.appliesTo ?? {})
        .map(([key, ids]) => `${key}: ${ids.join(', ')}`)
        .join('; ');
      warnings.push(
        problemAt(
          yaml,
          paths[questionId]!,
          `${given}: the question is not applicable for this profile (it is for ${fits})`,
          'Remove the answer, or correct the profile.',
          true,
        ),
      );
      continue;
    }
    if (!question.when || applicability !== 'skipped') continue;
    const gates = gatesOf(question.when)
      .map((id) => byId.get(id))
      .filter((gate) => gate !== undefined);
    if (gates.length === 0) continue; // the rubric loader refuses conditions on unknown questions
    const why = gates
      .map((gate) => {
        const gateAnswer = answers[gate.id];
        const state = applicabilityOf(gate, answers, byId, profile);
        return state === 'skipped' || state === 'not-for-profile'
          ? `${gate.id} does not apply itself`
          : `${gate.id} is ${gateAnswer ? describeAnswerShort(gate, gateAnswer.value) : 'unanswered'}`;
      })
      .join(', ');
    warnings.push(
      problemAt(
        yaml,
        paths[questionId]!,
        `${given}: the question applies when ${describeCondition(question.when)}, and ${why}`,
        'The answer is kept: it counts once the condition holds. Remove it if it no longer fits.',
        true,
      ),
    );
  }
  return warnings;
}

/** `plan:` keyed by `step.question`: each key must name a question of the rubric (with drift: a note, not an error). */
function resolvePlan(
  input: Record<string, PlanFileEntry> | undefined,
  rubric: Rubric,
  yaml: YamlFile,
  problems: Problem[],
  noteDrift: ((note: Omit<DriftNote, 'where'>, path: PathSegment[]) => void) | undefined,
): Record<string, PlanEntry> | undefined {
  if (!input) return undefined;
  const plan: Record<string, PlanEntry> = {};
  for (const [key, entry] of Object.entries(input)) {
    const [stepId = '', questionId = '', ...rest] = key.split('.');
    const step = rubric.steps.find((candidate) => candidate.id === stepId);
    const question = step?.questions.find((candidate) => candidate.id === questionId);
    if (!question || rest.length > 0) {
      if (noteDrift && rest.length === 0) {
        noteDrift(
          {
            kind: 'removed-question',
            stepId,
            questionId,
            message: `plan entry "${key}" names a question that is not in rubric version ${rubric.version}: ignored`,
          },
          ['plan', key],
        );
        continue;
      }
      const hint = step
        ? `Questions of ${stepId}: ${step.questions.map((candidate) => candidate.id).join(', ')}.`
        : `A plan entry is keyed by step.question, e.g. ${rubric.steps[0]?.id ?? 'step'}.${rubric.steps[0]?.questions[0]?.id ?? 'question'}.`;
      problems.push(problemAt(yaml, ['plan', key], `unknown question "${key}" in plan`, hint, true));
      continue;
    }
    plan[question.id] = {
      stepId,
      questionId,
      ...(entry.owner?.trim() && { owner: entry.owner.trim() }),
      ...(entry.due !== undefined && { due: entry.due }),
      status: entry.status,
      ...(entry.note?.trim() && { note: entry.note }),
    };
  }
  return plan;
}

/** The `profile:` of an answers file, each answer checked against the rubric's profile questions (blank = not given). */
function resolveProfile(
  input: Record<string, unknown> | null | undefined,
  rubric: Rubric,
  yaml: YamlFile,
  problems: Problem[],
): Profile | undefined {
  if (!input) return undefined;
  const questions = rubric.profile ?? [];
  const profile: Profile = {};
  for (const [key, raw] of Object.entries(input)) {
    const path = ['profile', key];
    const question = questions.find((candidate) => candidate.id === key);
    if (!question) {
      const hint =
        questions.length > 0
          ? `Expected one of: ${questions.map((candidate) => candidate.id).join(', ')}.`
          : 'This rubric has no profile questions: remove profile.';
      problems.push(problemAt(yaml, path, `unknown profile question "${key}"`, hint, true));
      continue;
    }
    if (raw === null || raw === undefined || raw === '') continue;
    const value = raw === true ? 'yes' : raw === false ? 'no' : raw;
    if (typeof value !== 'string' || !question.choices.some((choice) => choice.id === value)) {
      problems.push(
        problemAt(
          yaml,
          path,
          `unknown answer ${JSON.stringify(value)} to the profile question "${key}"`,
          `Expected one of: ${question.choices.map((choice) => choice.id).join(', ')}.`,
        ),
      );
      continue;
    }
    profile[key] = value;
  }
  return Object.keys(profile).length > 0 ? profile : undefined;
}

function resolveAnswer(
  question: Question,
  entry: AnswerEntry,
  yaml: YamlFile,
  path: PathSegment[],
  problems: Problem[],
  participants: ReadonlySet<string> | undefined,
): Answer | undefined {
  const full: FullAnswerEntry | undefined =
    entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry : undefined;
  const raw = full ? full.answer : (entry as Exclude<AnswerEntry, FullAnswerEntry>);
  const valuePath = full ? [...path, 'answer'] : path;
  if (raw === null || raw === undefined) return undefined;
  const fail = (message: string, hint?: string): undefined => {
    problems.push(problemAt(yaml, valuePath, `${message} for ${question.stepId}.${question.id}`, hint));
    return undefined;
  };
  let value: AnswerValue | undefined;
  if (raw === RESERVED_ANSWERS.unknown) value = { type: 'unknown' };
  else if (raw === RESERVED_ANSWERS.notApplicable) {
    if (!question.allowNa)
      return fail('"n/a" is not allowed', 'This question applies to every team; answer it or say "unknown".');
    const reason = full?.reason?.trim();
    if (!reason) return fail('"n/a" needs a reason', 'Use the full form: { answer: n/a, reason: "…" }.');
    value = { type: 'na', reason };
  } else value = resolveValue(question, raw, fail);
  if (!value) return undefined;
  if (full?.reason !== undefined && value.type !== 'na') {
    problems.push(
      problemAt(
        yaml,
        [...path, 'reason'],
        `"reason" goes with "n/a" only, for ${question.stepId}.${question.id}`,
        'Use "note" for remarks on an answer.',
        true,
      ),
    );
  }
  // `discuss: ""` (or blank) marks nothing: the flag is cleared by emptying it as well as by deleting it.
  const discuss = full?.discuss?.trim() ? full.discuss : undefined;
  const votes =
    full?.votes === undefined
      ? undefined
      : resolveVotes(question, full.votes, yaml, [...path, 'votes'], problems, participants);
  return {
    value,
    ...(votes && { votes }),
    ...(full?.note !== undefined && { note: full.note }),
    ...(typeof full?.evidence === 'string' && { evidence: full.evidence }),
    ...(Array.isArray(full?.evidence) && { evidenceItems: full.evidence.map(toEvidenceItem) }),
    ...(discuss !== undefined && { discuss }),
  };
}

/** Each participant's answer in `votes:`: a participant of the file's `participants:`, an answer the question accepts. */
function resolveVotes(
  question: Question,
  raw: Record<string, string | number | boolean | string[]>,
  yaml: YamlFile,
  path: PathSegment[],
  problems: Problem[],
  participants: ReadonlySet<string> | undefined,
): Record<string, AnswerValue> | undefined {
  if (!participants) {
    problems.push(
      problemAt(
        yaml,
        path,
        `"votes" of ${question.stepId}.${question.id} need a "participants:" list at the top level`,
        'Write the consensus with `scaleplay merge`, or add participants: [{ name: … }].',
        true,
      ),
    );
    return undefined;
  }
  const votes: Record<string, AnswerValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    const where = [...path, name];
    if (!participants.has(name)) {
      problems.push(
        problemAt(
          yaml,
          where,
          `"${name}" is not one of the participants`,
          `Expected one of: ${[...participants].join(', ')}.`,
          true,
        ),
      );
      continue;
    }
    const fail = (message: string, hint?: string): undefined => {
      problems.push(problemAt(yaml, where, `${message} for ${question.stepId}.${question.id} (vote of ${name})`, hint));
      return undefined;
    };
    const resolved: AnswerValue | undefined =
      value === RESERVED_ANSWERS.unknown
        ? { type: 'unknown' }
        : value === RESERVED_ANSWERS.notApplicable
          ? question.allowNa
            ? { type: 'na', reason: '' }
            : fail('"n/a" is not allowed', 'This question applies to every team.')
          : resolveValue(question, value, fail);
    if (resolved) votes[name] = resolved;
  }
  return votes;
}

/** The model form of one `evidence:` list item (fields left out when absent). */
function toEvidenceItem(entry: EvidenceItemEntry): EvidenceItem {
  const item: EvidenceItem = {};
  for (const field of ['url', 'path', 'owner', 'date', 'note'] as const)
    if (entry[field] !== undefined) item[field] = entry[field];
  return item;
}

function resolveValue(
  question: Question,
  raw: string | number | boolean | string[],
  fail: (message: string, hint?: string) => undefined,
): AnswerValue | undefined {
  const choiceIds = question.choices.map((choice) => choice.id);
  const expectedChoices = `Expected one of: ${[...choiceIds, 'unknown', ...(question.allowNa ? ['n/a'] : [])].join(', ')}.`;
  return KIND_FILE_RULES[question.kind].parse(question, raw, fail, expectedChoices);
}
