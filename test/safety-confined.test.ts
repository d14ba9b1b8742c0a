// A rubric folder is confined: a step file, manifest, golden case or case answers file whose real path is outside the
// folder (a link to ../.env) is refused with a located error, and nothing of the outside file reaches any output.
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runBin, tempDir } from './helpers/cli.js';

const SECRET = 'sk-live-0123456789abcdef';
/** A .env beside a copy of the valid custom rubric: the YAML-looking secret would be quoted if it were ever read. */
function setup(): { dir: string; rubric: string } {
  const temp = { dir: tempDir('scaleplay-confined-') };
  const rubric = join(temp.dir, 'rubric');
  cpSync(fixture('rubrics', 'valid-custom'), rubric, { recursive: true });
  writeFileSync(
    join(temp.dir, '.env'),
    `id: quality\ntitle: ${SECRET}\nsummary: ${SECRET}\nweight: ${SECRET}\nquestions: ${SECRET}\n`,
  );
  return { dir: temp.dir, rubric };
}
const link = (path: string, target: string) => {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
};

describe('a rubric folder is confined', () => {
  it.each([
    [
      'a step file linked to ../.env',
      (r: string) => link(join(r, 'steps', 'quality.yaml'), '../../.env'),
      'steps/quality.yaml: leads outside the rubric folder',
    ],
    [
      'the manifest linked outside',
      (r: string) => link(join(r, 'rubric.yaml'), '../.env'),
      'rubric.yaml: leads outside the rubric folder',
    ],
    [
      'the steps folder linked outside',
      (r: string) => {
        renameSync(join(r, 'steps'), join(r, '..', 'elsewhere'));
        symlinkSync('../elsewhere', join(r, 'steps'));
      },
      'steps/deflection.yaml: leads outside the rubric folder',
    ],
  ])(
    '%s: exit 2, located, and no byte of the outside file in stderr, JUnit, JSON or annotations',
    (_name, make, message) => {
      const { dir, rubric } = setup();
      make(rubric);
      for (const args of [
        ['rubric', 'validate', rubric],
        ['report', join(rubric, 'tests', 'answers', 'new-team.yaml'), '--rubric', rubric],
      ]) {
        const result = runBin(args);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(message);
        expect(result.stderr + result.stdout).not.toContain(SECRET);
      }
      const answers = join(rubric, 'tests', 'answers', 'new-team.yaml');
      const check = runBin(
        ['check', answers, '--rubric', rubric, '--junit', join(dir, 'j.xml'), '--json', join(dir, 'c.json')],
        {
          env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
        },
      );
      expect(check.code).toBe(2);
      expect(check.stdout).toContain('::error');
      for (const text of [
        check.stdout,
        check.stderr,
        ...['j.xml', 'c.json', 'summary.md'].map((name) => readFileSync(join(dir, name), 'utf8')),
      ]) {
        expect(text).not.toContain(SECRET);
      }
    },
  );

  it.each([
    [
      'a golden case linked outside',
      (r: string) => symlinkSync('../../.env', join(r, 'tests', 'leak.yaml')),
      'tests/leak.yaml: leads outside the rubric folder',
    ],
    [
      'a case whose answers file is outside',
      (r: string) => writeFileSync(join(r, 'tests', 'leak.yaml'), 'answers: ../../.env\nexpect:\n  overall: 10\n'),
      'tests/leak.yaml:1:10: the answers file ../../.env is outside the rubric folder',
    ],
    [
      'a case whose answers file is linked outside',
      (r: string) => {
        mkdirSync(join(r, 'tests', 'more'));
        symlinkSync('../../../.env', join(r, 'tests', 'more', 'a.yaml'));
        writeFileSync(join(r, 'tests', 'leak.yaml'), 'answers: more/a.yaml\nexpect:\n  overall: 10\n');
      },
      'the answers file more/a.yaml is outside the rubric folder',
    ],
  ])('rubric test: %s → exit 2, located, nothing quoted', (_name, make, message) => {
    const { rubric } = setup();
    make(rubric);
    const result = runBin(['rubric', 'test', rubric, '--update']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr + result.stdout).not.toContain(SECRET);
  });

  it('a link that stays inside the folder is fine', () => {
    const { rubric } = setup();
    renameSync(join(rubric, 'steps', 'quality.yaml'), join(rubric, 'quality-source.yaml'));
    symlinkSync('../quality-source.yaml', join(rubric, 'steps', 'quality.yaml'));
    const result = runBin(['rubric', 'validate', rubric]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
