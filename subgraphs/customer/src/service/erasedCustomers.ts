import type { ApolloServerPlugin } from "@apollo/server";
import type { MiddlewareFn } from "type-graphql";
import { ERASED_ACCOUNT_MESSAGE } from "@platform/caller";
import { badUserInput, unauthenticated } from "@platform/errors";
import type { CustomerContext } from "../context";


/**
 * For a customer-scoped operation (consent, journey, export, erasure): a signed-in customer who
 * has been erased is UNAUTHENTICATED, whatever token they still hold (the gateway refuses such
 * tokens too, but a gateway may not know of the erasure: see README, GDPR). With `targetOf`, the
 * customer the operation names is checked too: an admin or a service cannot, say, switch an
 * erased customer's analytics consent back on (BAD_USER_INPUT, reason CUSTOMER_ERASED).
 * One primary-key lookup, only on the operations that carry it.
 */
export function refuseErasedCustomers(targetOf?: (args: Record<string, any>) => string | null | undefined): MiddlewareFn<CustomerContext> {
  return async ({ context, args }, next) => {
    const callerId = context.caller.service ? null : context.caller.customerId;
    const targetId = targetOf?.(args)?.trim() || null;
    const ids = [callerId, targetId].filter((id): id is string => Boolean(id));
    if (ids.length > 0) {
      const erased = await context.erasure.erasedAmong(ids);
      if (callerId && erased.has(callerId)) throw unauthenticated(ERASED_ACCOUNT_MESSAGE);
      if (targetId && erased.has(targetId)) {
        const error = badUserInput(`Customer "${targetId}" has been erased: nothing of theirs can change any more`);
        error.extensions.reason = "CUSTOMER_ERASED";
        throw error;
      }
    }
    return next();
  };
}

/**
 * Adds `extensions.revokedCustomers` (the ids an erasure in this request revoked) to the
 * response: the gateway records them and refuses those customers' tokens from then on.
 */
export function revokedCustomersPlugin(): ApolloServerPlugin<CustomerContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const revoked = contextValue.revokedCustomers;
          if (revoked.size === 0 || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, revokedCustomers: [...revoked] };
        },
      };
    },
  };
}
