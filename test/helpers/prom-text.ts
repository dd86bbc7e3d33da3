// A strict parser for the Prometheus text exposition format (0.0.4), for tests of /metrics. It
// throws on anything a scraper could misread: a sample before its family's HELP and TYPE, a
// family declared twice or split, a malformed name or label (escapes: \\ \" \n only), a duplicate
// series, a non-numeric value, a counter ending in other than _total, or a histogram whose
// buckets are not cumulative, do not end in +Inf, or whose _count is not the +Inf bucket.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const help = new Map<string, string>();
  const seen = new Set<string>();
  let current: Family | null = null;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const where = `line ${i + 1} "${line}"`;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (!m) throw new Error(`${where}: a comment must be "# HELP name text" or "# TYPE name type"`);
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      if (kind === 'HELP') {
        if (help.has(name)) throw new Error(`${where}: second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, '')))
          throw new Error(`${where}: HELP may only escape \\\\ and \\n`);
        help.set(name, rest);
        return;
      }
      if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
      if (families.has(name)) throw new Error(`${where}: family ${name} declared twice`);
      if (!help.has(name)) throw new Error(`${where}: TYPE before HELP (thrum writes HELP first)`);
      if (rest === 'counter' && !name.endsWith('_total'))
        throw new Error(`${where}: a counter's name ends in _total`);
      current = { name, help: help.get(name)!, type: rest as Family['type'], samples: [] };
      families.set(name, current);
      return;
    }
    if (line.trim() === '') throw new Error(`${where}: empty line`);
    const sample = parseSample(line, where);
    const family = current;
    if (family === null || !belongsTo(sample.name, family))
      throw new Error(`${where}: sample outside its family's HELP/TYPE block`);
    const series = `${sample.name}{${Object.entries(sample.labels)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}}`;
    if (seen.has(series)) throw new Error(`${where}: duplicate series ${series}`);
    seen.add(series);
    family.samples.push(sample);
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function belongsTo(sample: string, f: Family): boolean {
  if (f.type === 'histogram')
    return sample === `${f.name}_bucket` || sample === `${f.name}_sum` || sample === `${f.name}_count`;
  return sample === f.name;
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
  if (!m) throw new Error(`${where}: not "name{labels} value"`);
  const name = m[1]!;
  const labels = m[2] === undefined ? {} : parseLabels(m[2].slice(1, -1), where);
  const raw = m[3]!;
  const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : raw === 'NaN' ? NaN : Number(raw);
  if (
    !/^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/.test(raw) ||
    (Number.isNaN(value) && raw !== 'NaN')
  ) {
    throw new Error(`${where}: value ${raw} is not a number`);
  }
  return { name, labels, value };
}

function parseLabels(body: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without "="`);
    const name = body.slice(i, eq);
    if (!LABEL_NAME.test(name) || name.startsWith('__'))
      throw new Error(`${where}: bad label name "${name}"`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    if (body[eq + 1] !== '"') throw new Error(`${where}: label value must be quoted`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      if (j >= body.length) throw new Error(`${where}: unterminated label value`);
      const c = body[j]!;
      if (c === '"') break;
      if (c === '\n') throw new Error(`${where}: raw newline in a label value`);
      if (c === '\\') {
        const next = body[j + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`${where}: bad escape \\${next ?? ''} in a label value`);
        j += 2;
      } else {
        value += c;
        j++;
      }
    }
    labels[name] = value;
    i = j + 1;
    if (i < body.length) {
      if (body[i] !== ',') throw new Error(`${where}: labels are separated by ","`);
      i++;
    }
  }
  return labels;
}

function checkHistogram(f: Family): void {
  const buckets = f.samples.filter((s) => s.name === `${f.name}_bucket`);
  if (buckets.length === 0) throw new Error(`${f.name}: a histogram has buckets`);
  let previousLe = -Infinity;
  let previousCount = 0;
  for (const b of buckets) {
    const le = b.labels.le;
    if (le === undefined) throw new Error(`${f.name}: a bucket without le`);
    const bound = le === '+Inf' ? Infinity : Number(le);
    if (Number.isNaN(bound) || bound <= previousLe)
      throw new Error(`${f.name}: bucket bounds must rise (le="${le}")`);
    if (b.value < previousCount) throw new Error(`${f.name}: bucket counts must be cumulative (le="${le}")`);
    previousLe = bound;
    previousCount = b.value;
  }
  if (previousLe !== Infinity) throw new Error(`${f.name}: the last bucket is le="+Inf"`);
  const sum = f.samples.find((s) => s.name === `${f.name}_sum`);
  const count = f.samples.find((s) => s.name === `${f.name}_count`);
  if (!sum || !count) throw new Error(`${f.name}: a histogram has _sum and _count`);
  if (count.value !== previousCount)
    throw new Error(`${f.name}: _count ${count.value} differs from the +Inf bucket ${previousCount}`);
}

/** The value of one series (labels must match exactly), or undefined. */
export function sampleValue(
  families: Map<string, Family>,
  family: string,
  sample: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return families
    .get(family)
    ?.samples.find((s) => s.name === sample && JSON.stringify(Object.entries(s.labels).sort()) === want)
    ?.value;
}
