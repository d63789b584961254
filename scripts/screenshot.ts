// `npm run screenshot`: start the service with the Workbench, classify a few indicators so the flow has traces,
// capture the `classify-indicator` flow view in headless Chromium and write docs/workbench-flow.png.
// The Workbench opens on the Flow tab with the first flow selected; this project has one flow, so `/` is the view.
// Node positions come from motia-workbench.json (keys: step file paths relative to the project, {x, y}).
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { join } from 'node:path'
import { postJson, waitForBatch, type JsonBody } from '../src/cli/client'
import { scratchDir } from '../src/cli/scratch'
import { PROJECT_ROOT, startService, type RunningService } from '../src/cli/service-process'
import { settings } from '../src/settings/load'

const { CHROMIUM, SCREENSHOT_WINDOW: WINDOW } = settings()
const OUTPUT = join(PROJECT_ROOT, 'docs/workbench-flow.png')
const LAYOUT = join(PROJECT_ROOT, 'motia-workbench.json')
const SAMPLE = 5
// 9 steps; edges: 01→02, 02→three 03s, three 03s→04 (the branches meet in the store), 04→05→06→07.
const EXPECTED_NODES = 9
const EXPECTED_EDGES = 10

async function startWithWorkbench(): Promise<RunningService> {
  // Two services starting from one checkout at once can race on the Workbench's Vite cache: retry a failed start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startService({ workbench: true })
    } catch (error) {
      if (attempt >= 3) throw error
      console.error(`screenshot: service start failed (attempt ${attempt}), retrying…`)
      await new Promise((r) => setTimeout(r, 2000))
    }
  }
}

// Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on fd 3, replies on
// fd 4, NUL-terminated JSON), so no browser library is needed. The plain `--screenshot` CLI cannot wait for the
// graph: the flow arrives over a websocket after the page has loaded, which virtual time does not wait for.
async function capture(url: string, output: string): Promise<void> {
  // Removed at exit, not here: Chromium's helper processes still write into it for a moment after the browser exits.
  const profile = scratchDir('classify-chromium-')
  const [width, height] = WINDOW.split(',').map(Number)
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    '--remote-debugging-pipe',
    `--user-data-dir=${profile}`,
    `--window-size=${width},${height}`,
    'about:blank',
  ]
  const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] })
  let log = ''
  child.stdout!.on('data', (c: Buffer) => (log += c))
  child.stderr!.on('data', (c: Buffer) => (log = (log + c).slice(-20_000)))
  const toBrowser = child.stdio[3] as Writable
  const fromBrowser = child.stdio[4] as Readable
  toBrowser.on('error', () => undefined) // a dead browser is reported by the pending commands
  let nextId = 1
  const pending = new Map<number, { resolve: (v: JsonBody) => void; reject: (e: Error) => void }>()
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.once('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`cannot run ${CHROMIUM}: ${error.message}`))
      pending.clear()
      resolve()
    })
  })

  let buffer = Buffer.alloc(0)
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (let end = buffer.indexOf(0); end !== -1; end = buffer.indexOf(0)) {
      const message = JSON.parse(buffer.subarray(0, end).toString('utf8'))
      buffer = buffer.subarray(end + 1)
      const waiter = message.id !== undefined ? pending.get(message.id) : undefined
      if (!waiter) continue
      pending.delete(message.id)
      if (message.error) waiter.reject(new Error(`${message.error.message} (${message.error.code})`))
      else waiter.resolve(message.result)
    }
  })
  child.once('exit', (code) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`chromium exited with ${code}:\n${log.slice(-3000)}`))
    pending.clear()
  })
  const send = (method: string, params: object = {}, sessionId?: string): Promise<JsonBody> =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0')
    })
  const evaluate = async (sessionId: string, expression: string) =>
    (await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)).result.value

  try {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true })
    await send('Page.enable', {}, sessionId)
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId)
    await send('Page.navigate', { url }, sessionId)

    // Ready when every step is a measured, visible node and the edges are drawn; React Flow hides a node until it
    // has measured it, then the Workbench fits the view.
    const deadline = Date.now() + 120_000
    let state: { nodes: number; visible: number; edges: number } = { nodes: 0, visible: 0, edges: 0 }
    while (Date.now() < deadline) {
      state = await evaluate(
        sessionId,
        `(() => {
          const nodes = [...document.querySelectorAll('.react-flow__node')]
          return {
            nodes: nodes.length,
            visible: nodes.filter((n) => getComputedStyle(n).visibility !== 'hidden').length,
            edges: document.querySelectorAll('.react-flow__edge').length,
          }
        })()`,
      ).catch(() => state)
      if (state.nodes >= EXPECTED_NODES && state.visible === state.nodes && state.edges >= EXPECTED_EDGES) break
      await new Promise((r) => setTimeout(r, 250))
    }
    if (state.nodes < EXPECTED_NODES || state.edges < EXPECTED_EDGES) {
      throw new Error(`the flow graph did not render within 120 s: ${JSON.stringify(state)}`)
    }
    await new Promise((r) => setTimeout(r, 1500)) // fitView and the edge animation settle
    const { data } = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false }, sessionId)
    writeFileSync(output, Buffer.from(data, 'base64'))
    await send('Browser.close').catch(() => undefined)
  } finally {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    clearTimeout(timer)
  }
}

async function main() {
  const layout = readFileSync(LAYOUT, 'utf8')
  console.error('screenshot: starting the service with the Workbench…')
  const service = await startWithWorkbench()
  try {
    const { indicators } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'examples/indicators.json'), 'utf8'))
    const posted = await postJson(`${service.url}/classify/batch`, {
      llm_provider: 'rules',
      indicators: indicators.slice(0, SAMPLE),
    })
    if (posted.status !== 202 && posted.status !== 200)
      throw new Error(`POST /classify/batch answered ${posted.status}: ${JSON.stringify(posted.body)}`)
    const status = await waitForBatch(service.url, posted.body.batch_id)
    console.error(`screenshot: batch ${status.batch_id} ${status.status} (${status.completed} classified)`)

    mkdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true })
    console.error(`screenshot: capturing ${service.url}/ in headless Chromium…`)
    await capture(`${service.url}/`, OUTPUT)
    console.error(`screenshot: wrote ${OUTPUT} (${statSync(OUTPUT).size} bytes)`)
  } finally {
    await service.stop()
    // The Workbench saves node positions back to motia-workbench.json when they change in the UI; a capture must
    // not alter the committed layout.
    if (readFileSync(LAYOUT, 'utf8') !== layout) {
      writeFileSync(LAYOUT, layout)
      console.error('screenshot: the Workbench rewrote motia-workbench.json; restored it')
    }
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
