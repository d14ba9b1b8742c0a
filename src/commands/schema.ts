// `scaleplay schema`: prints the JSON Schema of the answers file (or of a rubric's files).
import type { Io } from '../io.js';
import { jsonSchemaFor } from '../schema/json-schema.js';
import type { SchemaKind } from '../schema/kinds.js';

/** Prints one JSON Schema to stdout. */
export function runSchema(options: { kind: SchemaKind }, io: Io): number {
  io.stdout.write(jsonSchemaFor(options.kind));
  return 0;
}
