import { createHash } from "node:crypto";
import { canonicalJson } from "./cacheTags";

/** A store key: `<namespace>:<sha256 of the parts as canonical JSON>`, so equal parts give one key whatever their key order. */
export function cacheKey(namespace: string, parts: unknown): string {
  return `${namespace}:${sha256(canonicalJson(parts))}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A stored entry read back; null for one this version cannot read (it is then treated as a miss). */
export function decodeEntry<T>(value: string | undefined): T | null {
  if (value === undefined) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}
