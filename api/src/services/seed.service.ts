/**
 * Seeding organisations with units and one user per role: the demo organisation on first start,
 * and the fixture of the API tests. Same services as everything else, audited with `via: 'seed'`.
 */
import type { Role, UnitKind } from '@polku/shared';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import { randomReadablePassword } from '../lib/random-password';
import { appendAudit } from './audit.service';
import { createOrganisation } from './organisation.service';
import { insertUser } from './user.service';

export type SeedUser = { username: string; displayName: string; roles: Role[]; units: number[] };

export type SeedSpec = {
	slug: string;
	name: string;
	units: { name: string; kind: UnitKind }[];
	/** The first user must be the admin. */
	users: [SeedUser, ...SeedUser[]];
};

export const DEMO_SPEC: SeedSpec = {
	slug: 'demo',
	name: 'Demo-järjestö',
	units: [
		{ name: 'Etsivä nuorisotyö', kind: 'outreach' },
		{ name: 'Nuorten työpaja', kind: 'workshop' }
	],
	users: [
		{ username: 'admin', displayName: 'Aino Admin', roles: ['admin'], units: [] },
		{ username: 'supervisor', displayName: 'Ville Vastaava', roles: ['supervisor'], units: [0, 1] },
		{ username: 'coach', displayName: 'Kaisa Valmentaja', roles: ['coach'], units: [1] },
		{ username: 'worker', displayName: 'Eetu Etsivä', roles: ['outreach-worker'], units: [0] }
	]
};

export async function seedOrganisation(
	ctx: AppContext,
	spec: SeedSpec,
	password: string
): Promise<{ org: OrgHandle; unitIds: string[]; userIds: Record<string, string> }> {
	const [admin, ...others] = spec.users;
	const { org, adminId, unitIds } = await createOrganisation(
		ctx,
		{ slug: spec.slug, name: spec.name, units: spec.units, admin: { ...admin, password } },
		'seed'
	);
	const hashes = await Promise.all(others.map(() => ctx.passwords.hash(password)));
	const now = ctx.clock();
	const userIds: Record<string, string> = { [admin.username]: adminId };
	org.write((tx) => {
		others.forEach((u, i) => {
			const id = insertUser(tx, {
				now,
				passwordHash: hashes[i] ?? '',
				user: {
					username: u.username,
					displayName: u.displayName,
					roles: u.roles,
					unitIds: u.units.map((n) => unitIds[n] ?? ''),
					locale: 'fi'
				}
			});
			userIds[u.username] = id;
			appendAudit(tx, { at: now, actorId: null, action: 'user.create', entity: 'user', entityId: id, detail: { via: 'seed', roles: u.roles } });
		});
	});
	return { org, unitIds, userIds };
}

/**
 * Seeds the demo organisation unless one with its slug exists. Returns the password only when it
 * made the organisation, so it is shown once and never again.
 */
export async function seedDemoIfMissing(
	ctx: AppContext,
	configuredPassword: string | undefined
): Promise<{ created: false } | { created: true; password: string; generated: boolean; usernames: string[] }> {
	if (ctx.registry.find({ slug: DEMO_SPEC.slug })) return { created: false };
	const password = configuredPassword ?? randomReadablePassword();
	await seedOrganisation(ctx, DEMO_SPEC, password);
	return { created: true, password, generated: configuredPassword === undefined, usernames: DEMO_SPEC.users.map((u) => u.username) };
}
