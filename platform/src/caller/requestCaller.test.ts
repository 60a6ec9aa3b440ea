import { GraphQLError } from "graphql";
import { Channel } from "@subgraph-kit/commerce";
import { CallerHeader } from "./callerHeaders";
import {
  ANONYMOUS_WEB,
  type CallerIdentity,
  readRequestCaller,
  requireAdmin,
  requireAssociate,
  requireAssociateOf,
  requireCustomer,
  requireSelfOrAdmin,
  requireService,
  SIGNATURE_LIFETIME_SECONDS,
  signedCallerHeaders,
} from "./requestCaller";

const SECRET = "a-test-secret-that-is-long-enough-for-use";

function errorOf(action: () => unknown): GraphQLError {
  try {
    action();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error("expected an error");
}

const person = (overrides: Partial<CallerIdentity>): CallerIdentity => ({ ...ANONYMOUS_WEB, ...overrides });
const viaGateway = (identity: CallerIdentity) => readRequestCaller(signedCallerHeaders("gateway", identity, SECRET), SECRET);

describe("readRequestCaller", () => {
  it("refuses an unsigned request with a 401 that says how to sign", () => {
    const error = errorOf(() => readRequestCaller({ [CallerHeader.channel]: "WEB", [CallerHeader.customer]: "c-1" }, SECRET));
    expect(error.extensions).toMatchObject({ code: "UNAUTHENTICATED", http: { status: 401 } });
    expect(error.message).toContain(CallerHeader.signature);
  });

  it("reads what the gateway signed: channel, store and people, with no service", () => {
    const identity = person({ channel: Channel.HANDHELD, storeId: "store-1", associateId: "a-1" });
    expect(viaGateway(identity)).toEqual({ ...identity, service: null });
    const admin = person({ adminId: "root" });
    expect(viaGateway(admin)).toEqual({ ...admin, service: null });
  });

  it("names the subgraph that signed", () => {
    expect(readRequestCaller(signedCallerHeaders("orders", person({ customerId: "c-1" }), SECRET), SECRET)).toMatchObject({ service: "orders", customerId: "c-1" });
  });

  it("refuses a signature it has already verified once the headers it signed are changed, or under another secret", () => {
    const headers = signedCallerHeaders("gateway", person({ customerId: "c-1" }), SECRET);
    expect(readRequestCaller(headers, SECRET)).toMatchObject({ customerId: "c-1" });
    expect(readRequestCaller(headers, SECRET)).toMatchObject({ customerId: "c-1" });
    for (const changed of [{ [CallerHeader.customer]: "c-2" }, { [CallerHeader.admin]: "root" }, { [CallerHeader.service]: "orders" }]) {
      expect(errorOf(() => readRequestCaller({ ...headers, ...changed }, SECRET)).extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(errorOf(() => readRequestCaller(headers, `${SECRET}-other`)).extensions).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses a signature made with another secret", () => {
    const error = errorOf(() => readRequestCaller(signedCallerHeaders("orders", ANONYMOUS_WEB, "another-secret-another-secret-another"), SECRET));
    expect(error.extensions).toMatchObject({ code: "UNAUTHENTICATED", http: { status: 401 } });
    expect(error.message).toMatch(/does not verify/);
  });

  it.each([
    ["the customer", CallerHeader.customer, "someone-else"],
    ["the service", CallerHeader.service, "orders"],
    ["the store", CallerHeader.store, "store-9"],
    ["an added admin", CallerHeader.admin, "root"],
  ])("refuses signed headers when %s is changed", (_case, header, value) => {
    const headers = { ...signedCallerHeaders("gateway", person({ customerId: "c-1", storeId: "store-1", channel: Channel.KIOSK }), SECRET), [header]: value };
    expect(errorOf(() => readRequestCaller(headers, SECRET)).extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses signed headers older than their lifetime, and accepts them within it", () => {
    const signedAtMs = Date.UTC(2026, 0, 1);
    const headers = signedCallerHeaders("gateway", ANONYMOUS_WEB, SECRET, signedAtMs);
    expect(readRequestCaller(headers, SECRET, signedAtMs + (SIGNATURE_LIFETIME_SECONDS - 1) * 1000).channel).toBe(Channel.WEB);
    const late = errorOf(() => readRequestCaller(headers, SECRET, signedAtMs + (SIGNATURE_LIFETIME_SECONDS + 1) * 1000));
    expect(late.message).toMatch(/expired/);
  });

  it.each([Channel.KIOSK, Channel.HANDHELD])("requires a %s to name its store", (channel) => {
    const error = errorOf(() => viaGateway(person({ channel })));
    expect(error.message).toContain(CallerHeader.store);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", http: { status: 400 } });
  });
});

describe("requirements", () => {
  const anonymous = viaGateway(ANONYMOUS_WEB);
  const customer = viaGateway(person({ customerId: "c-1" }));
  const admin = viaGateway(person({ adminId: "root" }));
  const associate = viaGateway(person({ channel: Channel.HANDHELD, storeId: "s-1", associateId: "a-1" }));
  const orders = readRequestCaller(signedCallerHeaders("orders", ANONYMOUS_WEB, SECRET), SECRET);

  it("requireService admits only the named subgraphs, never a client through the gateway", () => {
    expect(errorOf(() => requireService(admin, "reserveStock")).message).toMatch(/reserveStock is an internal operation/);
    expect(requireService(orders, "reserveStock", ["orders"])).toBe("orders");
    expect(errorOf(() => requireService(orders, "reserveStock", ["catalog"])).message).toContain("allowed: catalog");
  });

  it("requireAssociate, requireCustomer and requireAdmin are FORBIDDEN without the person", () => {
    expect(errorOf(() => requireAssociate(anonymous, "adjustStock")).extensions.code).toBe("FORBIDDEN");
    expect(errorOf(() => requireCustomer(anonymous, "checkout")).message).toMatch(/checkout needs a signed-in customer/);
    expect(errorOf(() => requireAdmin(customer, "setPrice")).message).toMatch(/setPrice needs a signed-in admin/);
    expect(requireAssociate(associate, "adjustStock")).toEqual({ associateId: "a-1", storeId: "s-1" });
    expect(requireAdmin(admin, "setPrice")).toBe("root");
  });

  it("requireSelfOrAdmin lets in the customer, an admin and a subgraph, and says why anyone else is not", () => {
    for (const caller of [customer, admin, orders]) expect(() => requireSelfOrAdmin(caller, "c-1", "customer")).not.toThrow();
    expect(errorOf(() => requireSelfOrAdmin(viaGateway(person({ customerId: "c-2" })), "c-1", "customer")).message).toMatch(/belongs to another customer/);
    expect(errorOf(() => requireSelfOrAdmin(anonymous, "c-1", "customer")).message).toMatch(/needs the customer it belongs to/);
    expect(errorOf(() => requireSelfOrAdmin(associate, "c-1", "customer")).extensions.code).toBe("FORBIDDEN");
  });

  it("requireAssociateOf admits the store's associates and admins only", () => {
    expect(requireAssociateOf(associate, "s-1", "adjustStock")).toBe("a-1");
    expect(requireAssociateOf(admin, "s-2", "adjustStock")).toBe("admin:root");
    expect(errorOf(() => requireAssociateOf(associate, "s-2", "adjustStock")).message).toMatch(/adjustStock at s-2 needs an associate of that store; this associate works at s-1/);
    expect(errorOf(() => requireAssociateOf(customer, "s-1", "adjustStock")).extensions.code).toBe("FORBIDDEN");
  });
});
