export const CLASSIFY_MODES = ['rules', 'hybrid', 'llm'] as const
export type ClassifyMode = (typeof CLASSIFY_MODES)[number]

/**
 * The one place that decides a mode: `hybrid` when some stage has an LLM provider to ask and nobody chose a mode
 * (CLASSIFY_MODE, a CLI's --mode), the chosen mode then, and `rules` whenever there is no LLM to ask.
 */
export function classifyMode(chosen: ClassifyMode | undefined, asksLlm: boolean): ClassifyMode {
  return asksLlm ? (chosen ?? 'hybrid') : 'rules'
}
