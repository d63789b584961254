// Ridge-penalised logistic regression on sparse named features, fitted by Newton's method: small enough to read,
// deterministic (no random start, fixed order), and fast on a few hundred cases.

/** Named feature values of one case; a feature it does not name is 0 (a binary token is 1). */
export type Features = Readonly<Record<string, number>>

export interface LogisticModel {
  bias: number
  /** Every feature the fit saw; one it never saw counts 0: what it says about an unseen case is only the bias. */
  weights: Record<string, number>
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

export const linear = (model: LogisticModel, x: Features) =>
  Object.entries(x).reduce((z, [name, value]) => z + (model.weights[name] ?? 0) * value, model.bias)

export const predict = (model: LogisticModel, x: Features) => sigmoid(linear(model, x))

/** Solves A·v = b (A symmetric positive definite here) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, k) => [...row, b[k]!])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!
    }
  }
  const v = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * v[c]!
    v[r] = s / m[r]![r]!
  }
  return v
}

/**
 * The weights maximising the log-likelihood less `ridge`/2 · |weights|² (the bias is not penalised), so a feature
 * seen on few cases keeps a small weight. One right and one wrong case without features are added (Laplace's rule
 * of succession), so a stage that was never wrong in the fit is not certain. Weights are rounded to 4 decimals so
 * the written table is stable.
 */
export function fitLogistic(observed: readonly { x: Features; y: boolean }[], ridge: number): LogisticModel {
  const cases = [...observed, { x: {}, y: true }, { x: {}, y: false }]
  const names = [...new Set(cases.flatMap((c) => Object.keys(c.x)))].sort()
  const column = new Map(names.map((name, k) => [name, k + 1]))
  const rows = cases.map((c) => {
    const row = new Array<number>(names.length + 1).fill(0)
    row[0] = 1
    for (const [name, value] of Object.entries(c.x)) row[column.get(name)!] = value
    return row
  })
  const n = names.length + 1
  // The penalised log-likelihood, with log σ(z) = −log(1 + e^−z) computed without overflow.
  const logSigmoid = (z: number) => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)))
  const objective = (v: readonly number[]) =>
    rows.reduce((sum, row, i) => {
      const z = row.reduce((acc, x, k) => acc + x * v[k]!, 0)
      return sum + logSigmoid(cases[i]!.y ? z : -z)
    }, 0) -
    (ridge / 2) * v.reduce((sum, vk, k) => sum + (k === 0 ? 0 : vk * vk), 0)
  const w = new Array<number>(n).fill(0)
  const rate = cases.filter((c) => c.y).length / cases.length
  w[0] = Math.log(rate / (1 - rate))
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = w.map((wk, k) => (k === 0 ? 0 : -ridge * wk))
    const hessian = Array.from({ length: n }, (_, r) =>
      Array.from({ length: n }, (_, c) => (r === c && r > 0 ? ridge : 0)),
    )
    rows.forEach((row, i) => {
      const p = sigmoid(row.reduce((z, v, k) => z + v * w[k]!, 0))
      const residual = Number(cases[i]!.y) - p
      const weight = p * (1 - p)
      for (let r = 0; r < n; r++) {
        if (row[r] === 0) continue
        gradient[r]! += residual * row[r]!
        for (let c = 0; c < n; c++) if (row[c] !== 0) hessian[r]![c]! += weight * row[r]! * row[c]!
      }
    })
    const step = solve(hessian, gradient)
    // A full Newton step can overshoot far from the optimum (and run to NaN): halve it until the objective improves.
    let t = 1
    while (t > 1e-6 && objective(w.map((wk, k) => wk + t * step[k]!)) < objective(w)) t /= 2
    step.forEach((s, k) => (w[k]! += t * s))
    if (Math.max(...step.map((s) => Math.abs(t * s))) < 1e-9) break
  }
  // `+ 0` turns a weight that rounds to -0 into 0: the table is written as JSON, which has no -0.
  const round = (v: number) => Math.round(v * 10000) / 10000 + 0
  return {
    bias: round(w[0]!),
    weights: Object.fromEntries(names.map((name, k) => [name, round(w[k + 1]!)])),
  }
}
