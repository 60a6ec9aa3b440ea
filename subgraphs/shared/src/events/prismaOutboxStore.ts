import type { DomainEvent } from "./domainEvent";
import type { OutboxStore } from "./outboxRelay";

/** A row of a domain's `OutboxEvent` model (the same model in every domain that publishes). */
export interface OutboxEventRow {
  id: string;
  type: string;
  aggregateId: string;
  payload: unknown;
  occurredAt: Date;
}

/** The part of a Prisma `outboxEvent` delegate the store uses. */
export interface OutboxEventDelegate {
  findMany(args: { where: { publishedAt: null }; orderBy: { id: "asc" }; take: number }): Promise<OutboxEventRow[]>;
  updateMany(args: { where: { id: { in: string[] } }; data: { publishedAt: Date } }): Promise<unknown>;
  count(args: { where: { publishedAt: null } }): Promise<number>;
  findFirst(args: { where: { publishedAt: null }; orderBy: { id: "asc" }; select: { occurredAt: true } }): Promise<{ occurredAt: Date } | null>;
}

/** The outbox of one domain, over its Prisma client's `outboxEvent` model. */
export function prismaOutboxStore(source: string, outbox: OutboxEventDelegate): OutboxStore {
  return {
    async pending(limit) {
      const rows = await outbox.findMany({ where: { publishedAt: null }, orderBy: { id: "asc" }, take: limit });
      return rows.map((row): DomainEvent => ({
        id: row.id,
        type: row.type,
        source,
        aggregateId: row.aggregateId,
        occurredAt: row.occurredAt.toISOString(),
        payload: row.payload as Record<string, unknown>,
      }));
    },
    async markPublished(ids) {
      await outbox.updateMany({ where: { id: { in: [...ids] } }, data: { publishedAt: new Date() } });
    },
    async backlog() {
      const [count, oldest] = await Promise.all([
        outbox.count({ where: { publishedAt: null } }),
        outbox.findFirst({ where: { publishedAt: null }, orderBy: { id: "asc" }, select: { occurredAt: true } }),
      ]);
      return { count, oldestAt: oldest?.occurredAt ?? null };
    },
  };
}
