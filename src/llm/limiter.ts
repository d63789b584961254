import type { ObservedLimits } from './rate-headers'

/**
 * A provider's limits shared by every process that calls it: Motia runs each step invocation in its own process,
 * so requests per minute, tokens per minute and calls in flight must be counted outside any one of them.
 */
export interface SharedLimiter {
  /** Waits until a call of about `estimatedTokens` fits the provider's limits; the result ends the call. */
  acquire(provider: string, estimatedTokens: number): Promise<(actualTokens: number) => void>
  /** A 429 pauses every caller, not just the one that was told; resolves once it is shared. */
  penalize(provider: string, retryAfterMs: number): Promise<void>
  /**
   * The provider's own account of its limits, from the headers of any answer: the rate of what is not configured.
   * `callTokens` is what the call that brought them used, the measure of whether what is left fits another.
   */
  observe(provider: string, limits: ObservedLimits, callTokens?: number): Promise<void>
}

export interface LimitSettings {
  rpm: number
  tpm: number
  concurrency: number
  /** How long a call may hold its slot before it is presumed dead (its process killed). */
  lease_ms: number
}

/** Output tokens are not known before the answer; a per-item allowance keeps the estimate honest for big batches. */
export function estimateTokens(system: string, user: string, items: number): number {
  return Math.ceil((system.length + user.length) / 4) + 60 * items
}

/**
 * Providers count their limits over a sliding minute from when a call reached them, which the limiter cannot see: on a
 * busy machine a call admitted now may reach the provider seconds later (measured up to 1.7 s). So a call counts while
 * it is in flight and for a minute after its answer came back, which was after the provider counted it.
 */
export const WINDOW_MS = 60_000

/** A call in flight is counted at its estimate, which may fall short of what it uses: pace just under the limit. */
export const LIMIT_SHARE = 0.98

/** How long a call waits for a free slot (the probe's answer, or a call in flight to end) before it looks again. */
const SLOT_WAIT_MS = 100

/** Stored as a learned limit when the provider answered without advertising one: nothing to learn, nothing to pace. */
const NOT_ADVERTISED = -1

/** One call the limiter let through: its tokens (the estimate until it ends, then what it used). */
export interface Admission {
  /** When it was admitted while it is in flight; when it ended (its answer, or its error) once it has. */
  at_ms: number
  tokens: number
  /** Until when the call holds its slot; null once it ended. */
  lease_expires_ms: number | null
}

/** What the limiter shares about one provider besides its admissions. */
export interface Pacing {
  /** No call goes out before this (a 429's retry delay, or the reset of a provider window with nothing left). */
  paused_until_ms: number
  /** The provider's advertised per-minute limits (0 until it sent them, NOT_ADVERTISED when it sent none). */
  learned_rpm: number
  learned_tpm: number
}

export const UNPACED: Pacing = { paused_until_ms: 0, learned_rpm: 0, learned_tpm: 0 }

/** The per-minute limits that pace calls: configured ones win, otherwise the provider's own (0: no limit). */
function paceLimits(settings: LimitSettings, pacing: Pacing): { rpm: number; tpm: number } {
  const limit = (configured: number, learned: number) =>
    (configured > 0 ? configured : Math.max(0, learned)) * LIMIT_SHARE
  return { rpm: limit(settings.rpm, pacing.learned_rpm), tpm: limit(settings.tpm, pacing.learned_tpm) }
}

/**
 * A limit neither configured nor heard from the provider yet: until the first answer brings its headers, one call at
 * a time goes out (the probe), so the first burst cannot run into limits nobody knows.
 */
const probing = (settings: LimitSettings, pacing: Pacing) =>
  (settings.rpm === 0 && pacing.learned_rpm === 0) || (settings.tpm === 0 && pacing.learned_tpm === 0)

/**
 * Whether a call of `tokens` may go out at `now`, or how long to wait until it may: the one pacing decision both
 * stores make, over what they share. No window of WINDOW_MS ever holds admissions of more than the paced limits (a
 * call bigger than the whole token limit goes alone), so the provider's sliding minute never does either.
 */
export function paceCall(
  settings: LimitSettings,
  pacing: Pacing,
  admissions: readonly Admission[],
  tokens: number,
  now: number,
): { go: true } | { go: false; wait_ms: number } {
  if (pacing.paused_until_ms > now) return { go: false, wait_ms: pacing.paused_until_ms - now }
  const slots = probing(settings, pacing) ? 1 : settings.concurrency
  const inFlight = admissions.filter((a) => a.lease_expires_ms !== null && a.lease_expires_ms > now).length
  if (slots > 0 && inFlight >= slots) return { go: false, wait_ms: SLOT_WAIT_MS }

  // When each call leaves the window: a minute after it ended, so a call in flight a minute from now at the earliest.
  const window = admissions
    .map((a) => ({
      tokens: a.tokens,
      leaves_ms: (a.lease_expires_ms !== null && a.lease_expires_ms > now ? now : a.at_ms) + WINDOW_MS,
    }))
    .filter((a) => a.leaves_ms > now)
    .sort((a, b) => a.leaves_ms - b.leaves_ms)
  const { rpm, tpm } = paceLimits(settings, pacing)
  // The first to leave go first: wait until enough of them have left for this call to fit.
  let leave = 0
  if (rpm > 0) leave = Math.max(leave, window.length - Math.max(0, Math.floor(rpm) - 1))
  if (tpm > 0) {
    let held = window.reduce((sum, a) => sum + a.tokens, 0)
    let left = 0
    while (left < window.length && held + tokens > tpm) held -= window[left++]!.tokens
    leave = Math.max(leave, left)
  }
  if (leave === 0) return { go: true }
  return { go: false, wait_ms: window[leave - 1]!.leaves_ms - now }
}

/** Whether answers can teach anything: both limits configured, the provider's headers change nothing. */
export const learnsLimits = (settings: LimitSettings) => settings.rpm === 0 || settings.tpm === 0

/**
 * What an answer's rate-limit headers change: the limits that are not configured are learned, and when less is left
 * than the call that brought them used (or, after a 429, than a quarter of the minute's limit), every caller waits
 * until the provider says its window has room: it counts calls of other clients of the same account too.
 */
export function learnLimits(
  settings: LimitSettings,
  pacing: Pacing,
  limits: ObservedLimits,
  callTokens: number | undefined,
  now: number,
): Pacing {
  const next = { ...pacing }
  const waitFor = (reset: number | undefined) => {
    if (reset !== undefined) next.paused_until_ms = Math.max(next.paused_until_ms, now + reset)
  }
  if (settings.rpm === 0) {
    next.learned_rpm = limits.rpm ?? (next.learned_rpm || NOT_ADVERTISED)
    if (limits.remaining_requests !== undefined && limits.remaining_requests < 1) waitFor(limits.reset_requests_ms)
  }
  if (settings.tpm === 0) {
    next.learned_tpm = limits.tpm ?? (next.learned_tpm || NOT_ADVERTISED)
    const { tpm } = paceLimits(settings, next)
    if (tpm > 0 && limits.remaining_tokens !== undefined && limits.remaining_tokens < (callTokens ?? tpm / 4))
      waitFor(limits.reset_tokens_ms)
  }
  return next
}

/** What a store keeps for the shared limiter: its reads and writes, each under the provider's lock. */
export interface LimiterState {
  /** Drops admissions out of the window, decides with `paceCall`, and records the call when it may go. */
  tryTake(
    provider: string,
    estimatedTokens: number,
  ): Promise<{ go: true; lease: string } | { go: false; wait_ms: number }>
  /** The call ended: what it used replaces its estimate, counted from now (see WINDOW_MS). */
  release(lease: string, actualTokens: number): void
  /** Reads, changes and writes the provider's pacing, so no two processes lose each other's change. */
  update(provider: string, change: (pacing: Pacing, now: number) => Pacing): Promise<void>
}

/** The limiter both stores share: the waiting, the 429 pause and the learning, over a store's state. */
export function sharedLimiter(
  state: LimiterState,
  settings: LimitSettings,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): SharedLimiter {
  return {
    async acquire(provider, estimatedTokens) {
      for (;;) {
        const decision = await state.tryTake(provider, estimatedTokens)
        if (decision.go) return (actualTokens: number) => state.release(decision.lease, actualTokens)
        // Jitter keeps the waiting processes from waking in lockstep.
        await sleep(Math.ceil(decision.wait_ms + Math.random() * 50))
      }
    },
    penalize(provider, retryAfterMs) {
      return state.update(provider, (pacing, now) => ({
        ...pacing,
        paused_until_ms: Math.max(pacing.paused_until_ms, now + retryAfterMs),
      }))
    },
    async observe(provider, limits, callTokens) {
      if (!learnsLimits(settings)) return
      return state.update(provider, (pacing, now) => learnLimits(settings, pacing, limits, callTokens, now))
    },
  }
}
