// Outputs are written only to a regular file or a link to one; devices, pipes and /dev/stdout are written into and never
// renamed over; anything else is refused. No output replaces any file the command read (answers, baseline, logo, the
// rubric's manifest and step files, golden cases), compared by real path and by device + inode (hard links too).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, linkSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, runBin, tempDir as makeTemp } from './helpers/cli.js';

const tempDir = () => makeTemp('scaleplay-outputs-');
const ANSWERS = fixture('answers', 'growth-saas.yaml');

/** A copy of the valid custom rubric (with its golden cases) in a temporary folder. */
function rubricCopy(): { dir: string; rubric: string; answers: string } {
  const dir = tempDir();
  cpSync(fixture('rubrics', 'valid-custom'), join(dir, 'rubric'), { recursive: true });
  return { dir, rubric: join(dir, 'rubric'), answers: join(dir, 'rubric', 'tests', 'answers', 'new-team.yaml') };
}

describe('devices, pipes and descriptors are written into, never replaced', () => {
  it('report -o /dev/null: exit 0, and /dev/null is still the same character device', () => {
    const before = statSync('/dev/null');
    const result = runBin(['report', ANSWERS, '--format', 'json', '-o', '/dev/null']);
    expect(result.code).toBe(0);
    const after = lstatSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.rdev, after.ino]).toEqual([before.rdev, before.ino]);
  });

  it('a character device made in a temporary folder (mknod, as root in CI) stays a device', () => {
    const dir = tempDir();
    const device = join(dir, 'null');
    // mknod needs root (as in many CI containers); elsewhere the same check runs on /dev/null itself.
    const made = spawnSync('mknod', [device, 'c', '1', '3']).status === 0;
    const path = made ? device : '/dev/null';
    const result = runBin(['report', ANSWERS, '-o', path]);
    expect(result.code).toBe(0);
    expect(lstatSync(path).isCharacterDevice()).toBe(true);
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout.trim()).toBe(made ? 'null' : '');
  });

  it('a named pipe (mkfifo) gets the report and stays a pipe', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'report.pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const closed = new Promise<void>((done) => reader.on('close', () => done()));
    const result = runBin(['report', ANSWERS, '--format', 'json', '-o', fifo]);
    await closed;
    expect(result.code).toBe(0);
    expect(JSON.parse(read)).toHaveProperty('overall');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('check --junit /dev/stdout writes the XML to stdout, also when stdout is a redirected file (not replaced)', () => {
    const piped = runBin(['check', ANSWERS, '--min-score', '0', '--junit', '/dev/stdout']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('<?xml');
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    writeFileSync(out, '');
    const inode = statSync(out).ino;
    const script = `node ${JSON.stringify(BIN)} check ${JSON.stringify(ANSWERS)} --min-score 0 --junit /dev/stdout > ${JSON.stringify(out)}`;
    expect(spawnSync('sh', ['-c', script]).status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('PASS');
    expect(text).toContain('<testsuites');
    expect(statSync(out).ino).toBe(inode);
  });
});

describe('anything else is refused with exit 2 and a clear message', () => {
  it.each([
    ['a folder', (dir: string) => (mkdirSync(join(dir, 'out')), join(dir, 'out')), 'it is a folder'],
    [
      'a symbolic link to nothing',
      (dir: string) => (symlinkSync('gone.md', join(dir, 'out')), join(dir, 'out')),
      'symbolic link to gone.md, which does not exist',
    ],
  ])('%s', (_kind, make, message) => {
    const dir = tempDir();
    const path = make(dir);
    const result = runBin(['report', ANSWERS, '-o', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout.trim()).toBe('out');
  });

  it('a socket', async () => {
    const dir = tempDir();
    const socket = join(dir, 'out.sock');
    const server = createServer();
    await new Promise<void>((done) => server.listen(socket, done));
    try {
      const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [BIN, 'report', ANSWERS, '-o', socket]);
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => done({ code, stderr }));
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('it is a socket');
      expect(lstatSync(socket).isSocket()).toBe(true);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

describe('no output replaces a file the command read', () => {
  const cases: Array<
    [string, (r: { dir: string; rubric: string; answers: string }) => { args: string[]; victim: string }]
  > = [
    [
      'report -o the rubric manifest',
      (r) => ({
        args: ['report', r.answers, '--rubric', r.rubric, '-o', join(r.rubric, 'rubric.yaml')],
        victim: join(r.rubric, 'rubric.yaml'),
      }),
    ],
    [
      'report -o a step file',
      (r) => ({
        args: ['report', r.answers, '--rubric', r.rubric, '-o', join(r.rubric, 'steps', 'quality.yaml')],
        victim: join(r.rubric, 'steps', 'quality.yaml'),
      }),
    ],
    [
      'check --junit a step file',
      (r) => ({
        args: [
          'check',
          r.answers,
          '--rubric',
          r.rubric,
          '--min-score',
          '0',
          '--junit',
          join(r.rubric, 'steps', 'deflection.yaml'),
        ],
        victim: join(r.rubric, 'steps', 'deflection.yaml'),
      }),
    ],
    [
      'check --json a step file on invalid input',
      (r) => ({
        args: [
          'check',
          join(r.dir, 'missing.yaml'),
          '--rubric',
          r.rubric,
          '--json',
          join(r.rubric, 'steps', 'deflection.yaml'),
        ],
        victim: join(r.rubric, 'steps', 'deflection.yaml'),
      }),
    ],
    [
      'check --json a hard link of a step file',
      (r) => {
        linkSync(join(r.rubric, 'steps', 'quality.yaml'), join(r.dir, 'linked.json'));
        return {
          args: ['check', r.answers, '--rubric', r.rubric, '--min-score', '0', '--json', join(r.dir, 'linked.json')],
          victim: join(r.rubric, 'steps', 'quality.yaml'),
        };
      },
    ],
    [
      'check --junit a hard link of the baseline',
      (r) => {
        cpSync(r.answers, join(r.dir, 'old.yaml'));
        linkSync(join(r.dir, 'old.yaml'), join(r.dir, 'old-link.xml'));
        return {
          args: [
            'check',
            r.answers,
            '--rubric',
            r.rubric,
            '--baseline',
            join(r.dir, 'old.yaml'),
            '--junit',
            join(r.dir, 'old-link.xml'),
          ],
          victim: join(r.dir, 'old.yaml'),
        };
      },
    ],
    [
      'merge --output a step file --force',
      (r) => {
        cpSync(r.answers, join(r.dir, 'b.yaml'));
        return {
          args: [
            'merge',
            r.answers,
            join(r.dir, 'b.yaml'),
            '--rubric',
            r.rubric,
            '--output',
            join(r.rubric, 'steps', 'quality.yaml'),
            '--force',
          ],
          victim: join(r.rubric, 'steps', 'quality.yaml'),
        };
      },
    ],
    [
      'init --output the rubric manifest --force',
      (r) => ({
        args: ['init', '--rubric', r.rubric, '--output', join(r.rubric, 'rubric.yaml'), '--force'],
        victim: join(r.rubric, 'rubric.yaml'),
      }),
    ],
    [
      'report -o a hard link of the logo',
      (r) => {
        cpSync(fixture('logos', 'northstar.png'), join(r.dir, 'logo.png'));
        linkSync(join(r.dir, 'logo.png'), join(r.dir, 'report.html'));
        return {
          args: [
            'report',
            ANSWERS,
            '--format',
            'html',
            '--logo',
            join(r.dir, 'logo.png'),
            '-o',
            join(r.dir, 'report.html'),
          ],
          victim: join(r.dir, 'logo.png'),
        };
      },
    ],
    [
      'rubric test --update a case file that is a hard link of another case',
      (r) => {
        const cases = join(r.rubric, 'tests');
        writeFileSync(
          join(cases, 'moved.yaml'),
          readFileSync(join(cases, 'new-team.yaml'), 'utf8').replace('deflection: 33', 'deflection: 34'),
        );
        linkSync(join(cases, 'moved.yaml'), join(cases, 'zz-moved-link.yaml'));
        return { args: ['rubric', 'test', r.rubric, '--update'], victim: join(cases, 'moved.yaml') };
      },
    ],
  ];
  it.each(cases)('%s: exit 2, nothing written', (_name, make) => {
    const r = rubricCopy();
    const { args, victim } = make(r);
    const before = readFileSync(victim);
    const result = runBin(args);
    expect(result.stderr).toContain('scaleplay never overwrites its input');
    expect(result.code).toBe(2);
    expect(readFileSync(victim).equals(before)).toBe(true);
  });
});

describe('the built-in playbook counts as read too', () => {
  it('its manifest and step files are in the list of files read, so no output may replace them', async () => {
    const { forgetFilesRead, refuseReadFilesAsOutputs } = await import('../src/io/files-read.js');
    const { builtInRubricDir, loadRubric } = await import('../src/io/load-rubric.js');
    forgetFilesRead();
    loadRubric();
    for (const file of ['rubric.yaml', join('steps', 'reliability.yaml')]) {
      expect(() => refuseReadFilesAsOutputs([{ option: '--output', path: join(builtInRubricDir(), file) }])).toThrow(
        /scaleplay never overwrites its input/,
      );
    }
    expect(() => refuseReadFilesAsOutputs([{ option: '--output', path: join(tempDir(), 'report.md') }])).not.toThrow();
  });
});
