// `scaleplay merge A.yaml B.yaml …`: a workshop's answers about one team merged into a consensus, disagreements first.
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { buildConsensusFile, consensusAnswers, mergeAssessments, type Participant } from '../core/merge.js';
import { scoreAssessment } from '../core/score.js';
import { InputError, UsageError, type Problem } from '../errors.js';
import type { Io } from '../io.js';
import { loadAnswers, resolveAnswers, type LoadedAnswers } from '../io/load-answers.js';
import { loadRubric } from '../io/load-rubric.js';
import { canonicalPath, writeFileAtomic } from '../io/write-file.js';
import { parseYamlText } from '../io/yaml-file.js';
import { renderMerge, type MergeFormat } from '../render/registry.js';
import { oneLine, safeText } from '../render/channels.js';
import { yamlText } from '../io/yaml-text.js';
import { printDrift } from './drift-notes.js';
import { printWarnings, themeFor } from './shared.js';

/** Options of `scaleplay merge`. */
export interface MergeOptions {
  files: string[];
  rubric?: string;
  /** Write the consensus answers file here ("-" for stdout). */
  output?: string;
  /** Replace an existing output file (never an input). */
  force?: boolean;
  format: MergeFormat;
  color?: boolean;
}

/** Merges the files; prints the workshop summary and, with --output, writes the consensus. Returns the exit code. */
export async function runMerge(options: MergeOptions, io: Io): Promise<number> {
  if (options.files.length < 2) throw new UsageError('merge needs at least two answers files (one per participant)');
  const seen = new Map<string, string>();
  for (const file of options.files) {
    const key = canonicalPath(file, io.cwd);
    if (seen.has(key)) throw new UsageError(`${file} is given twice (as ${seen.get(key)} too): give each participant's file once`);
    seen.set(key, file);
  }
  const toStdout = options.output === '-';
  if (options.output !== undefined && !toStdout) checkOutput(options.output, [...seen.keys()], options.force === true, io);

  const { rubric } = loadRubric(options.rubric);
  const problems: Problem[] = [];
  const loaded: { file: string; answers: LoadedAnswers }[] = [];
  for (const file of options.files) {
    try {
      // Every participant's answers are tallied, whatever each said about a condition: no "not counted" warnings here.
      loaded.push({ file, answers: loadAnswers(file, rubric, { warnNotCounted: false }) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const teams = new Map<string, string[]>();
  for (const { file, answers } of loaded) {
    const team = answers.assessment.team;
    if (team !== undefined) teams.set(team.trim().toLowerCase(), [...(teams.get(team.trim().toLowerCase()) ?? []), `${file} ("${safeText(team)}")`]);
  }
  if (teams.size > 1) {
    throw new UsageError(`cannot merge answers about different teams: ${[...teams.values()].map((files) => files.join(', ')).join(' vs ')}. Merge one team's files; compare teams with \`scaleplay portfolio\`.`);
  }
  for (const { file, answers } of loaded) {
    printWarnings(io, answers.warnings);
    printDrift(io, file, answers.drift);
  }
  const participants = nameParticipants(loaded);
  const result = mergeAssessments(rubric, participants);
  for (const warning of result.warnings) io.stderr.write(`warning: ${safeText(warning)}\n`);

  const consensus = scoreAssessment(rubric, {
    rubric: { id: rubric.id, version: rubric.version },
    ...(result.stage !== undefined && { stage: result.stage }),
    answers: consensusAnswers(result),
  });
  const scores = participants.map((participant) => {
    const report = scoreAssessment(rubric, participant.assessment, result.stage === undefined ? {} : { stage: result.stage });
    return { name: participant.name, score: report.overall.score, levelName: report.overall.levelName };
  });

  let written: string | undefined;
  if (options.output !== undefined) {
    const text = consensusYaml(rubric, result);
    // The consensus must be a valid answers file: check it the way `report` will read it before writing it anywhere.
    resolveAnswers(parseYamlText(toStdout ? '<consensus>' : options.output, text), rubric);
    if (toStdout) io.stdout.write(text);
    else {
      writeFileAtomic(options.output, text);
      written = options.output;
    }
  }
  const summary = await renderMerge(
    { result, scores, consensus: { score: consensus.overall.score, low: consensus.overall.low, high: consensus.overall.high, levelName: consensus.overall.levelName }, ...(written && { output: written }) },
    options.format,
    { theme: themeFor(io, toStdout ? 'stderr' : 'stdout', options.color), width: (toStdout ? io.stderr : io.stdout).columns ?? 80 },
  );
  (toStdout ? io.stderr : io.stdout).write(summary);
  return 0;
}

/**
 * Names each participant by the file's `participant:` field, else by its file name. Two files naming the same person
 * get the file added to the name ("Bob (bob.yaml)", or the path as given when even the file names match); the header
 * then shows that name alone, never the file twice.
 */
export function nameParticipants(loaded: readonly { file: string; answers: LoadedAnswers }[]): Participant[] {
  const base = loaded.map(({ file, answers }) => oneLine(answers.participant ?? basename(file, extname(file))) || basename(file));
  return loaded.map(({ file, answers }, index) => {
    const name = base[index]!;
    const sharing = loaded.filter((_, other) => base[other] === name);
    if (sharing.length === 1) return { name, file, shown: `${name} (${oneLine(basename(file))})`, assessment: answers.assessment };
    const sameFileName = sharing.filter((entry) => basename(entry.file) === basename(file)).length > 1;
    const where = oneLine(sameFileName ? file : basename(file));
    const unique = `${name} (${where})`;
    return { name: unique, file, shown: unique, assessment: answers.assessment };
  });
}

function checkOutput(output: string, inputs: readonly string[], force: boolean, io: Io): void {
  const target = canonicalPath(output, io.cwd);
  if (inputs.includes(target)) throw new UsageError(`--output ${output} is one of the input files: merge never overwrites an input. Choose another path.`);
  if (existsSync(output) && !force) throw new UsageError(`${output} already exists: nothing was written. Use --force to replace it, or --output another path.`);
}

function consensusYaml(rubric: Parameters<typeof buildConsensusFile>[0], result: ReturnType<typeof mergeAssessments>): string {
  const discuss = result.questions.filter((question) => question.discuss);
  const header = [
    `# scaleplay consensus of ${result.participants.length} participants: ${result.participants.map((participant) => oneLine(participant.shown)).join(', ')}`,
    `# ${discuss.length} question${discuss.length === 1 ? '' : 's'} to discuss${discuss.length > 0 ? ` (marked "discuss:"): ${discuss.map((question) => `${question.stepId}.${question.questionId}`).join(', ')}` : ''}`,
    ...(discuss.length > 0 ? ['# Settle one by answering it again (`scaleplay assess --output <this file> --step <step>`) or by deleting its "discuss:" line.'] : []),
    '# "votes:" keeps who answered what wherever anyone differs from the consensus; "evidence:" keeps their notes.',
    '# Made by `scaleplay merge`.',
  ];
  const doc = new Document(buildConsensusFile(rubric, result));
  // A participant's list answer on one line: `Alice: [quick-start, sdks]`.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'votes' && isMap(pair.value)) {
        for (const vote of pair.value.items) if (isSeq(vote.value)) vote.value.flow = true;
      }
    },
  });
  const body = yamlText(doc, { lineWidth: 0, minContentWidth: 0, nullStr: '~', flowCollectionPadding: false });
  return `${header.map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…` : line)).join('\n')}\n${body}`;
}
