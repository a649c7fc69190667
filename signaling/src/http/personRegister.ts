import type { RegisterLookups } from '../register';
import { clerkOf } from './clerkAuth';
import type { RouteHandlers } from './register';

/** Issue 12, item 5: the route table's `registerLookup` (clerks only: the table's access and requireClerk). */
export function registerLookupHandlers(deps: { lookups: RegisterLookups }): RouteHandlers<'registerLookup'> {
  return {
    registerLookup: ({ body, req }) => deps.lookups.lookup(clerkOf(req).clerkId, body),
  };
}
