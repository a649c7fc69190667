import type { ClerkRole } from '@videoloket/contracts';

/** Which of the municipality's IdP groups give which role (CLERK_LOGIN_GROUPS_*). */
export type RoleGroups = Record<ClerkRole, string[]>;

const ROLE_ORDER: readonly ClerkRole[] = ['clerk', 'mobile_clerk', 'supervisor', 'administrator'];

/**
 * The groups in a claims object at `claimPath` ("groups", or a dotted path such as Keycloak's
 * "realm_access.roles"): an array of strings, or one string (some IdPs send a single group
 * that way). Anything else is no groups.
 */
export function groupsFrom(claims: Record<string, unknown>, claimPath: string): string[] {
  let value: unknown = claims;
  for (const key of claimPath.split('.')) {
    value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** The roles the groups give, in a fixed order; none: the user may not sign in to the desk. Exact, case-sensitive matches only. */
export function rolesFromGroups(groups: readonly string[], mapping: RoleGroups): ClerkRole[] {
  const member = new Set(groups);
  return ROLE_ORDER.filter((role) => mapping[role].some((g) => member.has(g)));
}
