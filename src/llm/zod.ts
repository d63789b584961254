// zod, loaded when the first LLM question is built: each step invocation is a fresh process, and a rules-mode one
// (which asks no LLM) would otherwise spend a fifth of its start-up loading zod for answer schemas it never builds.
import type * as Zod from 'zod'

/** What the answer schemas are built with. */
export type ZodApi = typeof Zod.z

let loaded: typeof Zod | undefined

/** Loads zod once; every way into an LLM question (consultLlm, askBatch, a client's call) awaits it first. */
export async function loadZod(): Promise<ZodApi> {
  loaded ??= await import('zod')
  return loaded.z
}

/** zod, for the synchronous parts of an LLM question, which only run after loadZod has resolved. */
export function zod(): ZodApi {
  if (!loaded) throw new Error('zod used before loadZod() resolved: await it where the LLM question starts')
  return loaded.z
}
