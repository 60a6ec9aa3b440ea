import { HeaderMap } from "@apollo/server";
import { answerErrors, loggedOperationName, readRequestId, readTraceparent, requestOperationName } from ".";

const answer = (string: string) => ({ status: 200, headers: new HeaderMap(), body: { kind: "complete" as const, string } });

describe("request log fields", () => {
  it("reads a valid traceparent and refuses invalid ones", () => {
    expect(readTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toEqual({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", traceId: "4bf92f3577b34da6a3ce929d0e0e4736" });
    for (const invalid of ["", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"]) {
      expect(readTraceparent(invalid)).toBeUndefined();
    }
    expect(readTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("keeps only well-formed request ids", () => {
    expect(readRequestId(["abc-1", "x"])).toBe("abc-1");
    expect(readRequestId("has space")).toBeUndefined();
    expect(readRequestId("a".repeat(129))).toBeUndefined();
  });

  it("logs GraphQL names only, bounded, read from the body when not resolved", () => {
    expect(loggedOperationName("jane@example.com")).toBeUndefined();
    expect(loggedOperationName("A".repeat(300))).toHaveLength(100);
    expect(requestOperationName({ query: "# a comment\n  query Profile($id: ID!) { x }" })).toBe("Profile");
    expect(requestOperationName({ query: "{ x }" })).toBeUndefined();
    expect(requestOperationName({ query: "query Q { x }", operationName: "not a name" })).toBeUndefined();
  });

  it("reads error codes, never messages", () => {
    expect(answerErrors(answer('{"data":{"errors":1}}'))).toEqual({ errors: 0, errorCodes: [] });
    expect(answerErrors(answer('{"errors":[{"message":"jane@example.com","extensions":{"code":"FORBIDDEN"}},{"message":"m","extensions":{"code":"FORBIDDEN"}},{"message":"no code"}]}'))).toEqual({ errors: 3, errorCodes: ["FORBIDDEN"] });
    expect(answerErrors(answer("not json \"errors\""))).toEqual({ errors: 0, errorCodes: [] });
  });
});
