/**
 * The elements of a JSON document's top-level array, or of its top-level object's `indicators` array, parsed one at a
 * time from text chunks: a catalogue of any size is read without holding more than one element. The scanner only
 * finds where each element starts and ends (strings, escapes and nesting); JSON.parse reads the element itself.
 */
export async function* jsonArrayElements(chunks: AsyncIterable<string>, key = 'indicators'): AsyncGenerator<unknown> {
  let depth = 0
  let inString = false
  let escaped = false
  /** Nesting depth of the array's elements once it is found; -1 before, -2 after its end. */
  let arrayDepth = -1
  let topIsObject = false
  let lastKey = ''
  let keyText: string[] | undefined
  let element: string[] | undefined
  let count = 0
  const parse = (text: string) => {
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      throw new Error(`element ${count + 1}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  for await (const chunk of chunks) {
    let start = element ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (inString) {
        if (escaped) escaped = false
        else if (c === '\\') escaped = true
        else if (c === '"') {
          inString = false
          if (keyText) {
            lastKey = keyText.join('')
            keyText = undefined
          }
          continue
        }
        keyText?.push(c)
        continue
      }
      const atElements = depth === arrayDepth
      if (atElements && (c === ',' || c === ']')) {
        if (element) {
          yield parse(element.join('') + chunk.slice(start, i))
          count++
          element = undefined
          start = -1
        }
        if (c === ']') arrayDepth = -2
      } else if (atElements && !element && !/\s/.test(c)) {
        element = []
        start = i
      }
      if (c === '"') {
        inString = true
        if (depth === 1 && topIsObject && arrayDepth === -1) keyText = []
      } else if (c === '{' || c === '[') {
        if (depth === 0) {
          topIsObject = c === '{'
          if (c === '[') arrayDepth = 1
        } else if (depth === 1 && topIsObject && c === '[' && lastKey === key && arrayDepth === -1) arrayDepth = 2
        depth++
      } else if (c === '}' || c === ']') depth--
    }
    if (element) element.push(chunk.slice(start))
  }
  if (arrayDepth !== -2)
    throw new Error(
      `expected a JSON array of indicators or an object with an "${key}" array${arrayDepth >= 0 ? ' (the document ends inside it)' : ''}`,
    )
}
