import { badUserInput } from "../../../shared/src/errors";

/** Order numbers are stored upper-case; people read them out and type them in any case. */
export function normalizeOrderNumber(input: string, argument = "number"): string {
  const number = input.trim().toUpperCase();
  if (number === "") throw badUserInput(`"${argument}" must not be empty`, argument);
  return number;
}
