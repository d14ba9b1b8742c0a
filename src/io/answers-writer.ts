// An answers file open for editing by `scaleplay assess`: each change goes into the parsed YAML document (so comments,
// key order and blank lines stay) and the file is saved atomically at once. A new file starts from the `init` template.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Answer, Assessment, EvidenceItem, Question, Rubric } from '../core/model.js';
import { rulesFor } from '../core/question-kinds.js';
import { buildAnswersTemplate } from '../core/template.js';
import { InputError, type Problem } from '../errors.js';
import { RESERVED_ANSWERS } from '../schema/answers.js';
import { resolveAnswers, type LoadedAnswers } from './load-answers.js';
import { yamlText } from './yaml-text.js';
import { writeFileAtomic } from './write-file.js';
import { parseYamlText, readTextFile } from './yaml-file.js';

/** The fields of an answers file that describe the team rather than answer a question. */
export type ProfileField = 'team' | 'product' | 'stage' | 'participant';

/** An answers file being edited: the assessment it holds now, and changes that are saved as they are made. */
export interface AnswersFile {
  /** The path as given. */
  readonly file: string;
  /** The answers as they are now (kept in step with the file). */
  readonly assessment: Assessment;
  /** Whether the file exists on disk (it is created by the first save). */
  readonly saved: boolean;
  /** Rubric-version drift and the like, found when the file was opened. */
  readonly warnings: Problem[];
  /** Answers made with another rubric version: what the rubric in use no longer has (left in the file, ignored). */
  readonly drift: LoadedAnswers['drift'];
  /** Records an answer and saves the file. */
  setAnswer(question: Question, answer: Answer): void;
  /** Who answers (the file's `participant:`), when set. */
  readonly participant: string | undefined;
  /** Sets team, product, stage or participant and saves the file. */
  setProfile(fields: Partial<Record<ProfileField, string>>): void;
  /** Records the answer to a company-profile question (under `profile:`) and saves the file. */
  setCompanyProfile(questionId: string, choiceId: string): void;
}

/** How to open an answers file for editing. */
export interface OpenOptions {
  /** The date written into a new file (YYYY-MM-DD). */
  date: string;
  /** Called after each successful save (e.g. to touch the session lock). */
  onSave?: () => void;
  /** The folder a relative `file` is in (default: the process's). */
  cwd?: string;
  /** The rubric folder relative to the file: recorded as `rubric.path` (a custom rubric only). */
  rubricPath?: string;
}

/** Top-level keys in the order `scaleplay init` writes them; new keys are inserted to keep this order. */
const TOP_LEVEL_ORDER = [
  'rubric',
  'team',
  'product',
  'participant',
  'participants',
  'stage',
  'date',
  'profile',
  'answers',
  'plan',
  'thresholds',
];

/**
 * Opens `file` for editing against `rubric`: an existing file is read and validated (an invalid one throws an InputError
 * listing every problem, like `scaleplay check`); a missing or blank one starts from the `init` template, written on the first save.
 */
export function openAnswersFile(file: string, rubric: Rubric, options: OpenOptions): AnswersFile {
  const cwd = options.cwd ?? '.';
  const path = resolve(cwd, file);
  const existing = existsSync(path) ? readTextFile(file, cwd) : undefined;
  const blank = existing === undefined || existing.trim() === '';
  const text = blank
    ? buildAnswersTemplate(rubric, {
        date: options.date,
        ...(options.rubricPath !== undefined && { rubricPath: options.rubricPath }),
      })
    : existing;
  const yaml = parseYamlText(file, text);
  const loaded = resolveAnswers(yaml, rubric);
  const doc = yaml.doc;
  // A custom rubric: record where it is (relative to the file), so later commands find it without --rubric.
  if (options.rubricPath !== undefined && doc.getIn(['rubric', 'path']) !== options.rubricPath)
    doc.setIn(['rubric', 'path'], options.rubricPath);
  const assessment = loaded.assessment;
  // What the file held when we last read or wrote it: a different content at save time means someone else changed it.
  let onDisk = existing;
  const baseline = text;
  const stepOrder = rubric.steps.map((step) => step.id);
  let participant = loaded.participant;

  const save = () => {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current !== onDisk && !(onDisk === undefined && current === undefined)) {
      throw new InputError([
        {
          file,
          message: 'the file was changed by another program while `scaleplay assess` had it open: not overwriting it',
          hint: 'The answers saved before this one are in the file. Run `scaleplay assess` again to continue from them.',
        },
      ]);
    }
    const output = keepOriginalSpacing(baseline, yamlText(doc, { lineWidth: 0, flowCollectionPadding: false }));
    writeFileAtomic(file, output, cwd);
    onDisk = output;
    options.onSave?.();
  };

  return {
    file,
    assessment,
    get saved() {
      return onDisk !== undefined;
    },
    warnings: loaded.warnings,
    drift: loaded.drift,
    get participant() {
      return participant;
    },
    setAnswer(question, answer) {
      writeAnswer(doc, question, answer, stepOrder, rubric);
      assessment.answers[question.id] = answer;
      save();
    },
    setProfile(fields) {
      for (const key of ['team', 'product', 'stage'] as const) {
        const value = fields[key];
        if (value === undefined) continue;
        setTopLevel(doc, key, value);
        assessment[key] = value;
      }
      if (fields.participant !== undefined) {
        setTopLevel(doc, 'participant', fields.participant);
        participant = fields.participant;
      }
      save();
    },
    setCompanyProfile(questionId, choiceId) {
      const root = doc.contents as YAMLMap;
      const pair = findPair(root, 'profile');
      if (pair && isMap(pair.value)) setScalar(doc, pair.value, questionId, choiceId);
      else {
        const map = ensureMap(doc, root, 'profile', TOP_LEVEL_ORDER);
        map.flow = true;
        setScalar(doc, map, questionId, choiceId);
      }
      assessment.profile = { ...assessment.profile, [questionId]: choiceId };
      save();
    },
  };
}

/** The YAML value of an answer: the short form (`id`, `[a, b]`, `42`, `unknown`) plus reason, note, evidence and discuss when set. */
export function answerToYaml(
  question: Question,
  answer: Answer,
): {
  value: string | number | string[];
  reason?: string;
  note?: string;
  evidence?: string | EvidenceItem[];
  discuss?: string;
} {
  const value = answer.value;
  let short: string | number | string[];
  if (value.type === 'choice') short = rulesFor(question).fileForm === 'list' ? [...value.choices] : value.choices[0]!;
  else if (value.type === 'number') short = value.value;
  else short = value.type === 'unknown' ? RESERVED_ANSWERS.unknown : RESERVED_ANSWERS.notApplicable;
  return {
    value: short,
    ...(value.type === 'na' && { reason: value.reason }),
    ...(answer.note !== undefined && { note: answer.note }),
    ...(answer.evidence !== undefined && { evidence: answer.evidence }),
    // A list of dated pieces of evidence takes the place of a plain one (a file holds one or the other).
    ...(answer.evidenceItems !== undefined && { evidence: answer.evidenceItems.map((item) => ({ ...item })) }),
    ...(answer.discuss !== undefined && { discuss: answer.discuss }),
  };
}

/** The keys of an answer's full form besides `answer`, in the order they are written. */
const ANSWER_FIELDS = ['reason', 'discuss', 'note', 'evidence'] as const;

function writeAnswer(
  doc: Document,
  question: Question,
  answer: Answer,
  stepOrder: readonly string[],
  rubric: Rubric,
): void {
  const yaml = answerToYaml(question, answer);
  const answers = ensureMap(doc, doc.contents as YAMLMap, 'answers', TOP_LEVEL_ORDER);
  const step = ensureMap(doc, answers, question.stepId, stepOrder);
  const questionOrder = rubric.steps.find((candidate) => candidate.id === question.stepId)!.questions.map((q) => q.id);
  const pair = findPair(step, question.id);
  const valueNode = () => {
    const node = doc.createNode(yaml.value) as Node;
    if (isSeq(node)) node.flow = true;
    return node;
  };
  const existing = pair?.value;

  if (isMap(existing)) {
    // The full form already: update its keys in place, so other remarks and the key order stay. A field the answer no
    // longer has goes (a `discuss:` flag too: the prompts do not carry it, as answering again settles the question).
    const answerPair = findPair(existing, 'answer');
    if (answerPair) {
      const node = valueNode();
      carryComments(answerPair.value as Node | null, node);
      answerPair.value = node;
    } else existing.items.unshift(doc.createPair('answer', valueNode()));
    for (const key of ANSWER_FIELDS) {
      const text = yaml[key];
      if (text === undefined) existing.delete(key);
      else setScalar(doc, existing, key, text);
    }
    // Nothing left but the answer: back to the short form.
    const only = existing.items.length === 1 ? findPair(existing, 'answer') : undefined;
    if (only && isScalar(only.key) && !only.key.commentBefore && !existing.comment && !existing.commentBefore) {
      pair!.value = only.value;
      carryComments(existing, only.value as Node);
    }
    return;
  }
  const fullForm = ANSWER_FIELDS.some((key) => yaml[key] !== undefined);
  if (!fullForm && isScalar(existing) && !Array.isArray(yaml.value)) {
    // `~` or a previous short answer: change the value in place, so a comment after it stays.
    existing.value = yaml.value;
    existing.type = 'PLAIN';
    return;
  }
  let node: Node;
  if (fullForm) {
    const map = doc.createNode({}) as YAMLMap;
    map.flow = false;
    map.items.push(doc.createPair('answer', valueNode()));
    for (const key of ANSWER_FIELDS) if (yaml[key] !== undefined) map.items.push(doc.createPair(key, yaml[key]));
    node = map;
  } else node = valueNode();
  if (pair) {
    carryComments(existing as Node | null | undefined, node);
    pair.value = node;
  } else insertOrdered(step, doc.createPair(question.id, node), questionOrder);
}

function setTopLevel(doc: Document, key: ProfileField, value: string): void {
  const root = doc.contents as YAMLMap;
  const pair = findPair(root, key);
  if (pair && isScalar(pair.value)) {
    pair.value.value = value;
    // A value that was `~` is plain; yaml quotes it when the text needs quotes.
    if (pair.value.type !== 'QUOTE_DOUBLE' && pair.value.type !== 'QUOTE_SINGLE') pair.value.type = 'PLAIN';
  } else if (pair) pair.value = doc.createNode(value);
  else insertOrdered(root, doc.createPair(key, value), TOP_LEVEL_ORDER);
}

function ensureMap(doc: Document, parent: YAMLMap, key: string, order: readonly string[]): YAMLMap {
  const pair = findPair(parent, key);
  if (pair && isMap(pair.value)) return pair.value;
  const map = doc.createNode({}) as YAMLMap;
  map.flow = false;
  if (pair) {
    // `answers:` or `wedge: ~` with nothing under it yet.
    carryComments(pair.value as Node | null, map);
    pair.value = map;
  } else insertOrdered(parent, doc.createPair(key, map), order);
  return map;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === key) as
    | Pair
    | undefined;
}

function setScalar(doc: Document, map: YAMLMap, key: string, text: string | EvidenceItem[]): void {
  const pair = findPair(map, key);
  if (typeof text !== 'string') {
    if (pair) pair.value = doc.createNode(text);
    else map.items.push(doc.createPair(key, text));
    return;
  }
  if (pair && isScalar(pair.value)) pair.value.value = text;
  else if (pair) pair.value = doc.createNode(text);
  else map.items.push(doc.createPair(key, text));
}

/** Inserts `pair` before the first existing key that comes after it in `order` (unknown keys keep their place). */
function insertOrdered(map: YAMLMap, pair: Pair, order: readonly string[]): void {
  const rank = order.indexOf(String((pair.key as { value?: unknown }).value ?? pair.key));
  const index = map.items.findIndex((item) => {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    const other = order.indexOf(key);
    return other > rank;
  });
  if (index === -1 || rank === -1) map.items.push(pair);
  else map.items.splice(index, 0, pair);
}

function carryComments(from: Node | null | undefined, to: Node): void {
  if (!from || typeof from !== 'object') return;
  if (from.comment) to.comment = from.comment;
  if (from.commentBefore) to.commentBefore = from.commentBefore;
}

/**
 * Lines the edit did not change come back from the YAML library with some spacing normalised (`x   # comment` becomes
 * `x # comment`, `{ a: 1 }` becomes `{a: 1}`). Put each such line back exactly as it was, so a saved file differs from the
 * original only on the lines that hold changed answers.
 */
export function keepOriginalSpacing(original: string, output: string): string {
  const pool = new Map<string, string[]>();
  for (const line of original.split('\n')) {
    const key = normaliseSpacing(line);
    const list = pool.get(key);
    if (list) list.push(line);
    else pool.set(key, [line]);
  }
  return output
    .split('\n')
    .map((line) => {
      const list = pool.get(normaliseSpacing(line));
      return list && list.length > 0 ? list.shift()! : line;
    })
    .join('\n');
}

// Only the spacing the YAML library rewrites is ignored: before a comment and inside flow brackets, outside quotes.
function normaliseSpacing(line: string): string {
  let out = '';
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote) {
      out += char;
      if (char === '\\' && quote === '"') out += line[++index] ?? '';
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      out += char;
      continue;
    }
    if (char === ' ' || char === '\t') {
      let end = index;
      while (line[end + 1] === ' ' || line[end + 1] === '\t') end++;
      const next = line[end + 1];
      const previous = out[out.length - 1];
      if (next === undefined) break; // trailing spaces
      if (next === '#') out += ' ';
      else if (next === ']' || next === '}' || previous === '[' || previous === '{') {
        // padding inside flow brackets
      } else out += line.slice(index, end + 1);
      index = end;
      continue;
    }
    if (char === '#' && (index === 0 || out.endsWith(' '))) {
      out += line.slice(index);
      break;
    }
    out += char;
  }
  return out;
}
