import { decodeStoredResponse, encodeStoredResponse } from "./storedResponse";

describe("stored responses", () => {
  const entry = { body: '{"data":{"a":"line one\\nline two"}}', storedAt: 1_700_000_000_000, policy: { maxAge: 60, scope: "PUBLIC" as const } };

  it("read back as they were stored, the body untouched (newlines included)", () => {
    const encoded = encodeStoredResponse(entry);
    expect(encoded.startsWith('r1 {"storedAt":1700000000000,"policy":{"maxAge":60,"scope":"PUBLIC"}}\n')).toBe(true);
    expect(decodeStoredResponse(encoded)).toEqual(entry);
  });

  it.each([
    ["nothing stored", undefined],
    ["the older JSON format", JSON.stringify(entry)],
    ["no header line end", 'r1 {"storedAt":1}'],
    ["a header that is not JSON", "r1 {oops\n{}"],
    ["a header without its fields", "r1 {}\n{}"],
  ])("read %s as a miss", (_case, value) => {
    expect(decodeStoredResponse(value)).toBeNull();
  });
});
