export {
  createRevokedCustomers,
  MemoryRevokedCustomers,
  recordRevokedCustomers,
  REVOKED_CUSTOMERS_KEY,
  type RevocationContext,
  type RevokedCustomers,
  RedisRevokedCustomers,
} from "./revokedCustomers";
