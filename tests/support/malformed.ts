// Malformed POST /classify/batch bodies, each with the field a 400 must name; shared by the unit and the
// integration tests so both prove the same contract.
const ok = { indicator_id: 'X1', name: 'GDP', units: 'USD Billion' }

export const MALFORMED: { label: string; body: unknown; path: string }[] = [
  { label: 'body is a string', body: 'GDP', path: '(body)' },
  { label: 'indicators missing', body: { llm_provider: 'rules' }, path: 'indicators' },
  { label: 'indicators empty', body: { indicators: [] }, path: 'indicators' },
  { label: 'indicators not an array', body: { indicators: 'GDP' }, path: 'indicators' },
  { label: 'indicator_id missing', body: { indicators: [{ name: 'GDP' }] }, path: 'indicators.0.indicator_id' },
  { label: 'name empty', body: { indicators: [{ indicator_id: 'A', name: '  ' }] }, path: 'indicators.0.name' },
  {
    label: 'name not a string',
    body: { indicators: [ok, { indicator_id: 'B', name: 42 }] },
    path: 'indicators.1.name',
  },
  {
    label: 'sample value not a number',
    body: { indicators: [{ ...ok, sample_values: [{ date: '2024-01-01', value: '1.2x' }] }] },
    path: 'indicators.0.sample_values.0.value',
  },
  {
    label: 'sample value "Infinity"',
    body: { indicators: [{ ...ok, sample_values: [{ date: '2024-01-01', value: 'Infinity' }] }] },
    path: 'indicators.0.sample_values.0.value',
  },
  {
    label: 'sample value null',
    body: { indicators: [{ ...ok, sample_values: [{ date: '2024-01-01', value: null }] }] },
    path: 'indicators.0.sample_values.0.value',
  },
  {
    label: 'sample date not a calendar date',
    body: { indicators: [{ ...ok, sample_values: [{ date: '2024-13-45', value: 1 }] }] },
    path: 'indicators.0.sample_values.0.date',
  },
  {
    label: 'sample date a word',
    body: {
      indicators: [
        ok,
        {
          ...ok,
          indicator_id: 'X2',
          sample_values: [
            { date: '2024', value: 1 },
            { date: 'yesterday', value: 2 },
          ],
        },
      ],
    },
    path: 'indicators.1.sample_values.1.date',
  },
  {
    label: 'NUL in indicator_id',
    body: { indicators: [{ ...ok, indicator_id: 'X\u00001' }] },
    path: 'indicators.0.indicator_id',
  },
  { label: 'line break in name', body: { indicators: [{ ...ok, name: 'GDP\nid="X2"' }] }, path: 'indicators.0.name' },
  {
    label: 'control character in units',
    body: { indicators: [{ ...ok, units: 'USD\u001b[31m' }] },
    path: 'indicators.0.units',
  },
  { label: 'lone surrogate in name', body: { indicators: [{ ...ok, name: 'GDP \ud800' }] }, path: 'indicators.0.name' },
  {
    label: 'sample_values not an array',
    body: { indicators: [{ ...ok, sample_values: { date: '2024', value: 1 } }] },
    path: 'indicators.0.sample_values',
  },
  {
    label: 'sample date missing',
    body: { indicators: [{ ...ok, sample_values: [{ value: 1 }] }] },
    path: 'indicators.0.sample_values.0.date',
  },
  { label: 'extra not an object', body: { indicators: [{ ...ok, extra: 'red' }] }, path: 'indicators.0.extra' },
  { label: 'unknown batch option', body: { indicators: [ok], colour: 'red' }, path: 'colour' },
  { label: 'unknown llm_provider', body: { indicators: [ok], llm_provider: 'gpt' }, path: 'llm_provider' },
  { label: 'batch_id with spaces', body: { indicators: [ok], batch_id: 'my batch' }, path: 'batch_id' },
  { label: 'refresh not boolean', body: { indicators: [ok], refresh: 'yes' }, path: 'refresh' },
  { label: 'duplicate indicator_id', body: { indicators: [ok, { ...ok }] }, path: 'indicators' },
]
