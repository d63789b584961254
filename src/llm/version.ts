/** Bump whenever prompts or answer schemas change, so cached LLM answers from older prompts are not reused. */
export const PROMPT_VERSION = 'v8'
