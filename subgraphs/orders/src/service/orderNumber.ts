import { randomBytes } from "node:crypto";
import { badUserInput } from "@platform/errors";

/** Order numbers are stored upper-case; people read them out and type them in any case. */
export function normalizeOrderNumber(input: string, argument = "number"): string {
  const number = input.trim().toUpperCase();
  if (number === "") throw badUserInput(`"${argument}" must not be empty`, argument);
  return number;
}

/** Crockford's base32 without I, L, O and U: nothing a customer reading a receipt aloud can confuse. */
const ORDER_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A new order's number, e.g. NW-7K3QJ9XA: 40 random bits, so concurrent checkouts need no shared
 * counter (which would serialise them); the unique index rejects the one-in-a-trillion clash.
 */
export function newOrderNumber(): string {
  const bytes = randomBytes(8);
  let code = "";
  for (let index = 0; index < 8; index++) code += ORDER_NUMBER_ALPHABET[bytes[index]! % 32];
  return `NW-${code}`;
}
