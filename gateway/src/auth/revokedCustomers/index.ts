export {
  createRevokedCustomers,
  erasedCustomers,
  MemoryRevokedCustomers,
  recordRevokedCustomers,
  REVOKED_CUSTOMERS_KEY,
  type RevokedCustomers,
  RedisRevokedCustomers,
} from "./revokedCustomers";
