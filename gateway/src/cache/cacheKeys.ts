import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { canonicalJson } from "./cacheTags";

/** A store key: `<namespace>:<sha256 of the parts as canonical JSON>`, so equal parts give one key whatever their key order. */
export function cacheKey(namespace: string, parts: unknown): string {
  return `${namespace}:${sha256(canonicalJson(parts))}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The hashes of recent documents, by their text: a client sends the same few documents again and again. */
const documentHashes = new LRUCache<string, string>({ maxSize: 8 * 1024 * 1024, sizeCalculation: (_hash, text) => text.length + 64 });

/** The sha256 of a GraphQL document's text, computed once per distinct text while it is recent (at most 8 MB of texts are remembered). */
export function documentHash(text: string): string {
  let hash = documentHashes.get(text);
  if (hash === undefined) {
    hash = sha256(text);
    documentHashes.set(text, hash);
  }
  return hash;
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
