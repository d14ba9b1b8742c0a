// The boundary rule in biome.json is real: a file in src/core that imports from io/ (or schema from io/) fails lint,
// and a file that keeps to the rule passes. Runs Biome on a throwaway tree that copies the project's configuration.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const biome = join(root, 'node_modules', '.bin', 'biome');
const tree = mkdtempSync(join(tmpdir(), 'scaleplay-lint-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function lint(files: Record<string, string>): { code: number; output: string } {
  rmSync(join(tree, 'src'), { recursive: true, force: true });
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
  delete config.$schema;
  writeFileSync(join(tree, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(tree, path, '..'), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  try {
    const output = execFileSync(biome, ['lint', '--vcs-enabled=false', '--colors=off', 'src'], {
      cwd: tree,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { code: failure.status, output: `${failure.stdout}${failure.stderr}` };
  }
}

const uses = (from: string) => `import { thing } from '${from}';\nexport const used = thing;\n`;

describe('the boundary rule', () => {
  it.each([
    ['src/core/probe.ts', '../io/load-answers.js'],
    ['src/core/probe.ts', '../render/terminal.js'],
    ['src/core/probe.ts', '../prompts/ask.js'],
    ['src/core/probe.ts', '../commands/check.js'],
    ['src/core/probe.ts', 'node:fs'],
    ['src/core/probe.ts', 'yaml'],
    ['src/schema/probe.ts', '../io/yaml-file.js'],
  ])('fails lint when %s imports %s', (file, from) => {
    const result = lint({ [file]: uses(from) });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('noRestrictedImports');
    expect(result.output).toContain(file);
  });

  it('passes a core file that imports only core modules and errors', () => {
    const result = lint({ 'src/core/probe.ts': uses('./levels.js'), 'src/schema/probe.ts': uses('zod') });
    expect(result.output).not.toContain('noRestrictedImports');
    expect(result.code).toBe(0);
  });
});
