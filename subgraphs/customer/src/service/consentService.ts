import { badUserInput, notFound } from "@platform/errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { CustomerRecord } from "./customerService";
import { reportCustomerChanged } from "./invalidation";

export interface ConsentChange {
  marketing?: boolean | null;
  analytics?: boolean | null;
}

export class ConsentService {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the customer's choices, and when they made them. One UPDATE, committed before the
   * mutation answers: the very next recordTouchpoint reads the new analytics choice.
   */
  async update(customerId: string, change: ConsentChange): Promise<CustomerRecord> {
    const data: { marketingConsent?: boolean; analyticsConsent?: boolean; consentUpdatedAt: Date } = { consentUpdatedAt: new Date() };
    if (change.marketing != null) data.marketingConsent = change.marketing;
    if (change.analytics != null) data.analyticsConsent = change.analytics;
    if (data.marketingConsent === undefined && data.analyticsConsent === undefined) {
      throw badUserInput('"input" must set at least one of marketing and analytics', "input");
    }
    const [updated] = await this.prisma.customer.updateManyAndReturn({ where: { id: customerId }, data });
    if (!updated) throw notFound(`No customer has id "${customerId}"`);
    reportCustomerChanged(customerId);
    return updated;
  }
}
