import { CallerHeader, forbidden, type RequestCaller, requireAssociate } from "../../../shared/src";

/** The associate making the call, who must stand in `storeId` (header x-commerce-store): handhelds change only their own store. */
export function requireAssociateOf(caller: RequestCaller, storeId: string, action: string): string {
  const associate = requireAssociate(caller, action);
  if (associate.storeId !== storeId) {
    const where = associate.storeId ? `store ${associate.storeId}` : `no store (header ${CallerHeader.store})`;
    throw forbidden(`${action} at ${storeId} needs an associate of that store; this handheld is signed in to ${where}`);
  }
  return associate.associateId;
}
