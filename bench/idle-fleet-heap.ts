/**
 * What a station costs on the heap, by kind of object: sums the nodes of a V8 heap snapshot (as
 * `node --expose-gc dist/bench/run.js --idle-only --idle-heap-snapshot DIR` writes them) by type and constructor or
 * function name, and, given a second snapshot of a smaller fleet, prints the difference per station, so what every
 * process holds once (modules, schemas) drops out.
 *
 *   node dist/bench/idle-fleet-heap.js BIG.heapsnapshot --stations 2000 [--minus SMALL.heapsnapshot --minus-stations 1000] [--top 40]
 *
 * Self sizes only: a closure's context and a Map's backing store are rows of their own ("system / Context",
 * "(object properties)" …), which is where they really are in memory.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface HeapRow {
  key: string;
  count: number;
  bytes: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self size of the snapshot's nodes by type and name (strings and numbers each as one row). */
export function summarise(text: string): Map<string, HeapRow> {
  const snap = JSON.parse(text) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const rows = new Map<string, HeapRow>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] as number] ?? '?';
    const bytes = snap.nodes[i + sizeAt] as number;
    // A string's or number's text is its value, not its kind: one row each.
    const named = type !== 'string' && type !== 'concatenated string' && type !== 'sliced string' && type !== 'number' && type !== 'bigint';
    const key = named ? `${type} ${snap.strings[snap.nodes[i + nameAt] as number] ?? '?'}` : `(${type})`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { key, count: 0, bytes: 0 };
      rows.set(key, row);
    }
    row.count++;
    row.bytes += bytes;
  }
  return rows;
}

/** Rows per station: `big` minus `small` (if given) over the stations between them, largest first. */
export function perStation(big: Map<string, HeapRow>, stations: number, small?: Map<string, HeapRow>, smallStations = 0): HeapRow[] {
  const span = stations - smallStations;
  if (!(span > 0)) throw new RangeError(`the big snapshot must have more stations than the small one (${stations} vs ${smallStations})`);
  const keys = new Set([...big.keys(), ...(small?.keys() ?? [])]);
  return [...keys]
    .map((key) => {
      const b = big.get(key);
      const s = small?.get(key);
      return { key, count: ((b?.count ?? 0) - (s?.count ?? 0)) / span, bytes: ((b?.bytes ?? 0) - (s?.bytes ?? 0)) / span };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

function flag(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const file = args[0];
  const stations = Number(flag(args, 'stations'));
  if (file === undefined || file.startsWith('--') || !(stations > 0)) {
    console.error('usage: idle-fleet-heap BIG.heapsnapshot --stations N [--minus SMALL.heapsnapshot --minus-stations M] [--top 40]');
    process.exit(2);
  }
  const minus = flag(args, 'minus');
  const minusStations = Number(flag(args, 'minus-stations') ?? 0);
  const top = Number(flag(args, 'top') ?? 40);
  const rows = perStation(summarise(readFileSync(file, 'utf8')), stations, minus === undefined ? undefined : summarise(readFileSync(minus, 'utf8')), minusStations);
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`heap per station${minus === undefined ? '' : ` (difference of ${stations} and ${minusStations} stations)`}: ${total.toFixed(0)} bytes`);
  console.log(`${'bytes'.padStart(8)} ${'count'.padStart(7)}  kind`);
  for (const row of rows.slice(0, top)) console.log(`${row.bytes.toFixed(0).padStart(8)} ${row.count.toFixed(2).padStart(7)}  ${row.key}`);
}
