import type { NoopConfig } from 'motia'
import { FLOW } from '../src/pipeline/graph'
import { TOPICS } from '../src/pipeline/topics'

// POST /classify/batch is served in-process (plugins/classify-api.ts: bodies of megabytes cannot reach a step's
// child process). This node shows it in the Workbench flow: it validates, stores the batch and emits one
// normalize event per unit of CLASSIFY_CHUNK_SIZE indicators.
export const config = {
  type: 'noop',
  name: 'StartClassify',
  description: 'POST /classify/batch: validate, store the batch in SQLite, emit one event per unit',
  virtualSubscribes: [],
  virtualEmits: [TOPICS.normalize],
  flows: [FLOW],
} satisfies NoopConfig
