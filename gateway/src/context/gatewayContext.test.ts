import { ContextPart, createGatewayContext } from ".";

describe("ContextPart", () => {
  it("creates its value on first use, once per request, from that request's context", () => {
    let created = 0;
    const arrival = new ContextPart("arrival", (context) => (created++, context.receivedAt));
    const first = createGatewayContext(100);
    const second = createGatewayContext(200);
    expect([arrival.of(first), arrival.of(first), arrival.of(second)]).toEqual([100, 100, 200]);
    expect(created).toBe(2);
  });

  it("keeps two parts with the same name apart, and takes a value given before first use", () => {
    const one = new ContextPart("id", () => "made up");
    const other = new ContextPart("id", () => "other");
    const context = createGatewayContext();
    one.set(context, "from the client");
    expect([one.of(context), other.of(context)]).toEqual(["from the client", "other"]);
  });
});
