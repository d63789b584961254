// The splits of the labelled fixtures (issue 9): rules are tuned on `dev` only; confidence is fitted on
// `calibration` (cases the rules never saw, kept in their own folder so that no rule is tuned on them) and
// `test_fit`; `test` is scored, never tuned or fitted on. Dev/test membership is committed (tests/fixtures/split.json)
// so that it cannot drift; a case added later is placed by a seeded hash of its id, and a case once placed never
// moves. `test_fit` is the part of split.json's test side that a second seeded hash (test_fit_seed, test_fit_share)
// draws: fitting data from the same pool as `test`, so that confidence is calibrated where it is checked (issue 9
// point 3). No rule is tuned on it either, so the rules' accuracy on both halves stays a held-out figure. `blind` is
// a second held-out set in its own folder: series labelled from TAXONOMY.md alone by readers who saw neither the
// README's conventions, the rules nor any other fixture, as a data team outside the project reads the contract; never
// tuned or fitted on, and read by nothing but the scoring.
import { createHash } from 'node:crypto'

export const SPLITS = ['dev', 'calibration', 'test_fit', 'test', 'blind'] as const
export type Split = (typeof SPLITS)[number]
/** The splits the confidence is fitted on. */
export const FITTING_SPLITS: readonly Split[] = ['calibration', 'test_fit']
/** The splits that are a labelled folder's subfolder of the same name rather than placed by split.json. */
export const FOLDER_SPLITS = ['calibration', 'blind'] as const satisfies readonly Split[]
export type FolderSplit = (typeof FOLDER_SPLITS)[number]

export interface SplitFile {
  seed: string
  test_share: number
  /** Draws `test_fit` out of `test`: chosen before any outcome was seen, never rerolled. */
  test_fit_seed: string
  test_fit_share: number
  dev: string[]
  /** The test side: `test_fit` where the second draw says so, else `test`. */
  test: string[]
}

/** split.json's text as `npm run split` writes it: a split that places nothing new leaves the file as it was. */
export const splitFileText = (split: SplitFile) => `${JSON.stringify(split, null, 1)}\n`

/** A stable draw in [0, 1) from the seed and the id: the same on every machine and in every run. */
function draw(seed: string, id: string): number {
  return createHash('sha256').update(`${seed}\0${id}`).digest().readUInt32BE(0) / 2 ** 32
}

/** Adds the ids not yet placed; ids already placed keep their split. */
export function extendSplit(split: SplitFile, ids: readonly string[]): SplitFile {
  const placed = new Set([...split.dev, ...split.test])
  const dev = [...split.dev]
  const test = [...split.test]
  for (const id of ids) {
    if (placed.has(id)) continue
    placed.add(id)
    ;(draw(split.seed, id) < split.test_share ? test : dev).push(id)
  }
  return { ...split, dev: dev.sort(), test: test.sort() }
}

/**
 * Each id's split: the ids of a FOLDER_SPLITS subfolder are that split, the rest as the file places them. An id the
 * file does not place is an error naming it, so no case is scored unplaced; so is a folder's id the file also places.
 */
export function splitIndex(
  split: SplitFile,
  folders: Partial<Record<FolderSplit, readonly string[]>> = {},
): (id: string) => Split {
  const index = new Map<string, Split>([
    ...split.dev.map((id) => [id, 'dev'] as const),
    ...split.test.map(
      (id) => [id, draw(split.test_fit_seed, id) < split.test_fit_share ? 'test_fit' : 'test'] as const,
    ),
  ])
  for (const folder of FOLDER_SPLITS)
    for (const id of folders[folder] ?? []) {
      if (index.has(id))
        throw new Error(`indicator_id "${id}" is a ${folder} case and also in the ${index.get(id)} split of split.json`)
      index.set(id, folder)
    }
  return (id) => {
    const found = index.get(id)
    if (!found)
      throw new Error(`indicator_id "${id}" is in neither split of tests/fixtures/split.json: run npm run split`)
    return found
  }
}
