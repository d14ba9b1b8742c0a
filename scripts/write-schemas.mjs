// Regenerates schema/*.schema.json (shipped for editors) from the zod schemas via the built CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('schema', { recursive: true });
for (const kind of ['answers', 'rubric', 'step']) {
  const json = execFileSync(process.execPath, ['bin/scaleplay.js', 'schema', '--kind', kind], { encoding: 'utf8' });
  writeFileSync(`schema/${kind}.schema.json`, json);
}
console.log('schema/answers.schema.json, schema/rubric.schema.json, schema/step.schema.json written');
