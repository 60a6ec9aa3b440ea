import { GraphQLError } from "graphql";
import { Channel } from "../commerce";
import { CallerHeader } from "./callerHeaders";
import { callerHeaders, readRequestCaller, requireAssociate, requireCustomer, requireService, serviceHeaders } from "./requestCaller";

const SECRET = "a-test-secret-that-is-long-enough-for-use";

function errorOf(action: () => unknown): GraphQLError {
  try {
    action();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error("expected an error");
}

describe("readRequestCaller", () => {
  it("defaults to an anonymous WEB caller", () => {
    expect(readRequestCaller({}, SECRET)).toEqual({ channel: Channel.WEB, storeId: null, customerId: null, associateId: null, service: null });
  });

  it("reads channel (any case), store and people", () => {
    const caller = readRequestCaller(
      { [CallerHeader.channel]: "kiosk", [CallerHeader.store]: "store-1", [CallerHeader.customer]: "c-1", [CallerHeader.associate]: "a-1" },
      SECRET,
    );
    expect(caller).toEqual({ channel: Channel.KIOSK, storeId: "store-1", customerId: "c-1", associateId: "a-1", service: null });
  });

  it("rejects an unknown channel with a 400 naming the header", () => {
    const error = errorOf(() => readRequestCaller({ [CallerHeader.channel]: "FAX" }, SECRET));
    expect(error.message).toContain(CallerHeader.channel);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", http: { status: 400 } });
  });

  it.each([Channel.KIOSK, Channel.HANDHELD])("requires a %s to name its store", (channel) => {
    const error = errorOf(() => readRequestCaller({ [CallerHeader.channel]: channel }, SECRET));
    expect(error.message).toContain(CallerHeader.store);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("accepts a service that signs with the deployment's secret", () => {
    expect(readRequestCaller(serviceHeaders("orders", SECRET), SECRET).service).toBe("orders");
  });

  it("refuses a service token signed with another secret, or for another name", () => {
    const forged = errorOf(() => readRequestCaller(serviceHeaders("orders", "another-secret-another-secret-another"), SECRET));
    expect(forged.extensions).toMatchObject({ code: "FORBIDDEN", http: { status: 403 } });
    const borrowed = { ...serviceHeaders("catalog", SECRET), [CallerHeader.service]: "orders" };
    expect(errorOf(() => readRequestCaller(borrowed, SECRET)).extensions).toMatchObject({ code: "FORBIDDEN" });
    expect(errorOf(() => readRequestCaller({ [CallerHeader.service]: "orders" }, SECRET)).extensions).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("requirements", () => {
  const anonymous = readRequestCaller({}, SECRET);

  it("requireService names what is missing, and which services may", () => {
    expect(errorOf(() => requireService(anonymous, "reserveStock")).message).toMatch(/reserveStock is an internal operation/);
    const orders = readRequestCaller(serviceHeaders("orders", SECRET), SECRET);
    expect(requireService(orders, "reserveStock", ["orders"])).toBe("orders");
    expect(errorOf(() => requireService(orders, "reserveStock", ["catalog"])).message).toContain("allowed: catalog");
  });

  it("requireAssociate and requireCustomer are FORBIDDEN without the person", () => {
    expect(errorOf(() => requireAssociate(anonymous, "adjustStock")).extensions.code).toBe("FORBIDDEN");
    expect(errorOf(() => requireCustomer(anonymous, "checkout")).message).toContain(CallerHeader.customer);
    const associate = readRequestCaller({ [CallerHeader.associate]: "a-1", [CallerHeader.channel]: "HANDHELD", [CallerHeader.store]: "s-1" }, SECRET);
    expect(requireAssociate(associate, "adjustStock")).toEqual({ associateId: "a-1", storeId: "s-1" });
  });

  it("callerHeaders round-trips through readRequestCaller", () => {
    const caller = { channel: Channel.HANDHELD, storeId: "s-2", customerId: null, associateId: "a-9" };
    expect(readRequestCaller(callerHeaders(caller), SECRET)).toEqual({ ...caller, service: null });
  });
});
