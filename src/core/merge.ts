// Workshop consensus (`scaleplay merge`): several participants' answers about one team, per question the spread of
// answers, disagreements ranked first, and a consensus answer that keeps everyone's answer and note as evidence.
//
// Consensus rules, per question, over the participants who answered it at all:
// - `unknown` when more than half of them said unknown;
// - `n/a` when more than half of the rest said n/a;
// - single and boolean: the answer most participants gave; a tie takes the lowest-scoring of the tied answers (cautious);
// - multi: each choice that more than half selected; a choice selected by exactly half is a tie and left out (cautious);
// - number: the median (the mean of the two middle values for an even count); the spread is wide when the answers fall
//   in bands that score differently or span more than a quarter of the question's range.
// Any disagreement marks the question for discussion: the consensus answer gets a `discuss:` field saying how the
// answers split (ties and wide spreads say so), which `report` lists until someone settles it.
import type { Answer, AnswerValue, Assessment, Profile, Question, Rubric, Thresholds } from './model.js';
import { KIND_RULES, rulesFor, type KnownValue } from './question-kinds.js';
import { describeAnswerShort, scoreAnswer } from './questions.js';

/** One participant's answers file. */
export interface Participant {
  /** Unique among the participants (two files naming the same person get their file added). */
  name: string;
  file: string;
  /** How headers name the participant: the name and the file, never the file twice. */
  shown?: string;
  assessment: Assessment;
}

/** One participant's answer to one question. */
export interface Vote {
  participant: string;
  /** Undefined when the participant left the question unanswered. */
  value?: AnswerValue;
  /** Short text: choice ids, the number, unknown, n/a, or "unanswered". */
  text: string;
  /** 0..1 for choice and number answers. */
  score?: number;
  note?: string;
  evidence?: string;
}

/** How many participants gave one answer (or, for multi questions, selected one choice). */
export interface Tally {
  label: string;
  count: number;
  participants: string[];
}

/** One question across the participants: the spread, the consensus and whether to discuss it. */
export interface QuestionSpread {
  stepId: string;
  questionId: string;
  prompt: string;
  kind: Question['kind'];
  critical: boolean;
  votes: Vote[];
  /** Participants who gave any answer (unknown included). */
  answered: number;
  /** Answers by label, most frequent first; for multi questions, one entry per selected choice. */
  tally: Tally[];
  /** Undefined when nobody answered. */
  consensus?: AnswerValue;
  consensusText: string;
  /** Share (0..1) of the answering participants whose answer equals the consensus. */
  agreement: number;
  disagreement: boolean;
  tie: boolean;
  wide: boolean;
  discuss: boolean;
  /** Points of the overall score between the most and the least favourable answer given. */
  pointsAtStake: number;
  /** The consensus note, a record of the answers: e.g. "3 participants: yes ×2, no ×1" or "3 participants agree: yes". */
  note: string;
  /** Each participant's answer by name, when any participant's answer differs from the consensus (or is missing). */
  votesByName?: Record<string, AnswerValue>;
  /** For a question to discuss: how the answers split, e.g. "yes ×1, no ×1, unknown ×1 (tie: the cautious answer is kept)" (the answers file's `discuss:`). */
  discussText?: string;
  /** The participants' notes, evidence and n/a reasons, one a line (who gave which answer is in `votesByName`). */
  evidence: string;
}

/** The merged workshop: every question's spread and the consensus metadata. */
export interface MergeResult {
  participants: { name: string; file: string; shown: string }[];
  /** Every question, disagreements first (ranked), then the agreed ones in playbook order. */
  questions: QuestionSpread[];
  team?: string;
  product?: string;
  stage?: string;
  /** The company profile most participants gave, per profile question. */
  profile?: Profile;
  date?: string;
  thresholds?: Thresholds;
  /** Things worth telling the facilitator (stage disagreement, differing thresholds…). */
  warnings: string[];
}

/** The answers file's limit on `note` and `evidence` texts. */
export const MAX_MERGED_TEXT = 4000;

/** Merges participants' assessments of one team. */
export function mergeAssessments(rubric: Rubric, participants: readonly Participant[]): MergeResult {
  const totalStepWeight = rubric.steps.reduce((sum, step) => sum + step.weight, 0);
  const questions: QuestionSpread[] = [];
  let order = 0;
  const orderOf = new Map<QuestionSpread, number>();
  for (const step of rubric.steps) {
    const stepQuestionWeight = step.questions.reduce((sum, question) => sum + question.weight, 0);
    const share =
      totalStepWeight > 0 && stepQuestionWeight > 0 ? step.weight / totalStepWeight / stepQuestionWeight : 0;
    for (const question of step.questions) {
      const spread = spreadOf(question, participants, share);
      questions.push(spread);
      orderOf.set(spread, order++);
    }
  }
  questions.sort(
    (a, b) =>
      Number(b.discuss) - Number(a.discuss) ||
      (a.discuss
        ? Number(b.critical) - Number(a.critical) || b.pointsAtStake - a.pointsAtStake || a.agreement - b.agreement
        : 0) ||
      orderOf.get(a)! - orderOf.get(b)!,
  );

  const warnings: string[] = [];
  const pick = (field: 'team' | 'product') =>
    participants.map((participant) => participant.assessment[field]).find((value) => value !== undefined);
  const products = new Set(
    participants.map((participant) => participant.assessment.product).filter((value) => value !== undefined),
  );
  if (products.size > 1)
    warnings.push(
      `participants name different products (${[...products].join(', ')}); the consensus keeps "${pick('product')}"`,
    );
  const stage = majorityStage(rubric, participants, warnings);
  const profile = majorityProfile(rubric, participants, warnings);
  const dates = participants
    .map((participant) => participant.assessment.date)
    .filter((date): date is string => date !== undefined)
    .sort();
  const thresholds = commonThresholds(participants, warnings);
  const team = pick('team');
  const product = pick('product');
  return {
    participants: participants.map(({ name, file, shown }) => ({ name, file, shown: shown ?? name })),
    questions,
    ...(team !== undefined && { team }),
    ...(product !== undefined && { product }),
    ...(stage !== undefined && { stage }),
    ...(profile && { profile }),
    ...(dates.length > 0 && { date: dates[dates.length - 1]! }),
    ...(thresholds && { thresholds }),
    warnings,
  };
}

/** The consensus as answers (by question id), for scoring or writing a file. */
export function consensusAnswers(result: MergeResult): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const question of result.questions) {
    if (!question.consensus) continue;
    answers[question.questionId] = {
      value: question.consensus,
      ...(question.evidence && { evidence: question.evidence }),
      ...(question.discussText !== undefined && { discuss: question.discussText }),
      ...(question.votesByName && { votes: question.votesByName }),
    };
  }
  return answers;
}

/** The consensus as the plain data of an answers file (what `merge --output` writes as YAML). */
export function buildConsensusFile(rubric: Rubric, result: MergeResult, rubricPath?: string): Record<string, unknown> {
  const answers: Record<string, Record<string, unknown>> = {};
  const byId = new Map(result.questions.map((question) => [question.questionId, question]));
  for (const step of rubric.steps) {
    const entries: Record<string, unknown> = {};
    for (const question of step.questions) {
      const spread = byId.get(question.id)!;
      if (!spread.consensus) {
        entries[question.id] = null;
        continue;
      }
      const value = spread.consensus;
      const entry: Record<string, unknown> = { answer: fileValue(question, value) };
      if (value.type === 'na') entry.reason = value.reason;
      // Right under the answer, where a reader of the file sees it first.
      if (spread.discussText !== undefined) entry.discuss = spread.discussText;
      if (spread.votesByName) {
        entry.votes = Object.fromEntries(
          Object.entries(spread.votesByName).map(([name, vote]) => [name, fileValue(question, vote)]),
        );
      }
      if (spread.evidence) entry.evidence = spread.evidence;
      entries[question.id] = entry;
    }
    answers[step.id] = entries;
  }
  const thresholds = result.thresholds;
  return {
    rubric: { id: rubric.id, version: rubric.version, ...(rubricPath !== undefined && { path: rubricPath }) },
    ...(result.team !== undefined && { team: result.team }),
    ...(result.product !== undefined && { product: result.product }),
    ...(result.stage !== undefined && { stage: result.stage }),
    ...(result.date !== undefined && { date: result.date }),
    participants: result.participants.map(({ name, file }) => ({ name, file: basenameOf(file) })),
    ...(result.profile && { profile: result.profile }),
    answers,
    ...(thresholds && {
      thresholds: {
        ...(thresholds.minScore && { min_score: thresholdValue(thresholds.minScore) }),
        ...(Object.keys(thresholds.steps).length > 0 && {
          steps: Object.fromEntries(Object.entries(thresholds.steps).map(([id, value]) => [id, thresholdValue(value)])),
        }),
        ...(thresholds.stageTargets !== undefined && { stage_targets: thresholds.stageTargets }),
      },
    }),
  };
}

function spreadOf(question: Question, participants: readonly Participant[], share: number): QuestionSpread {
  const votes: Vote[] = participants.map((participant) => voteOf(question, participant));
  const voters = votes.filter((vote) => vote.value !== undefined);
  const base = {
    stepId: question.stepId,
    questionId: question.id,
    prompt: question.prompt,
    kind: question.kind,
    critical: question.critical,
    votes,
    answered: voters.length,
  };
  const tally = tallyOf(question, voters);
  if (voters.length === 0) {
    const evidence = clip(evidenceLines(votes, true).join('\n'));
    return {
      ...base,
      tally,
      consensusText: 'unanswered',
      agreement: 0,
      disagreement: false,
      tie: false,
      wide: false,
      discuss: false,
      pointsAtStake: 0,
      note: '',
      evidence,
    };
  }
  const { consensus, tie, wide } = consensusOf(question, voters);
  // An n/a consensus quotes the reasons already; other answers keep a dissenting n/a's reason here.
  const evidence = clip(evidenceLines(votes, consensus.type !== 'na').join('\n'));
  const consensusText = describeAnswerShort(question, consensus);
  const agreeing = voters.filter((vote) => vote.text === consensusText).length;
  const disagreement = new Set(voters.map((vote) => vote.text)).size > 1;
  const scores = voters.map((vote) => vote.score).filter((score): score is number => score !== undefined);
  const pointsAtStake =
    scores.length > 1
      ? Math.round((Math.max(...scores) - Math.min(...scores)) * question.weight * share * 1000) / 10
      : 0;
  const spread = {
    ...base,
    tally,
    consensus,
    consensusText,
    agreement: agreeing / voters.length,
    disagreement,
    tie,
    wide,
    discuss: disagreement,
    pointsAtStake,
    evidence,
  };
  // Who said what, wherever anyone's answer is not the consensus: the file alone then gives each participant's answers.
  const differs = votes.some((vote) => vote.text !== consensusText);
  const votesByName = differs ? Object.fromEntries(voters.map((vote) => [vote.participant, vote.value!])) : undefined;
  return {
    ...spread,
    ...(votesByName && { votesByName }),
    note: clip(noteOf(spread, participants.length)),
    ...(spread.discuss && { discussText: clip(discussTextOf(spread, participants.length)) }),
  };
}

function voteOf(question: Question, participant: Participant): Vote {
  const answer = participant.assessment.answers[question.id];
  if (!answer) return { participant: participant.name, text: 'unanswered' };
  const score = scoreAnswer(question, answer);
  return {
    participant: participant.name,
    value: answer.value,
    text: describeAnswerShort(question, answer.value),
    ...(score !== undefined && { score }),
    ...(answer.note !== undefined && { note: answer.note }),
    ...(answer.evidence !== undefined && { evidence: answer.evidence }),
  };
}

function consensusOf(
  question: Question,
  voters: readonly Vote[],
): { consensus: AnswerValue; tie: boolean; wide: boolean } {
  const unknown = voters.filter((vote) => vote.value!.type === 'unknown');
  if (unknown.length * 2 > voters.length) return { consensus: { type: 'unknown' }, tie: false, wide: false };
  const known = voters.filter((vote) => vote.value!.type !== 'unknown');
  const na = known.filter((vote) => vote.value!.type === 'na');
  if (na.length * 2 > known.length) {
    const reasonOf = (vote: Vote) => (vote.value as { reason: string }).reason;
    const distinct = new Set(na.map(reasonOf));
    const reasons = distinct.size === 1 ? [...distinct] : na.map((vote) => `${vote.participant}: ${reasonOf(vote)}`);
    return {
      consensus: {
        type: 'na',
        reason: clip(`Not applicable per ${na.length} of ${known.length} participants: ${reasons.join(' · ')}`),
      },
      tie: false,
      wide: false,
    };
  }
  const naTie = na.length > 0 && na.length * 2 === known.length;
  const valued = known.filter((vote) => vote.value!.type !== 'na');
  return rulesFor(question).consensus(
    question,
    valued.map((vote) => vote.value as KnownValue),
    naTie,
  );
}

function tallyOf(question: Question, voters: readonly Vote[]): Tally[] {
  const groups = new Map<string, string[]>();
  const add = (label: string, participant: string) => groups.set(label, [...(groups.get(label) ?? []), participant]);
  for (const vote of voters) {
    const value = vote.value!;
    if (rulesFor(question).fileForm === 'list' && value.type === 'choice') {
      if (value.choices.length === 0) add('none', vote.participant);
      for (const id of value.choices) add(id, vote.participant);
    } else add(vote.text, vote.participant);
  }
  return [...groups.entries()]
    .map(([label, names]) => ({ label, count: names.length, participants: names }))
    .sort((a, b) => b.count - a.count);
}

// The note records what the participants answered and stays true once the question is settled; the `discuss:` text is
// the open item, with how the consensus was picked.
function noteOf(spread: Omit<QuestionSpread, 'note'>, total: number): string {
  const who =
    spread.answered === total ? `${total} participants` : `${spread.answered} of ${total} participants answered`;
  if (!spread.disagreement) return `${who} agree: ${spread.consensusText}`;
  const per = KIND_RULES[spread.kind].fileForm === 'list' ? ', per choice' : '';
  return `${who}${per}: ${tallyText(spread.tally)}`;
}

function discussTextOf(spread: Omit<QuestionSpread, 'note'>, total: number): string {
  const per = KIND_RULES[spread.kind].fileForm === 'list' ? 'per choice: ' : '';
  const unanswered = total - spread.answered;
  const flags = [
    spread.tie && 'tie: the cautious answer is kept',
    spread.wide && 'wide spread: the median is kept',
  ].filter(Boolean);
  return `${per}${tallyText(spread.tally)}${unanswered > 0 ? `, unanswered ×${unanswered}` : ''}${flags.length > 0 ? ` (${flags.join('; ')})` : ''}`;
}

function tallyText(tally: readonly Tally[]): string {
  return tally.map((item) => `${item.label} ×${item.count}`).join(', ');
}

/**
 * The participants' own words: a line per distinct note (n/a reason, note, evidence), naming who wrote it, e.g.
 * "Alice, Bob: Median over October sign-ups. (evidence: https://…)". Bare answers are not repeated here: `votes:` and
 * the answer itself hold them.
 */
function evidenceLines(votes: readonly Vote[], withReasons: boolean): string[] {
  const byText = new Map<string, string[]>();
  for (const vote of votes) {
    const parts: string[] = [];
    if (vote.value?.type === 'na' && vote.value.reason && withReasons) parts.push(`n/a because ${vote.value.reason}`);
    if (vote.note !== undefined) parts.push(vote.note);
    if (vote.evidence !== undefined) parts.push(`(evidence: ${vote.evidence})`);
    if (parts.length === 0) continue;
    const text = parts.join(' ').replace(/\s*\n\s*/g, ' ');
    byText.set(text, [...(byText.get(text) ?? []), vote.participant]);
  }
  return [...byText.entries()].map(([text, names]) => `${names.join(', ')}: ${text}`);
}

function basenameOf(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function fileValue(question: Question, value: AnswerValue): unknown {
  switch (value.type) {
    case 'unknown':
      return 'unknown';
    case 'na':
      return 'n/a';
    case 'number':
      return value.value;
    case 'choice':
      return rulesFor(question).fileForm === 'list'
        ? question.choices.filter((choice) => value.choices.includes(choice.id)).map((choice) => choice.id)
        : value.choices[0];
  }
}

function majorityStage(rubric: Rubric, participants: readonly Participant[], warnings: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const participant of participants) {
    const stage = participant.assessment.stage;
    if (stage !== undefined) counts.set(stage, (counts.get(stage) ?? 0) + 1);
  }
  if (counts.size === 0) return undefined;
  const most = Math.max(...counts.values());
  const tied = rubric.stages.filter((stage) => counts.get(stage.id) === most).map((stage) => stage.id);
  if (counts.size > 1) {
    const spread = rubric.stages
      .filter((stage) => counts.has(stage.id))
      .map((stage) => `${stage.id} ×${counts.get(stage.id)}`)
      .join(', ');
    warnings.push(
      `participants disagree on the stage (${spread}); the consensus uses "${tied[0]}"${tied.length > 1 ? ' (a tie: the earliest stage)' : ''} — discuss`,
    );
  }
  return tied[0];
}

/** Per profile question, the answer most participants gave (a tie: the first in the rubric's order), with a warning. */
function majorityProfile(
  rubric: Rubric,
  participants: readonly Participant[],
  warnings: string[],
): Profile | undefined {
  const profile: Profile = {};
  for (const question of rubric.profile ?? []) {
    const counts = new Map<string, number>();
    for (const participant of participants) {
      const given = participant.assessment.profile?.[question.id];
      if (given !== undefined) counts.set(given, (counts.get(given) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    const most = Math.max(...counts.values());
    const picked = question.choices.find((choice) => counts.get(choice.id) === most)!.id;
    profile[question.id] = picked;
    if (counts.size > 1) {
      const spread = question.choices
        .filter((choice) => counts.has(choice.id))
        .map((choice) => `${choice.id} ×${counts.get(choice.id)}`)
        .join(', ');
      warnings.push(
        `participants disagree on the profile's "${question.id}" (${spread}); the consensus uses "${picked}" — discuss`,
      );
    }
  }
  return Object.keys(profile).length > 0 ? profile : undefined;
}

function commonThresholds(participants: readonly Participant[], warnings: string[]): Thresholds | undefined {
  const given = participants
    .map((participant) => participant.assessment.thresholds)
    .filter((value): value is Thresholds => value !== undefined);
  if (given.length === 0) return undefined;
  const first = JSON.stringify(given[0]);
  if (given.every((value) => JSON.stringify(value) === first)) return given[0];
  warnings.push('participants have different thresholds: the consensus file has none (add them by hand)');
  return undefined;
}

function thresholdValue(threshold: { value: number; severity: string }): unknown {
  return threshold.severity === 'error' ? threshold.value : { value: threshold.value, severity: threshold.severity };
}

function clip(text: string): string {
  if (text.length <= MAX_MERGED_TEXT) return text;
  // Cut on a code point boundary, never inside a surrogate pair.
  const head = text.slice(0, MAX_MERGED_TEXT - 15).replace(/[\ud800-\udbff]$/, '');
  return `${head}… (truncated)`;
}
