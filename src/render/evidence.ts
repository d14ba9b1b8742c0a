// `scaleplay evidence FILE`: every piece of evidence with its owner, age and state, as a table, JSON or Markdown.
import type { EvidenceEntry } from '../core/evidence.js';
import { mdEscape, safeText, writeJson } from './channels.js';
import type { RenderContext } from './renderer.js';

/** Version of the `evidence --format json` shape; bump on breaking changes. */
export const EVIDENCE_JSON_VERSION = 1;

/** What the evidence listing shows: every entry, and the ones that go stale within the horizon when one was asked for. */
export interface EvidenceView {
  file: string;
  today: string;
  entries: EvidenceEntry[];
  expiring?: { days: number; entries: EvidenceEntry[] };
}

const STATE_WORDS = { fresh: 'fresh', stale: 'STALE', missing: 'MISSING', kept: 'no age limit' } as const;

const where = (entry: EvidenceEntry) => entry.item?.url ?? entry.item?.path ?? entry.item?.note ?? '—';

function row(entry: EvidenceEntry) {
  return {
    question: `${entry.stepId}.${entry.questionId}`,
    state: STATE_WORDS[entry.state],
    owner: entry.item?.owner ?? '—',
    date: entry.item?.date ?? '—',
    age: entry.ageDays === undefined ? '—' : `${entry.ageDays} d`,
    staleOn: entry.staleOn ?? '—',
    where: where(entry),
  };
}

/** The evidence listing for a terminal: one row per piece, stale and missing ones marked. */
export function renderEvidenceTable(view: EvidenceView, { theme }: RenderContext): string {
  const lines: string[] = [];
  const stale = view.entries.filter((entry) => entry.state === 'stale' || entry.state === 'missing').length;
  lines.push(
    `Evidence in ${safeText(view.file)} on ${view.today}: ${view.entries.length} item${view.entries.length === 1 ? '' : 's'}, ${stale} stale or missing`,
  );
  if (view.entries.length === 0)
    lines.push('No answer cites evidence yet. Add `evidence:` to an answer (docs/evidence.md).');
  const rows = view.entries.map(row);
  const headers = {
    question: 'question',
    state: 'state',
    owner: 'owner',
    date: 'dated',
    age: 'age',
    staleOn: 'stale on',
    where: 'where',
  };
  const keys = Object.keys(headers) as (keyof typeof headers)[];
  const widths = keys.map((key) =>
    Math.min(40, Math.max(headers[key].length, ...rows.map((r) => safeText(r[key]).length))),
  );
  const format = (cells: Record<string, string>) =>
    keys
      .map((key, index) => safeText(cells[key]!).slice(0, widths[index]).padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  if (rows.length > 0) {
    lines.push('', theme.bold(format(headers)));
    for (const [index, cells] of rows.entries()) {
      const text = format(cells);
      const state = view.entries[index]!.state;
      lines.push(state === 'stale' || state === 'missing' ? theme.bad(text) : text);
    }
  }
  if (view.expiring) {
    lines.push(
      '',
      `Going stale within ${view.expiring.days} days: ${view.expiring.entries.length === 0 ? 'nothing' : ''}`.trimEnd(),
    );
    for (const entry of view.expiring.entries) {
      lines.push(
        `  ${entry.staleOn}  ${safeText(`${entry.stepId}.${entry.questionId}`)}  owner ${safeText(entry.item?.owner ?? 'unknown')}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The evidence listing as Markdown (for an issue or a pull request). */
export function renderEvidenceMarkdown(view: EvidenceView): string {
  const lines = [`## Evidence in ${mdEscape(view.file)} (${view.today})`, ''];
  lines.push('| Question | State | Owner | Dated | Age | Stale on | Where |', '|---|---|---|---|---|---|---|');
  for (const entry of view.entries) {
    const cells = row(entry);
    lines.push(
      `| ${[cells.question, cells.state, cells.owner, cells.date, cells.age, cells.staleOn, cells.where].map((cell) => mdEscape(cell)).join(' | ')} |`,
    );
  }
  if (view.expiring) {
    lines.push(
      '',
      `**Going stale within ${view.expiring.days} days:** ${view.expiring.entries.length === 0 ? 'nothing.' : ''}`.trimEnd(),
    );
    for (const entry of view.expiring.entries) {
      lines.push(
        `- ${entry.staleOn}: ${mdEscape(`${entry.stepId}.${entry.questionId}`)} (owner ${mdEscape(entry.item?.owner ?? 'unknown')})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The evidence listing as versioned JSON. */
export function renderEvidenceJson(view: EvidenceView): string {
  return writeJson({
    schemaVersion: EVIDENCE_JSON_VERSION,
    generator: 'scaleplay',
    kind: 'evidence',
    file: view.file,
    today: view.today,
    entries: view.entries,
    ...(view.expiring && { expiring: view.expiring }),
  });
}
