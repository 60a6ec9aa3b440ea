import type { EventPublisher } from "./eventPublisher";
import { InProcessEventPublisher } from "./eventPublisher";
import { RedisEventPublisher } from "./redisEventPublisher";

/** Redis when the deployment has one (REDIS_URL), this process's listeners otherwise. */
export function createEventPublisher(redisUrl: string | undefined): EventPublisher {
  return redisUrl ? new RedisEventPublisher(redisUrl) : new InProcessEventPublisher();
}
