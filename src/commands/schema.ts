// `scaleplay schema`: prints the JSON Schema of the answers file (or of a rubric's files).
import type { SchemaFlags } from '../cli.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../runtime.js';
import { jsonSchemaFor } from '../schema/json-schema.js';

/** Prints one JSON Schema to stdout. */
export function runSchema(options: SchemaFlags, io: Io): ExitCode {
  io.stdout.write(jsonSchemaFor(options.kind));
  return EXIT.ok;
}
