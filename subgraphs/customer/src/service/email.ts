import { badUserInput } from "@platform/errors";

/** RFC 5321 caps a forward path at 256 octets, i.e. 254 for the address itself. */
const MAX_EMAIL_LENGTH = 254;

/** Deliberately loose: one @, no spaces, a dotted domain. Deliverability is proven by sending, not by a regex. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The form emails are stored in (trimmed, lower-case), so a lookup matches however the
 * customer typed it. Anything that cannot be an address is BAD_USER_INPUT naming `argument`.
 */
export function normalizeEmail(input: string, argument = "email"): string {
  const email = input.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(email)) {
    throw badUserInput(`"${argument}" is not a valid email address`, argument);
  }
  return email;
}
