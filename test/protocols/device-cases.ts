// Reads the upstream device test cases (device-tests/*.yaml) into plain data. Their YAML tags
// (!Commands, !Write, !Vibrate, …) become one-key objects: `!Write {endpoint: tx}` →
// `{Write: {endpoint: 'tx'}}`, so a case is walked like any JSON.

import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export type Tagged = Record<string, unknown>;

function toPlain(node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  let value: unknown;
  if (isMap(node)) {
    const o: Record<string, unknown> = {};
    for (const pair of node.items) o[String(toPlain(pair.key as Node))] = toPlain(pair.value as Node);
    value = o;
  } else if (isSeq(node)) {
    value = node.items.map((n) => toPlain(n as Node));
  } else if (isScalar(node)) {
    value = node.value;
  }
  return node.tag?.startsWith('!') ? { [node.tag.slice(1)]: value } : value;
}

export function readCase(file: string): Tagged {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  return toPlain(doc.contents) as Tagged;
}

/** The single tag of a one-key object: ['Write', {...}]. */
export function tagOf(x: unknown): [string, unknown] {
  const entries = Object.entries(x as Tagged);
  if (entries.length !== 1) throw new Error(`expected one tag, got ${JSON.stringify(x)}`);
  return entries[0] as [string, unknown];
}
