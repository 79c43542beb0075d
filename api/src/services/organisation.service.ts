/**
 * Organisations: creating one (its file, keys and first admin), the demo organisation, and the
 * settings kept for each in the control database.
 */
import {
	CodeOverridesSchema,
	DEFAULT_HETU_UNIT_KINDS,
	DEFAULT_REQUIRED_CLIENT_FIELDS,
	RequirableClientFieldSchema,
	UnitKindSchema,
	type CodeOverrides,
	type RequirableClientField,
	type UnitKind
} from '@polku/shared';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { organisations } from '../db/control-schema';
import type { OrgHandle } from '../db/org-registry';
import { units } from '../db/schema';
import { randomUUID } from 'node:crypto';
import { appendAudit } from './audit.service';
import { insertUser } from './user.service';

export const OrganisationSettingsSchema = z.object({
	sessionIdleMinutes: z.number().int().min(1).max(24 * 60).optional(),
	sessionMaxHours: z.number().int().min(1).max(24 * 30).optional(),
	/** Published statistics suppress cells smaller than this (DESIGN.md). */
	smallCellThreshold: z.number().int().min(1).max(100).default(5),
	/** A device's vault locks after this many idle minutes (MeSchema.session.deviceLockSeconds). */
	deviceLockMinutes: z.number().int().min(1).max(24 * 60).default(15),
	/** Unit kinds whose clients may have a henkilötunnus (issue 4; PARent: not outreach by default). */
	hetuUnitKinds: z.array(UnitKindSchema).default([...DEFAULT_HETU_UNIT_KINDS]),
	/** The minimum data set: client fields required on create and never cleared. */
	requiredClientFields: z.array(RequirableClientFieldSchema).default([...DEFAULT_REQUIRED_CLIENT_FIELDS]),
	/** Local codes and hidden codes per code list (shared/codes/local-codes.ts). */
	codeOverrides: CodeOverridesSchema.default({})
});

export type EffectiveSettings = {
	sessionIdleMinutes: number;
	sessionMaxHours: number;
	smallCellThreshold: number;
	deviceLockMinutes: number;
	hetuUnitKinds: UnitKind[];
	requiredClientFields: RequirableClientField[];
	codeOverrides: CodeOverrides;
};

export function organisationSettings(ctx: AppContext, orgId: string): EffectiveSettings {
	const row = ctx.control.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, orgId)).get();
	const parsed = OrganisationSettingsSchema.safeParse(row?.settings ?? {});
	const s = parsed.success ? parsed.data : OrganisationSettingsSchema.parse({});
	return {
		sessionIdleMinutes: s.sessionIdleMinutes ?? ctx.options.sessionIdleMinutes,
		sessionMaxHours: s.sessionMaxHours ?? ctx.options.sessionMaxHours,
		smallCellThreshold: s.smallCellThreshold,
		deviceLockMinutes: s.deviceLockMinutes,
		hetuUnitKinds: s.hetuUnitKinds,
		requiredClientFields: s.requiredClientFields,
		codeOverrides: s.codeOverrides
	};
}

/**
 * Replaces part of an organisation's stored settings (control database). `patch` gets the stored
 * JSON (missing keys are defaults) and returns the keys to set; the result must still parse.
 */
export function updateOrganisationSettings(
	ctx: AppContext,
	orgId: string,
	patch: (stored: Record<string, unknown>) => Record<string, unknown>,
	now: Date
): EffectiveSettings {
	const row = ctx.control.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, orgId)).get();
	if (!row) throw new Error(`Organisation ${orgId} is not listed`);
	const next = { ...row.settings, ...patch(row.settings) };
	OrganisationSettingsSchema.parse(next);
	ctx.control.update(organisations).set({ settings: next, updatedAt: now.toISOString() }).where(eq(organisations.id, orgId)).run();
	return organisationSettings(ctx, orgId);
}

export type NewAdmin = { username: string; displayName: string; password: string };

/**
 * Creates an organisation with its first admin. Runs outside any request: `actorId` is null and the
 * audit detail says how it was made (`via`).
 */
export async function createOrganisation(
	ctx: AppContext,
	input: { slug: string; name: string; admin: NewAdmin; units?: { name: string; kind: UnitKind }[] },
	via: 'cli' | 'seed'
): Promise<{ org: OrgHandle; adminId: string; unitIds: string[] }> {
	const passwordHash = await ctx.passwords.hash(input.admin.password);
	const now = ctx.clock();
	const org = await ctx.registry.create({ slug: input.slug, name: input.name }, now);
	const at = now.toISOString();
	return org.write((tx) => {
		appendAudit(tx, { at: now, actorId: null, action: 'organisation.create', entity: 'organisation', entityId: org.id, detail: { via } });
		const unitIds = (input.units ?? []).map((u) => {
			const id = randomUUID();
			tx.insert(units).values({ id, name: u.name, kind: u.kind, createdAt: at, updatedAt: at }).run();
			appendAudit(tx, { at: now, actorId: null, action: 'unit.create', entity: 'unit', entityId: id, detail: { via } });
			return id;
		});
		const adminId = insertUser(tx, {
			now,
			passwordHash,
			user: { username: input.admin.username, displayName: input.admin.displayName, roles: ['admin'], unitIds: [], locale: 'fi', email: null }
		});
		appendAudit(tx, { at: now, actorId: null, action: 'user.create', entity: 'user', entityId: adminId, detail: { via, roles: ['admin'] } });
		return { org, adminId, unitIds };
	});
}
