// Defaults that code outside the settings parser applies too, declared here without zod so that the parser
// (schema.ts) and a step process, which never loads the parser, read the same value.

/** Indicators per LLM call (LLM_BATCH_SIZE). */
export const LLM_BATCH_SIZE_DEFAULT = 60
