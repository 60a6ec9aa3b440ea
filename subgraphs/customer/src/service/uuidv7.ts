import { randomBytes } from "node:crypto";

let lastMillis = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562) and the millisecond it encodes. Ids made by this process sort in
 * the order they were made: within one millisecond a 12-bit counter (rand_a) counts up, and
 * when it runs out the clock is moved on by one millisecond. Callers use `millis` as the row's
 * time too, so that (time, id) orders rows exactly as they were recorded.
 */
export function uuidv7(now: number = Date.now()): { id: string; millis: number } {
  if (now > lastMillis) {
    lastMillis = now;
    sequence = randomBytes(2).readUInt16BE() & 0x3ff; // leave room to count up
  } else if (++sequence > 0xfff) {
    lastMillis += 1;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMillis, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return {
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    millis: lastMillis,
  };
}
