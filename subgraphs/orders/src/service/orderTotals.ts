import type { OrderLineRecord } from "./orderRecords";

export function lineTotalMinor(line: Pick<OrderLineRecord, "quantity" | "unitPriceMinor">): number {
  return line.quantity * line.unitPriceMinor;
}

export function orderTotalMinor(lines: readonly OrderLineRecord[]): number {
  return lines.reduce((sum, line) => sum + lineTotalMinor(line), 0);
}

/** Units across all lines: two of one SKU and one of another is three items. */
export function itemCountOf(lines: readonly OrderLineRecord[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}
