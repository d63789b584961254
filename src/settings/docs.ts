// `.env.example` and the README's configuration table, written from the schema (`npm run settings:docs`); a unit
// test fails when either file differs from what this renders.
import { text } from './kinds'
import { docOf, GROUPS, SETTING_NAMES, type Group, type SettingName } from './schema'

function byGroup(): [Group, SettingName[]][] {
  return (Object.keys(GROUPS) as Group[]).map((group) => [
    group,
    SETTING_NAMES.filter((name) => docOf(name).group === group),
  ])
}

/** Backticks are for the README; a `.env` comment reads better without them. */
const plain = (text: string) => text.replaceAll('`', '')

export function renderEnvExample(): string {
  const lines = [
    '# indicator-classify: every setting, with its default. Copy to .env (every script and the service load it) and edit.',
  ]
  for (const [group, names] of byGroup()) {
    lines.push('', `# --- ${GROUPS[group]} ${'-'.repeat(Math.max(3, 72 - GROUPS[group].length))}`)
    for (const name of names) {
      const doc = docOf(name)
      const unset = doc.example === '' ? ` Unset: ${plain(doc.shown)}.` : ''
      const accepts = doc.accepts === text.accepts ? '' : ` Accepts: ${plain(doc.accepts)}.`
      lines.push(`# ${plain(doc.doc)}${accepts}${unset}`, `${name}=${doc.example}`)
    }
  }
  return `${lines.join('\n')}\n`
}

export const README_BEGIN =
  '<!-- settings:begin (npm run settings:docs writes this table from src/settings/schema.ts) -->'
export const README_END = '<!-- settings:end -->'

const cell = (text: string) => text.replaceAll('|', '\\|')

export function renderReadmeTable(): string {
  const rows = byGroup().flatMap(([group, names]) => [
    `| **${GROUPS[group]}** | | | |`,
    ...names.map((name) => {
      const doc = docOf(name)
      return `| \`${name}\` | ${cell(doc.shown)} | ${cell(doc.accepts)} | ${cell(doc.doc)} |`
    }),
  ])
  return [README_BEGIN, '| variable | default | accepts | meaning |', '|---|---|---|---|', ...rows, README_END].join(
    '\n',
  )
}

/** The README with its table between the markers replaced; it must already carry both markers. */
export function withReadmeTable(readme: string): string {
  const begin = readme.indexOf(README_BEGIN)
  const end = readme.indexOf(README_END)
  if (begin < 0 || end < begin) throw new Error(`README.md lacks the settings markers ${README_BEGIN} … ${README_END}`)
  return readme.slice(0, begin) + renderReadmeTable() + readme.slice(end + README_END.length)
}
