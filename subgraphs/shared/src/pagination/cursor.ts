import { badUserInput } from "@platform/errors";

type CursorValue = string | number;

/** Opaque to clients: base64url of the sort-key values of the row the cursor points at. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** Decodes a cursor made by `encodeCursor` with `arity` sort keys; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string, arity: number, argument = "after"): CursorValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    values = undefined;
  }
  const wellFormed =
    Array.isArray(values) &&
    values.length === arity &&
    values.every((value) => typeof value === "string" || typeof value === "number");
  if (!wellFormed) {
    throw badUserInput(`"${argument}" is not a cursor this field returned; pass an endCursor from a previous page`, argument);
  }
  return values as CursorValue[];
}
