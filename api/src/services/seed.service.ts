/**
 * Seeding organisations with units and one user per role: the demo organisation on first start,
 * and the fixture of the API tests. Same services as everything else, audited with `via: 'seed'`.
 */
import { ClientInputSchema, parseHetu, type ClientInput, type Role, type UnitKind } from '@polku/shared';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import { randomReadablePassword } from '../lib/random-password';
import { appendAudit } from './audit.service';
import { createOrganisation } from './organisation.service';
import { hetuContext, insertClient, nextChangeSeq } from './sync-records.service';
import { eq } from 'drizzle-orm';
import { clients, consents, services } from '../db/schema';
import { insertUser } from './user.service';

export type SeedUser = { username: string; displayName: string; roles: Role[]; units: number[] };

type BasicField = 'firstName' | 'lastName' | 'nickname' | 'birthYear' | 'gender' | 'municipality';

/**
 * A fictional client, made by `createdBy` (a username of the spec) in unit number `unit`. The record's
 * other fields default (ClientInputSchema); `responsible` names usernames, `hetu` a DVV test code, and
 * `consent`/`service` add a processing consent and a service.
 */
export type SeedClient = Pick<ClientInput, BasicField> &
	Partial<Omit<ClientInput, 'id' | 'unitId' | BasicField | 'responsibleWorkerIds'>> & {
		unit: number;
		createdBy: string;
		responsible?: string[];
		hetu?: string;
		consent?: boolean;
		service?: string;
	};

export type SeedSpec = {
	slug: string;
	name: string;
	units: { name: string; kind: UnitKind }[];
	/** The first user must be the admin. */
	users: [SeedUser, ...SeedUser[]];
	clients?: SeedClient[];
};

/** Fictional young people of the outreach unit (unit 0), so a worker's device has clients to find. */
export const SEED_CLIENTS: SeedClient[] = (
	[
		['Aada', 'Esimerkki', 'Aada', 2006, 'female', '091'],
		['Leo', 'Testinen', 'Leksa', 2005, 'male', '091'],
		['Eino', 'Malli', null, 2007, 'male', '049'],
		['Helmi', 'Kuvitteellinen', 'Hemppa', 2004, 'female', '092'],
		['Onni', 'Keksitty', null, 2003, 'male', '837'],
		['Venla', 'Näytetty', 'Vene', 2006, 'other', '853'],
		[null, null, 'Kettu', null, 'unknown', 'unknown'],
		['Siiri', 'Harjoitus', null, 2005, 'female', '091']
	] as const
).map(([firstName, lastName, nickname, birthYear, gender, municipality]) => ({
	firstName,
	lastName,
	nickname,
	birthYear,
	gender,
	municipality,
	unit: 0,
	createdBy: 'worker'
}));

/**
 * Fictional young people of the workshop (unit 1) with full records: start date, a henkilötunnus from
 * DVV's fictitious test persons (DOMAIN.md), the coach responsible, a processing consent and a service.
 */
export const SEED_WORKSHOP_CLIENTS: SeedClient[] = [
	{
		firstName: 'Juho',
		lastName: 'Pajanen',
		nickname: null,
		birthYear: 1994,
		birthDate: '1994-05-01',
		gender: 'male',
		municipality: '091',
		motherTongue: 'fi',
		educationLevel: 'unknown',
		referralSource: 'unknown',
		startDate: '2026-01-12',
		unit: 1,
		createdBy: 'coach',
		responsible: ['coach'],
		hetu: '010594Y9032',
		consent: true,
		service: 'individual-guidance'
	},
	{
		firstName: 'Iida',
		lastName: 'Työmaa',
		nickname: null,
		birthYear: 1994,
		birthDate: '1994-05-02',
		gender: 'female',
		municipality: '049',
		motherTongue: 'sv',
		startDate: '2026-02-02',
		unit: 1,
		createdBy: 'coach',
		responsible: ['coach'],
		hetu: '020594X903P',
		consent: true,
		service: 'group-activity'
	}
];

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
	],
	clients: [...SEED_CLIENTS, ...SEED_WORKSHOP_CLIENTS]
};

export async function seedOrganisation(
	ctx: AppContext,
	spec: SeedSpec,
	password: string
): Promise<{ org: OrgHandle; unitIds: string[]; userIds: Record<string, string>; clientIds: string[] }> {
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
	const clientIds = org.write((tx) =>
		(spec.clients ?? []).map(({ unit, createdBy, responsible, hetu, consent, service, ...fields }) => {
			const creator = userIds[createdBy];
			const unitId = unitIds[unit];
			if (!creator || !unitId) throw new Error(`Seed client: no user ${createdBy} or unit ${unit}`);
			const responsibleWorkerIds = (responsible ?? []).map((u) => userIds[u] ?? '');
			const input = ClientInputSchema.parse({ id: randomUUID(), unitId, ...fields, responsibleWorkerIds });
			const row = insertClient(tx, input, creator, now, org.keyring);
			appendAudit(tx, { at: now, actorId: null, action: 'client.create', entity: 'client', entityId: row.id, detail: { via: 'seed' } });
			const at = now.toISOString();
			const synced = { version: 1, createdBy: creator, createdAt: at, updatedAt: at, deletedAt: null };
			if (hetu) {
				const parsed = parseHetu(hetu);
				if (!parsed.valid) throw new Error('Seed client: invalid henkilötunnus');
				tx.update(clients)
					.set({ hetu: org.keyring.encryptField(parsed.hetu, hetuContext(row.id)), hetuIndex: org.keyring.blindIndex(parsed.hetu, 'hetu'), changeSeq: nextChangeSeq(tx) })
					.where(eq(clients.id, row.id))
					.run();
			}
			if (consent) {
				tx.insert(consents)
					.values({
						id: randomUUID(),
						clientId: row.id,
						unitId,
						purpose: 'processing',
						recipient: null,
						channel: null,
						textVersion: '2026-1',
						method: 'written',
						attachmentId: null,
						givenAt: at,
						withdrawnAt: null,
						withdrawnBy: null,
						withdrawalRecordedAt: null,
						...synced,
						changeSeq: nextChangeSeq(tx)
					})
					.run();
			}
			if (service) {
				tx.insert(services)
					.values({ id: randomUUID(), clientId: row.id, unitId, type: service, status: 'active', startDate: input.startDate ?? at.slice(0, 10), endDate: null, ...synced, changeSeq: nextChangeSeq(tx) })
					.run();
			}
			return row.id;
		})
	);
	return { org, unitIds, userIds, clientIds };
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
