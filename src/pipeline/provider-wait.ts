/**
 * Thrown by a stage that submitted (or found open) a provider batch: the stage ends without outcomes, its step emits
 * nothing, and the provider-batch poller runs the stage again once the batch has ended.
 */
export class WaitingForProviderBatch extends Error {
  constructor(readonly provider_batch_id: string) {
    super(`waiting for provider batch ${provider_batch_id}`)
    this.name = 'WaitingForProviderBatch'
  }
}
