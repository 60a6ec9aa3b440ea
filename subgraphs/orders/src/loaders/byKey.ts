/** DataLoader wants one result per key, in key order: the row with that key, or null. */
export function oneRowPerKey<TKey, TRow>(keys: readonly TKey[], rows: readonly TRow[], keyOf: (row: TRow) => TKey): (TRow | null)[] {
  const rowsByKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => rowsByKey.get(key) ?? null);
}

/** DataLoader wants one result per key, in key order: every row with that key, in the order given. */
export function rowsPerKey<TKey, TRow>(keys: readonly TKey[], rows: readonly TRow[], keyOf: (row: TRow) => TKey): TRow[][] {
  const rowsByKey = new Map<TKey, TRow[]>(keys.map((key) => [key, []]));
  for (const row of rows) rowsByKey.get(keyOf(row))?.push(row);
  return keys.map((key) => rowsByKey.get(key)!);
}
