import { notFound } from "@platform/errors";
import { Prisma, type PrismaClient, type Touchpoint as TouchpointRecord } from "../generated/prisma/client";
import type { ShoppingStage } from "../schema/shoppingStage";
import { reportCustomerChanged } from "./invalidation";
import type { TouchpointDraft } from "./journeyAccess";
import type { TouchpointsPage } from "./touchpointCursor";
import { uuidv7 } from "./uuidv7";

export type { TouchpointRecord };

export const NO_ANALYTICS_CONSENT = "NO_ANALYTICS_CONSENT";

/** How far back repeated views and store visits count towards CONSIDERING. */
export const CONSIDERING_WINDOW_DAYS = 14;

export interface RecordOutcome {
  recorded: boolean;
  touchpoint: TouchpointRecord | null;
  reason: string | null;
}

/** What the newest touchpoints say about a customer; none for a customer without touchpoints. */
export interface JourneySummary {
  customerId: string;
  shoppingStage: ShoppingStage;
  lastChannel: TouchpointRecord["channel"];
}

export interface TouchpointCount {
  customerId: string;
  count: number;
}

const TOUCHPOINT_COLUMNS = Prisma.sql`t."id"::text AS "id", t."customerId", t."type"::text AS "type", t."channel"::text AS "channel",
  t."storeId", t."sku", t."orderId", t."dedupeKey", t."occurredAt"`;

/** The customer's journey: touchpoints written under their analytics consent, and what they add up to. */
export class JourneyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Records a touchpoint if, at that instant, the customer exists and has analytics consent.
   *
   * The write is ONE statement, an INSERT ... SELECT from the customer's row WHERE it has
   * consent: a consent withdrawn a moment ago is always seen, and nothing is written without
   * it. ON CONFLICT on the (customerId, dedupeKey) unique index makes retries idempotent, also
   * when two calls race: the loser's insert does nothing, and a second statement (with a fresh
   * snapshot, so it sees the winner's committed row) finds the row to return, or tells an
   * unknown customer (NOT_FOUND) from a customer without consent.
   */
  async record(draft: TouchpointDraft): Promise<RecordOutcome> {
    const { id, millis } = uuidv7(this.clock());
    const [inserted] = await this.prisma.$queryRaw<TouchpointRecord[]>`
      INSERT INTO "customer"."Touchpoint" AS t ("id", "customerId", "type", "channel", "storeId", "sku", "orderId", "dedupeKey", "occurredAt")
      SELECT ${id}::uuid, c."id", ${draft.type}::"customer"."TouchpointType", ${draft.channel}::"customer"."Channel",
             ${draft.storeId}, ${draft.sku}, ${draft.orderId}, ${draft.dedupeKey}, ${new Date(millis)}::timestamptz(3)
      FROM "customer"."Customer" AS c
      WHERE c."id" = ${draft.customerId} AND c."analyticsConsent"
      ON CONFLICT ("customerId", "dedupeKey") DO NOTHING
      RETURNING ${TOUCHPOINT_COLUMNS}`;
    if (inserted) {
      reportCustomerChanged(draft.customerId);
      return { recorded: true, touchpoint: normalize(inserted), reason: null };
    }

    const [found] = await this.prisma.$queryRaw<{ exists: boolean; existing: string | null }[]>`
      SELECT true AS "exists",
             (SELECT t."id"::text FROM "customer"."Touchpoint" AS t
              WHERE t."customerId" = c."id" AND t."dedupeKey" = ${draft.dedupeKey}) AS "existing"
      FROM "customer"."Customer" AS c WHERE c."id" = ${draft.customerId}`;
    if (!found) throw notFound(`No customer has id "${draft.customerId}"`);
    if (found.existing) {
      // Recorded by an earlier call with this dedupeKey (possibly one racing this one).
      const existing = await this.prisma.touchpoint.findUniqueOrThrow({ where: { id: found.existing } });
      return { recorded: true, touchpoint: existing, reason: null };
    }
    return { recorded: false, touchpoint: null, reason: NO_ANALYTICS_CONSENT };
  }

  /**
   * For each customer, up to `limit` touchpoints after `page.after`, newest first, in ONE
   * statement: a LATERAL top-N per customer, each an index range scan on
   * (customerId, occurredAt DESC, id DESC).
   */
  async pagesOf(customerIds: readonly string[], page: TouchpointsPage, limit: number): Promise<TouchpointRecord[]> {
    const afterCursor = page.after
      ? Prisma.sql`AND (t."occurredAt", t."id") < (${page.after.occurredAt}::timestamptz(3), ${page.after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<TouchpointRecord[]>`
      SELECT newest.* FROM unnest(${[...customerIds]}::text[]) AS requested("customerId")
      CROSS JOIN LATERAL (
        SELECT ${TOUCHPOINT_COLUMNS} FROM "customer"."Touchpoint" AS t
        WHERE t."customerId" = requested."customerId" ${afterCursor}
        ORDER BY t."occurredAt" DESC, t."id" DESC
        LIMIT ${limit}
      ) AS newest
      ORDER BY newest."customerId", newest."occurredAt" DESC, newest."id" DESC`;
    return rows.map(normalize);
  }

  async countsOf(customerIds: readonly string[]): Promise<TouchpointCount[]> {
    const groups = await this.prisma.touchpoint.groupBy({
      by: ["customerId"],
      where: { customerId: { in: [...customerIds] } },
      _count: { _all: true },
    });
    return groups.map((group) => ({ customerId: group.customerId, count: group._count._all }));
  }

  /**
   * Each customer's shopping stage and last channel, in ONE statement for the whole batch.
   * Customers without touchpoints have no row (both fields are then null).
   *
   * The newest touchpoint (by occurredAt, then id) decides the stage:
   * - ORDER_PLACED with a store (a pickup order), and no PICKED_UP for that orderId: AWAITING_PICKUP;
   * - any other ORDER_PLACED, or PICKED_UP: PURCHASED;
   * - ADDED_TO_CART: IN_CART (a checkout records ORDER_PLACED, which then supersedes it);
   * - PRODUCT_VIEWED or STORE_CHECK_IN: CONSIDERING when, within the last 14 days, the customer
   *   viewed one sku at least twice or checked in at a store; BROWSING otherwise.
   * The PICKED_UP looked for may be at any time: a pickup recorded with an earlier time than its
   * order (clocks of two services) still closes it. lastChannel is the newest touchpoint's channel.
   */
  async summariesOf(customerIds: readonly string[]): Promise<JourneySummary[]> {
    const since = new Date(this.clock() - CONSIDERING_WINDOW_DAYS * 24 * 60 * 60 * 1000);
    return this.prisma.$queryRaw<JourneySummary[]>`
      SELECT requested."customerId", newest."channel"::text AS "lastChannel",
        CASE
          WHEN newest."type" = 'ORDER_PLACED' AND newest."storeId" IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM "customer"."Touchpoint" AS p
            WHERE p."customerId" = requested."customerId" AND p."type" = 'PICKED_UP' AND p."orderId" = newest."orderId"
          ) THEN 'AWAITING_PICKUP'
          WHEN newest."type" IN ('ORDER_PLACED', 'PICKED_UP') THEN 'PURCHASED'
          WHEN newest."type" = 'ADDED_TO_CART' THEN 'IN_CART'
          WHEN EXISTS (
            SELECT 1 FROM "customer"."Touchpoint" AS c
            WHERE c."customerId" = requested."customerId" AND c."type" = 'STORE_CHECK_IN' AND c."occurredAt" >= ${since}::timestamptz(3)
          ) OR EXISTS (
            SELECT 1 FROM "customer"."Touchpoint" AS v
            WHERE v."customerId" = requested."customerId" AND v."type" = 'PRODUCT_VIEWED' AND v."sku" IS NOT NULL
              AND v."occurredAt" >= ${since}::timestamptz(3)
            GROUP BY v."sku" HAVING count(*) >= 2
          ) THEN 'CONSIDERING'
          ELSE 'BROWSING'
        END AS "shoppingStage"
      FROM unnest(${[...customerIds]}::text[]) AS requested("customerId")
      CROSS JOIN LATERAL (
        SELECT t."type", t."channel", t."storeId", t."orderId" FROM "customer"."Touchpoint" AS t
        WHERE t."customerId" = requested."customerId"
        ORDER BY t."occurredAt" DESC, t."id" DESC
        LIMIT 1
      ) AS newest`;
  }
}

/** Raw rows may carry the timestamp as text, depending on the driver adapter. */
function normalize(row: TouchpointRecord): TouchpointRecord {
  return row.occurredAt instanceof Date ? row : { ...row, occurredAt: new Date(row.occurredAt as unknown as string) };
}
