import type { ResponseCachePolicy } from "./cachePolicy";

export interface StoredResponse {
  body: string;
  storedAt: number;
  policy: ResponseCachePolicy;
}

/**
 * A stored response: `r1 {"storedAt":…,"policy":…}` on the first line, then the body as
 * answered. A hit parses only the short first line, never the body. Anything else (an older
 * format) reads as null: a miss.
 */
const ENTRY_PREFIX = "r1 ";

export function encodeStoredResponse({ body, storedAt, policy }: StoredResponse): string {
  return `${ENTRY_PREFIX}${JSON.stringify({ storedAt, policy })}\n${body}`;
}

export function decodeStoredResponse(value: string | undefined): StoredResponse | null {
  if (value === undefined || !value.startsWith(ENTRY_PREFIX)) return null;
  const lineEnd = value.indexOf("\n");
  if (lineEnd === -1) return null;
  try {
    const { storedAt, policy } = JSON.parse(value.slice(ENTRY_PREFIX.length, lineEnd)) as Omit<StoredResponse, "body">;
    return typeof storedAt === "number" && policy ? { storedAt, policy, body: value.slice(lineEnd + 1) } : null;
  } catch {
    return null;
  }
}
