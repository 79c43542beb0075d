import { z } from 'zod';

/** The four roles of DESIGN.md. A user may hold several; the widest scope of any role wins. */
export const ROLES = ['outreach-worker', 'coach', 'supervisor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Unit kinds decide, among other things, whether a henkilötunnus may be recorded (DOMAIN.md). */
export const UNIT_KINDS = ['outreach', 'workshop', 'rehabilitative', 'employment', 'integration'] as const;
export const UnitKindSchema = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKindSchema>;
