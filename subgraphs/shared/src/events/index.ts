export { createEventPublisher } from "./createEventPublisher";
export { DOMAIN_EVENTS_CHANNEL, type DomainEvent } from "./domainEvent";
export { type EventPublisher, InProcessEventPublisher } from "./eventPublisher";
export { OutboxRelay, type OutboxRelayOptions, type OutboxStore } from "./outboxRelay";
export { type OutboxEventDelegate, type OutboxEventRow, prismaOutboxStore } from "./prismaOutboxStore";
export { RedisEventPublisher } from "./redisEventPublisher";
