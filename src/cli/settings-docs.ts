// `npm run settings:docs`: writes `.env.example` and the README's configuration table from the settings schema.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderEnvExample, withReadmeTable } from '../settings/docs'
import { PROJECT_ROOT } from './service-process'

const readme = join(PROJECT_ROOT, 'README.md')
writeFileSync(join(PROJECT_ROOT, '.env.example'), renderEnvExample())
writeFileSync(readme, withReadmeTable(readFileSync(readme, 'utf8')))
console.log('wrote .env.example and the configuration table of README.md')
