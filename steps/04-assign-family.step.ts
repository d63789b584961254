import type { EventConfig, EventHandler } from 'motia'
import { stageHandler } from '../src/pipeline/stage-step'
// Only this stage's code: every invocation is a fresh process that pays for what it imports.
import { familyStage } from '../src/pipeline/stages/family'
import { stageStepConfig, type UnitEmit } from '../src/pipeline/topics'
import type { UnitEvent } from '../src/pipeline/unit-events'

export const config = stageStepConfig('family') satisfies EventConfig

export const handler: EventHandler<UnitEvent, UnitEmit> = stageHandler(familyStage)
