/**
 * Prints a person's token signed with the development issuer's secret, for trying the gateway
 * started by `npm start` (production verifies tokens from a real identity provider instead):
 *
 *   npm run dev-token -- customer <customerId>
 *   npm run dev-token -- associate <associateId> <storeId>
 *   npm run dev-token -- admin <adminId>
 */
import { issueDevelopmentToken, type Person } from "../gateway/src/auth";

async function main(): Promise<void> {
  const [role, id, storeId] = process.argv.slice(2);
  let person: Person;
  if ((role === "customer" || role === "admin") && id) person = { role, id };
  else if (role === "associate" && id && storeId) person = { role, id, storeId };
  else {
    console.error("usage: dev-token customer <id> | associate <id> <storeId> | admin <id>");
    process.exit(2);
  }
  console.log(await issueDevelopmentToken(person, { expiresIn: "12h" }));
}

void main();
