/**
 * Staff roles. A role granted at an organisation applies to all of its descendants
 * (a township reviewer reviews every village in the township).
 */
export const ROLES = ['admin', 'reviewer', 'convener', 'secretary', 'representative', 'department'] as const;
export type Role = (typeof ROLES)[number];

/** County → township/street → village/community → grid (DOMAIN.md, "Organisation"). */
export const ORGANISATION_KINDS = ['county', 'township', 'village', 'grid'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Which kind of organisation may sit directly under which. */
export const CHILD_KIND: Record<OrganisationKind, OrganisationKind | null> = {
  county: 'township',
  township: 'village',
  village: 'grid',
  grid: null,
};

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
