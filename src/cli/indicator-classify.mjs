#!/usr/bin/env node
// The `indicator-classify` command of package.json's "bin": runs src/cli/classify.ts under tsx from any directory.
import process from 'node:process'
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('./classify.ts')
runCli(process.argv.slice(2))
