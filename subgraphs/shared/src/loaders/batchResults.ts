// A DataLoader batch function must answer with one result per key, in the order of the keys.
// A `findMany` with `in` returns rows in any order and skips keys without a row: these put them back.
// Each records its batch's size (`subgraph_dataloader_batch_size`) for the request it serves.
import { recordBatch } from "../metrics";

/** One row per key, or null where no row has that key. */
export function oneRowPerKey<TKey, TRow>(keys: readonly TKey[], rows: readonly TRow[], keyOf: (row: TRow) => TKey): (TRow | null)[] {
  recordBatch(keys.length);
  const rowByKey = new Map<TKey, TRow>();
  for (const row of rows) rowByKey.set(keyOf(row), row);
  return keys.map((key) => rowByKey.get(key) ?? null);
}

/** Every row of each key, in the order the query returned them; an empty list where there is none. */
export function rowsPerKey<TKey, TRow>(keys: readonly TKey[], rows: readonly TRow[], keyOf: (row: TRow) => TKey): TRow[][] {
  recordBatch(keys.length);
  const rowsByKey = new Map<TKey, TRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = rowsByKey.get(key);
    if (group) group.push(row);
    else rowsByKey.set(key, [row]);
  }
  return keys.map((key) => rowsByKey.get(key) ?? []);
}
