import { type CommerceStack, type CommerceStackOptions, startCommerceStack } from "../../../support/commerceStack";
import { shopper } from "./shopper";

export interface CommerceSuite {
  /** The commerce stack (set in beforeAll). */
  readonly stack: CommerceStack;
  /** The scenarios' operations through `stack`'s gateway. */
  readonly shop: ReturnType<typeof shopper>;
}

/**
 * Registers the test file's (or describe block's) hooks: a commerce stack of its own started in
 * beforeAll (up to 3 minutes), stopped in afterAll. The accessors are valid from beforeAll on.
 */
export function useCommerceSuite(options: CommerceStackOptions = {}): CommerceSuite {
  let stack: CommerceStack | undefined;
  let shop: ReturnType<typeof shopper> | undefined;

  beforeAll(async () => {
    stack = await startCommerceStack(options);
    shop = shopper(stack);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  return {
    get stack() {
      return stack!;
    },
    get shop() {
      return shop!;
    },
  };
}
