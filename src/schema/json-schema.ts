// JSON Schemas for editors (yaml-language-server), generated from the zod schemas.
import * as z from 'zod';
import { answersFileSchema } from './answers.js';
import type { SchemaKind } from './kinds.js';
import { rubricSchemas } from './rubric.js';

const titles = {
  answers: 'scaleplay answers file',
  rubric: 'scaleplay rubric manifest (rubric.yaml)',
  step: 'scaleplay rubric step (steps/<id>.yaml)',
} as const;

/** The JSON Schema (draft-07, input side) of one of scaleplay's file formats, as pretty JSON. */
export function jsonSchemaFor(kind: SchemaKind): string {
  const { manifestSchema, stepSchema } = rubricSchemas();
  const schemas = { answers: answersFileSchema, rubric: manifestSchema, step: stepSchema } as const;
  const schema = z.toJSONSchema(schemas[kind], { target: 'draft-07', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: titles[kind] }, null, 2)}\n`;
}
