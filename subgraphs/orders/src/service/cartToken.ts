import { randomBytes } from "node:crypto";
import { badUserInput } from "@platform/errors";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url: unguessable, so holding the token is what grants access to the cart. */
export function newCartToken(): string {
  return randomBytes(32).toString("base64url");
}

export function checkCartToken(token: string, argument = "cartToken"): string {
  if (!TOKEN.test(token)) throw badUserInput(`"${argument}" is not a cart token (43 characters, as createCart returned it)`, argument);
  return token;
}
