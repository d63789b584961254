/** A batch's lifecycle; the last three are final. */
export const BATCH_STATUSES = ['queued', 'running', 'completed', 'partial', 'failed'] as const
export type BatchStatus = (typeof BATCH_STATUSES)[number]

export const FINISHED_BATCH_STATUSES: readonly BatchStatus[] = ['completed', 'partial', 'failed']
