import { demoDataset } from "../../../prisma/seed";
import { as } from "../../../test/support/callers";
import { entitiesQuery } from "../../../test/support/graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import type { PrismaClient } from "./generated/prisma/client";
import { customerSubgraph } from "./subgraph";

const { customers } = demoDataset();

const CUSTOMER_FIELDS = `
  id email firstName lastName name phone createdAt
  preferredStore { id }
  consent { marketing analytics updatedAt }`;

const ADDRESS_FIELDS = "addresses { id label isDefault address { line1 line2 city postcode country } }";

function customerRepresentations(count: number) {
  return customers.slice(0, count).map((customer) => ({ __typename: "Customer", id: customer.id }));
}

let subgraph: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(customerSubgraph, { caller: as.admin() });
});

afterAll(async () => {
  await subgraph?.stop();
});


describe("customer(id)", () => {
  it("returns a seeded customer with every field", async () => {
    const expected = customers.find((customer) => customer.addresses.length === 2 && customer.preferredStoreId !== null)!;
    const response = await subgraph.query(`query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} ${ADDRESS_FIELDS} } }`, {
      id: expected.id,
    });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.customer).toEqual({
      id: expected.id,
      email: expected.email,
      firstName: expected.firstName,
      lastName: expected.lastName,
      name: `${expected.firstName} ${expected.lastName}`,
      phone: expected.phone,
      createdAt: expected.createdAt.toISOString(),
      preferredStore: { id: expected.preferredStoreId },
      consent: {
        marketing: expected.marketingConsent,
        analytics: expected.analyticsConsent,
        updatedAt: expected.createdAt.toISOString(),
      },
      addresses: expected.addresses.map((address) => ({
        id: address.id,
        label: address.label,
        isDefault: address.isDefault,
        address: { line1: address.line1, line2: null, city: address.city, postcode: address.postcode, country: address.country },
      })),
    });
    expect(response.body.data.customer.addresses[0].isDefault).toBe(true);
  });

  it("gives preferredStore null for a customer without one", async () => {
    const expected = customers.find((customer) => customer.preferredStoreId === null)!;
    const response = await subgraph.query(`query($id: ID!) { customer(id: $id) { id preferredStore { id } } }`, { id: expected.id });

    expect(response.body.data.customer).toEqual({ id: expected.id, preferredStore: null });
  });

  it("returns null for an unknown id", async () => {
    const response = await subgraph.query(`{ customer(id: "cust-9999") { id } }`);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.customer).toBeNull();
  });
});

describe("customerByEmail(email)", () => {
  const expected = customers[4]!;

  it("finds a customer by email, whatever its letter case and surrounding spaces", async () => {
    const response = await subgraph.query(`query($email: String!) { customerByEmail(email: $email) { id email } }`, {
      email: `  ${expected.email.toUpperCase()} `,
    });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.customerByEmail).toEqual({ id: expected.id, email: expected.email });
  });

  it("returns null for a well-formed email nobody has", async () => {
    const response = await subgraph.query(`{ customerByEmail(email: "nobody@example.com") { id } }`);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.customerByEmail).toBeNull();
  });

  it.each([
    ["an address without @", "not-an-email"],
    ["an empty string", ""],
    ["blanks only", "   "],
    ["an address with two @", "two@@example.com"],
    ["a domain without a dot", "no-dot@localhost"],
    ["an address with a space", "spaced out@example.com"],
    ["an address over 254 characters", `${"a".repeat(250)}@example.com`],
  ])("rejects %s as BAD_USER_INPUT naming the email argument",
    async (_problem, email) => {
      const response = await subgraph.query(`query($email: String!) { customerByEmail(email: $email) { id } }`, { email });

      expect(response.body.data.customerByEmail).toBeNull();
      expect(response.body.errors).toHaveLength(1);
      const [error] = response.body.errors!;
      expect(error!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "email" });
      expect(error!.message).toContain('"email"');
      expect(error!.path).toEqual(["customerByEmail"]);
    },
  );
});

describe("_entities for Customer", () => {
  it("resolves every representation, in order, with null for an unknown id", async () => {
    const representations = [...customerRepresentations(3), { __typename: "Customer", id: "cust-9999" }].reverse();
    const response = await subgraph.query(entitiesQuery("Customer", "id name"), { representations });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities).toEqual([
      null,
      ...customers
        .slice(0, 3)
        .reverse()
        .map((customer) => ({ id: customer.id, name: `${customer.firstName} ${customer.lastName}` })),
    ]);
  });

  it.each([5, 25])("resolves %i representations in exactly 1 SQL statement", async (count) => {
    const { result: response, statements } = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Customer", CUSTOMER_FIELDS), { representations: customerRepresentations(count) }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities.map((customer: { id: string }) => customer.id)).toEqual(
      customers.slice(0, count).map((customer) => customer.id),
    );
    expect(statements).toBe(1);
  });

  it.each([5, 25])("resolves %i representations with their addresses in exactly 2 SQL statements", async (count) => {
    const { result: response, statements } = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Customer", `id ${ADDRESS_FIELDS}`), { representations: customerRepresentations(count) }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities.map((customer: { addresses: { id: string }[] }) => customer.addresses.map((a) => a.id))).toEqual(
      customers.slice(0, count).map((customer) => customer.addresses.map((address) => address.id)),
    );
    expect(statements).toBe(2);
  });
});

describe("seed", () => {
  it("wrote the demo customers and their addresses", async () => {
    expect(await subgraph.prisma.customer.count()).toBe(customers.length);
    expect(await subgraph.prisma.customerAddress.count()).toBe(customers.reduce((sum, customer) => sum + customer.addresses.length, 0));
  });

  it("writes nothing when customers exist: only the emptiness check reaches the database", async () => {
    const { statements } = await subgraph.countStatements(() => customerSubgraph.seed!(subgraph.prisma, subgraph.logger));

    expect(statements).toBe(1);
    expect(await subgraph.prisma.customer.count()).toBe(customers.length);
  });
});

describe("stored invariants", () => {
  it("refuses an email that is not normalized, so lookups can never miss it", async () => {
    await expect(
      subgraph.prisma.customer.create({ data: { id: "cust-upper", email: "Upper@Example.com", firstName: "U", lastName: "Case" } }),
    ).rejects.toThrow(/Customer_email_normalized/);
  });

  it("refuses a second default address for one customer", async () => {
    const customer = customers[0]!;
    await expect(
      subgraph.prisma.customerAddress.create({
        data: { id: "second-default", customerId: customer.id, label: "Other", isDefault: true, line1: "1 Lane", city: "Leeds", postcode: "LS1 1AA", country: "GB" },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });
});
