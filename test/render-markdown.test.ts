// The Markdown report: a verdict line, a table with a status per step, the critical items, the cheapest path and the
// roadmap; well-formed for GitHub (tables, folded <details>), and no markup or HTML from the files gets through.
import { describe, expect, it } from 'vitest';
import { mdEscape } from '../src/render/markdown.js';
import { fixture, runCli, V1_PLAYBOOK } from './helpers/cli.js';

// These tests are about rendering and planning mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const withV1 = (args: string[]) =>
  args.includes('--rubric') || args[0] === 'rubric' ? args : [...args, '--rubric', V1_PLAYBOOK];
const cliV1 = (args: string[], options?: Parameters<typeof runCli>[1]) => runCli(withV1(args), options);

async function markdown(name: string, ...extra: string[]): Promise<string> {
  const result = await cliV1(['report', fixture('v1', 'answers', `${name}.yaml`), '--format', 'md', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Cells of a table row, splitting on pipes that are not escaped. */
const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length - 2;

describe('Markdown report', () => {
  it.each(['growth-saas', 'mistral-2026', 'preseed-demo', 'hostile-notes'])(
    '%s: well-formed tables and balanced <details>',
    async (name) => {
      const text = await markdown(name);
      const lines = text.split('\n');
      // Every table: the header, the delimiter row and each body row have the same number of cells.
      for (const [index, line] of lines.entries()) {
        if (!/^\|(---|:?---:?)/.test(line)) continue;
        const header = lines[index - 1]!;
        const width = cells(header);
        expect(cells(line)).toBe(width);
        for (let row = index + 1; row < lines.length && lines[row]!.startsWith('|'); row++)
          expect(cells(lines[row]!), lines[row]).toBe(width);
      }
      expect(text.match(/<details>/g)?.length ?? 0).toBe(text.match(/<\/details>/g)?.length ?? 0);
      // Only our own tags; nothing else looks like HTML.
      expect(text.replace(/<\/?(details|summary|sub)>/g, '')).not.toMatch(/(?<!\\)<[a-zA-Z!/]/);
    },
  );

  it('starts with the verdict and gives a status per step', async () => {
    const text = await markdown('growth-saas');
    const lines = text.split('\n');
    expect(lines[0]).toBe('## Northwind Analytics · Insight Copilot');
    expect(lines[2]).toBe('**Overall 58/100 · level Emerging · target for growth: Established** ❌  ');
    expect(text.match(/^\| .* \| (✅ on target|❌ below target) \|$/gm)).toHaveLength(6);
    expect(text).toContain('### Critical, not met');
    expect(text).toContain(
      '### Cheapest path to the Growth stage targets: 19 actions · 33 effort points \\(12 S, 7 M\\)',
    );
    expect(text).toContain('### Roadmap');
    expect(text).toMatch(/\*\*Now\*\*: .* \(9\)/);
  });

  it('shows the range of unknown answers, and uses --title for the heading', async () => {
    const text = await markdown('mistral-2026', '--title', 'Mistral · *public data only*');
    expect(text.split('\n')[0]).toBe('## Mistral · \\*public data only\\*');
    expect(text).toContain('| Step | Score | Range | Level | Target | Gap | Status |');
    // 71–100 against Leading (from 85): unknown answers decide the target, so it is not shown as met.
    expect(text).toContain(
      '| Revenue ladder | 100 | 71–100 | Leading | Leading | +15 | ❔ undetermined (2 unknown decide) |',
    );
  });

  it('keeps hostile text inert', async () => {
    const text = await markdown('hostile-notes');
    expect(text).not.toContain('![pixel](');
    expect(text).toContain('\\!\\[pixel\\]\\(http://evil.example/p.png\\)');
    expect(text).toContain('Evil \\<img src=x onerror=alert\\(\'team\'\\)\\> \\& "Co" \\| red');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['[x](javascript:y)', '\\[x\\]\\(javascript:y\\)'],
    ['<b>&amp;', '\\<b\\>\\&amp;'],
    ['line\nbreak', 'line break'],
    ['\u001b[1mbold', 'bold'],
    ['*_~`#+!', '\\*\\_\\~\\`\\#\\+\\!'],
  ])('mdEscape(%j) is %j', (input, expected) => {
    expect(mdEscape(input)).toBe(expected);
  });
});
