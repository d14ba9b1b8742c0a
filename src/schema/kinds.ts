// The file formats `scaleplay schema --kind` can print, kept apart from zod so the CLI can list them cheaply.
export const SCHEMA_KINDS = ['answers', 'rubric', 'step'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];
