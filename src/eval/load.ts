import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { BOOLEAN_FIELDS, NUMBER_FIELDS } from '../taxonomy/index'
import { csvRecords } from './csv'
import { fromExternal, isExternalFile } from './external'
import { toLabelledCase, type LabelledCase } from './labelled'
import { FOLDER_SPLITS, splitIndex, type FolderSplit, type Split } from './split'

const FORMATS = ['.json', '.csv']
/** A labelled folder's dev/test membership (src/eval/split.ts), not cases. */
export const SPLIT_FILE = 'split.json'
const EXPECTED_PREFIX = 'expected_'

/** A CSV cell as the JSON value it stands for; an empty cell states nothing. */
function expectedCell(field: string, cell: string): unknown {
  if (cell === 'null') return null
  if (BOOLEAN_FIELDS.has(field)) return cell === 'true' ? true : cell === 'false' ? false : cell
  if (NUMBER_FIELDS.has(field)) return Number(cell)
  return cell
}

function fromCsv(text: string, source: string): LabelledCase[] {
  return csvRecords(text).map((record, n) => {
    const indicator: Record<string, unknown> = {}
    const expected: Record<string, unknown> = {}
    let notes: string | undefined
    for (const [column, cell] of Object.entries(record)) {
      if (cell === '') continue
      if (column === 'notes') notes = cell
      else if (column.startsWith(EXPECTED_PREFIX))
        expected[column.slice(EXPECTED_PREFIX.length)] = expectedCell(column.slice(EXPECTED_PREFIX.length), cell)
      else if (column === 'sample_values') {
        try {
          indicator.sample_values = JSON.parse(cell)
        } catch {
          throw new Error(`${source} row ${n + 2}: sample_values is not valid JSON`)
        }
      } else indicator[column] = cell
    }
    return toLabelledCase({ indicator, expected, notes }, source, `row ${n + 2}`)
  })
}

function fromJson(text: string, source: string): LabelledCase[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  if (Array.isArray(data)) return data.map((raw, n) => toLabelledCase(raw, source, `case ${n}`))
  if (isExternalFile(data)) {
    return (data as { indicators: unknown[] }).indicators.map((raw, n) =>
      toLabelledCase(fromExternal(raw, `${source} case ${n}`), source, `case ${n}`),
    )
  }
  throw new Error(
    `${source}: unrecognised JSON; expected an array of {indicator, expected} or an object with an indicators array (external-v1)`,
  )
}

/** `source` names the file; a file of a split's subfolder is named with it ("calibration/fred.json"). */
async function loadFile(path: string, source = basename(path)): Promise<LabelledCase[]> {
  const ext = extname(path).toLowerCase()
  if (!FORMATS.includes(ext))
    throw new Error(`${path}: unsupported format "${ext || '(none)'}"; expected ${FORMATS.join(' or ')}`)
  const text = await readFile(path, 'utf8')
  const cases = ext === '.csv' ? fromCsv(text, source) : fromJson(text, source)
  // A case's catalogue style is its own label or, failing that, the file it sits in ("fred.json" → fred).
  return cases.map((c) => ({ ...c, style: c.style ?? basename(path, extname(path)) }))
}

const labelledFiles = async (dir: string) =>
  (await readdir(dir)).filter((f) => FORMATS.includes(extname(f).toLowerCase()) && f !== SPLIT_FILE).sort()

/** The cases of a labelled folder's subfolder `split` (FOLDER_SPLITS), none when it has none. */
async function folderCases(dir: string, split: FolderSplit): Promise<LabelledCase[]> {
  const sub = join(dir, split)
  if (!(await stat(sub).catch(() => null))?.isDirectory()) return []
  const files = await labelledFiles(sub)
  return (await Promise.all(files.map((f) => loadFile(join(sub, f), `${split}/${f}`)))).flat()
}

/** The split a case is in by the subfolder it came from (FOLDER_SPLITS), undefined for a placed case. */
const folderSplitOf = (c: LabelledCase): FolderSplit | undefined =>
  FOLDER_SPLITS.find((split) => c.source.startsWith(`${split}/`))

/** The cases split.json places: those of no split's subfolder. */
export const placedCases = (cases: readonly LabelledCase[]) => cases.filter((c) => folderSplitOf(c) === undefined)

/** Whether a case came from a labelled folder's calibration subfolder. */
export const isCalibrationCase = (c: LabelledCase) => folderSplitOf(c) === 'calibration'

/**
 * Labelled cases from a file (our JSON, external-v1 JSON or CSV) or from every such file in a directory and in its
 * split subfolders (FOLDER_SPLITS).
 */
export async function loadLabelled(path: string): Promise<LabelledCase[]> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new Error(`${path}: no such file or directory`)
  let cases: LabelledCase[]
  if (info.isDirectory()) {
    const files = await labelledFiles(path)
    const inFolders = (await Promise.all(FOLDER_SPLITS.map((split) => folderCases(path, split)))).flat()
    if (files.length === 0 && inFolders.length === 0)
      throw new Error(`${path}: no ${FORMATS.join(' or ')} files in directory`)
    cases = [...(await Promise.all(files.map((f) => loadFile(join(path, f))))).flat(), ...inFolders]
  } else cases = await loadFile(path)

  // Results are matched to labels by id, so an id may appear only once.
  const seen = new Map<string, string>()
  for (const c of cases) {
    const id = c.indicator.indicator_id
    if (seen.has(id)) throw new Error(`duplicate indicator_id "${id}" in ${seen.get(id)} and ${c.source}`)
    seen.set(id, c.source)
  }
  return cases
}

/**
 * The split membership of a labelled folder (or of the folder a labelled file sits in), if it has a split.json;
 * a split's subfolder (FOLDER_SPLITS), or a file in it, is all of that split.
 */
export async function loadSplitOf(path: string): Promise<((id: string) => Split) | undefined> {
  const folder = (await stat(path)).isDirectory() ? path : dirname(path)
  const inFolder = FOLDER_SPLITS.find((split) => split === basename(folder))
  if (inFolder && (await stat(join(dirname(folder), SPLIT_FILE)).catch(() => null))) return () => inFolder
  const text = await readFile(join(folder, SPLIT_FILE), 'utf8').catch(() => null)
  if (text === null) return undefined
  const ids = async (split: FolderSplit) => (await folderCases(folder, split)).map((c) => c.indicator.indicator_id)
  return splitIndex(
    JSON.parse(text),
    Object.fromEntries(await Promise.all(FOLDER_SPLITS.map(async (split) => [split, await ids(split)] as const))),
  )
}
