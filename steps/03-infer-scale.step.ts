import type { EventConfig, EventHandler } from 'motia'
import { stageHandler } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { scaleStage } from '../src/pipeline/stages/scale'
import { stageStepConfig, type UnitEmit } from '../src/pipeline/topics'
import type { UnitEvent } from '../src/pipeline/unit-events'

export const config = stageStepConfig('scale') satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = stageHandler(scaleStage)
