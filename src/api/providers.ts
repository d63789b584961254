/** Why a batch cannot use this provider, or null when it can. */
export function providerProblem(provider: string): string | null {
  return provider === 'rules' ? null : `llm_provider "${provider}" is not available yet: only "rules" is implemented`
}
