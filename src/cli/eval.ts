// `npm run eval -- FILE [--provider P] [--contradictions FILE]`: classify a labelled file (our JSON, external-v1
// JSON, CSV, or a directory of them) in process and print per-field accuracy and every miss.
import { parseArgs } from 'node:util'
import { formatContradictions, formatReport, loadContradictions, loadLabelled, scoreResults, withoutContradictions } from '../eval/index'
import { classifyInProcess, RULES_CONTEXT } from '../pipeline/in-process'
import type { StageContext } from '../pipeline/stages'
import { PROVIDERS } from '../taxonomy/index'

const USAGE = 'usage: npm run eval -- FILE|DIR [--provider rules] [--contradictions FILE]'

// Only the rules run in process so far; the LLM providers need the service's stages.
const IN_PROCESS: Record<string, StageContext> = { rules: RULES_CONTEXT }

function contextFor(provider: string): StageContext {
  if (IN_PROCESS[provider]) return IN_PROCESS[provider]
  if ((PROVIDERS as readonly string[]).includes(provider)) {
    throw new Error(`provider "${provider}" cannot run in process yet; available: ${Object.keys(IN_PROCESS).join(', ')}`)
  }
  throw new Error(`unknown provider "${provider}"; known providers: ${PROVIDERS.join(', ')}`)
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { provider: { type: 'string', default: 'rules' }, contradictions: { type: 'string' } },
    allowPositionals: true,
  })
  if (positionals.length !== 1) throw new Error(USAGE)
  const ctx = contextFor(values.provider)
  const labelled = await loadLabelled(positionals[0]!)
  const contradictions = values.contradictions ? await loadContradictions(values.contradictions) : []
  const { scored, unknown } = withoutContradictions(labelled, contradictions)
  if (unknown.length > 0) console.error(`contradiction ids not in the labelled file: ${unknown.join(', ')}`)

  const results = await classifyInProcess(scored.map((c) => c.indicator), ctx)
  console.log(formatReport(scoreResults(scored, results), `${positionals[0]} (${values.provider})`))
  if (contradictions.length > 0) console.log(`\n${formatContradictions(contradictions)}`)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
