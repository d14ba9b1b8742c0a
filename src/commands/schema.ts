// `scaleplay schema`: prints the JSON Schema of the answers file (or of a rubric's files).
import type { Io } from '../io.js';
import { jsonSchemaFor, type SchemaKind } from '../schema/json-schema.js';

/** Prints one JSON Schema to stdout. */
export function runSchema(options: { kind: SchemaKind }, io: Io): number {
  io.stdout.write(jsonSchemaFor(options.kind));
  return 0;
}
