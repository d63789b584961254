// Cursors are opaque to clients (base64url of JSON), so that what they hold can change without breaking anyone.

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** The cursor's value, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}
