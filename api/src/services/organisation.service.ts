/**
 * Organisations: creating one (its file, keys and first admin), the demo organisation, and the
 * settings kept for each in the control database (shape: @polku/shared organisation-settings.ts),
 * including the address allowlist that sign-in, sessions and device pushes must pass.
 */
import {
	OrganisationSettingsSchema,
	type CodeOverrides,
	type OrganisationSettingsView,
	type PatchOrganisationSettings,
	type RequirableClientField,
	type UnitKind
} from '@polku/shared';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { organisations } from '../db/control-schema';
import type { OrgHandle } from '../db/org-registry';
import { units } from '../db/schema';
import { randomUUID } from 'node:crypto';
import { AddressNotAllowed, addressAllowed } from '../lib/address-allowlist';
import { ValidationFailed } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { insertUser } from './user.service';

export { OrganisationSettingsSchema };

export type EffectiveSettings = {
	sessionIdleMinutes: number;
	sessionMaxHours: number;
	smallCellThreshold: number;
	deviceLockMinutes: number;
	deviceTokenDays: number;
	hetuUnitKinds: UnitKind[];
	requiredClientFields: RequirableClientField[];
	codeOverrides: CodeOverrides;
	ipAllowlist: string[];
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
		deviceTokenDays: s.deviceTokenDays,
		hetuUnitKinds: s.hetuUnitKinds,
		requiredClientFields: s.requiredClientFields,
		codeOverrides: s.codeOverrides,
		ipAllowlist: s.ipAllowlist
	};
}

/**
 * Replaces part of an organisation's stored settings (control database). `patch` gets the stored
 * JSON (missing keys are defaults) and returns the keys to set (`undefined` removes a key); the
 * result must still parse.
 */
export function updateOrganisationSettings(
	ctx: AppContext,
	orgId: string,
	patch: (stored: Record<string, unknown>) => Record<string, unknown>,
	now: Date
): EffectiveSettings {
	const row = ctx.control.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, orgId)).get();
	if (!row) throw new Error(`Organisation ${orgId} is not listed`);
	const merged: Record<string, unknown> = { ...row.settings, ...patch(row.settings) };
	const next = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
	OrganisationSettingsSchema.parse(next);
	ctx.control.update(organisations).set({ settings: next, updatedAt: now.toISOString() }).where(eq(organisations.id, orgId)).run();
	return organisationSettings(ctx, orgId);
}

/** Every setting with the value in force (code overrides have their own routes, /api/code-lists). */
export function settingsView(settings: EffectiveSettings): OrganisationSettingsView {
	return {
		sessionIdleMinutes: settings.sessionIdleMinutes,
		sessionMaxHours: settings.sessionMaxHours,
		smallCellThreshold: settings.smallCellThreshold,
		deviceLockMinutes: settings.deviceLockMinutes,
		deviceTokenDays: settings.deviceTokenDays,
		hetuUnitKinds: settings.hetuUnitKinds,
		requiredClientFields: settings.requiredClientFields,
		ipAllowlist: settings.ipAllowlist
	};
}

export function getSettings(ctx: AppContext, orgId: string): OrganisationSettingsView {
	return settingsView(organisationSettings(ctx, orgId));
}

/**
 * Changes some settings (PATCH /api/organisation/settings). The audit row names every key that
 * changed with its old and new value in force, and commits together with the change. A new address
 * allowlist must contain the caller's own address: an admin cannot lock themselves out.
 */
export function patchSettings(ctx: AppContext, org: OrgHandle, caller: Caller, patch: PatchOrganisationSettings): OrganisationSettingsView {
	if (patch.ipAllowlist !== undefined && !addressAllowed(patch.ipAllowlist, caller.address)) {
		throw new ValidationFailed(
			[
				{
					field: 'ipAllowlist',
					code: 'would-lock-you-out',
					message: 'The list does not contain the address you are using now; add it (or its range) first.'
				}
			],
			'The new allowlist would lock you out.'
		);
	}
	const before = getSettings(ctx, org.id);
	// The audit row and the settings change commit together: a failing control write rolls the audit back.
	return org.write((tx) => {
		const after = settingsView(
			updateOrganisationSettings(
				ctx,
				org.id,
				// null (session limits): back to the server's default, i.e. the key is removed.
				() => Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === null ? undefined : v])),
				caller.now
			)
		);
		const changes = Object.fromEntries(
			(Object.keys(after) as (keyof OrganisationSettingsView)[])
				.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
				.map((k) => [k, { from: before[k], to: after[k] }])
		);
		if (Object.keys(changes).length > 0) {
			appendAudit(tx, {
				at: caller.now,
				actorId: caller.userId,
				action: 'organisation.settings-update',
				entity: 'organisation',
				entityId: org.id,
				address: caller.address,
				detail: { changes }
			});
		}
		return after;
	});
}

/** Where an attempt refused by the allowlist came in: sign-in, a session's request, a device push. */
export type AddressAttempt = {
	via: 'sign-in' | 'session' | 'device';
	address: string | null;
	now: Date;
	actorId: string | null;
	entity: 'user' | 'device' | null;
	entityId: string | null;
};

/**
 * Throws 403 `address-not-allowed` (and audits the refusal in the organisation) when `attempt`
 * comes from outside the organisation's allowlist; an empty list allows any address.
 */
export function enforceAddressAllowlist(ctx: AppContext, org: OrgHandle, allowlist: readonly string[], attempt: AddressAttempt): void {
	if (addressAllowed(allowlist, attempt.address)) return;
	ctx.logger.warn({ event: 'address-refused', via: attempt.via }, 'request from outside the allowlist refused');
	org.write((tx) =>
		appendAudit(tx, {
			at: attempt.now,
			actorId: attempt.actorId,
			action: 'auth.address-refused',
			entity: attempt.entity,
			entityId: attempt.entityId,
			address: attempt.address,
			detail: { via: attempt.via }
		})
	);
	throw new AddressNotAllowed();
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
