/**
 * Seeding organisations with units and one user per role: the demo organisation on first start,
 * and the fixture of the API tests. Same services as everything else, audited with `via: 'seed'`.
 */
import {
	addDays,
	attendanceMarkId,
	ClientInputSchema,
	contractDays,
	helsinkiDate,
	instrumentItemCodes,
	parseHetu,
	SOCIAL_EMPOWERMENT,
	type AbsenceReason,
	type ClientInput,
	type CoachingPeriodFields,
	type GoalStatus,
	type Role,
	type UnitKind
} from '@polku/shared';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import { randomReadablePassword } from '../lib/random-password';
import { appendAudit } from './audit.service';
import { createOrganisation } from './organisation.service';
import { hetuContext, insertClient, newSyncedRow, nextChangeSeq } from './sync-records.service';
import { eq } from 'drizzle-orm';
import { assessments, attendanceMarks, clients, coachingPeriods, consents, goals, services } from '../db/schema';
import { goalTextContext, periodColumnsOf } from './workshop-data';
import type { OrgTx } from '../db';
import { insertUser } from './user.service';
import { seedStatisticsHistory } from './statistics-demo';

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
	/** Demo workshop coaching (issue 5): periods, marks, goals and assessments for these clients. */
	workshop?: SeedWorkshop;
};

/**
 * The workshop's participants (client indices of the spec) with coaching periods started 8 weeks
 * before the seed day, coached by `coach`; marks on every contract day up to 8 days before the seed
 * day. `full` participants also get goals and a self and a coach assessment.
 */
export type SeedWorkshop = { unit: number; coach: string; participants: { client: number; plan: 'full-week' | 'three-days'; full?: boolean }[] };

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

/** Ten more fictional workshop participants (names only), for the demo's roll-call. */
export const SEED_WORKSHOP_PARTICIPANTS: SeedClient[] = (
	[
		['Aleksi', 'Höylä', 2003, 'male'],
		['Emma', 'Sahanpuru', 2005, 'female'],
		['Niko', 'Ruuvinen', 2004, 'male'],
		['Sanni', 'Puuseppä', 2006, 'female'],
		['Ville', 'Vasara', 2002, 'male'],
		['Lotta', 'Liitos', 2005, 'female'],
		['Eelis', 'Kiila', 2004, 'male'],
		['Milla', 'Maali', 2003, 'female'],
		['Toni', 'Talttanen', 2001, 'male'],
		['Noora', 'Näppärä', 2006, 'other']
	] as const
).map(([firstName, lastName, birthYear, gender]) => ({
	firstName,
	lastName,
	nickname: null,
	birthYear,
	gender,
	municipality: '091',
	unit: 1,
	createdBy: 'coach'
}));

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
	clients: [...SEED_CLIENTS, ...SEED_WORKSHOP_CLIENTS, ...SEED_WORKSHOP_PARTICIPANTS],
	workshop: {
		unit: 1,
		coach: 'coach',
		participants: [
			{ client: SEED_CLIENTS.length, plan: 'full-week', full: true },
			{ client: SEED_CLIENTS.length + 1, plan: 'full-week', full: true },
			...SEED_WORKSHOP_PARTICIPANTS.map((_, i) => ({
				client: SEED_CLIENTS.length + SEED_WORKSHOP_CLIENTS.length + i,
				plan: i < 8 ? ('full-week' as const) : ('three-days' as const)
			}))
		]
	}
};

const PAYERS = ['Kaupungin sosiaalipalvelut', 'TE-palvelut'] as const;
const SEED_GOALS: [string, GoalStatus][] = [
	['Saapuu pajalle ajoissa joka päivä', 'in-progress'],
	['Oppii käyttämään puusepän perustyökaluja turvallisesti', 'in-progress'],
	['Hakee syksyllä ammatilliseen koulutukseen', 'not-started']
];

/**
 * The demo workshop's coaching data (plain inserts that keep encryption and versions right). Dates are
 * Helsinki days; absences follow a fixed pattern so every start looks alike.
 */
function seedWorkshop(tx: OrgTx, org: OrgHandle, spec: SeedWorkshop, unitIds: string[], userIds: Record<string, string>, clientIds: string[], now: Date): void {
	const coach = userIds[spec.coach];
	const unitId = unitIds[spec.unit];
	if (!coach || !unitId) throw new Error('Seed workshop: no coach or unit');
	const at = now.toISOString();
	const today = helsinkiDate(now);
	const start = addDays(today, -56);
	const lastMarked = addDays(today, -8);
	const synced = () => newSyncedRow(tx, coach, at);
	const reasons: AbsenceReason[] = ['sick', 'authorised', 'unauthorised', 'sick', 'other'];
	spec.participants.forEach((p, n) => {
		const clientId = clientIds[p.client];
		if (!clientId) throw new Error(`Seed workshop: no client ${p.client}`);
		const rehab = n % 2 === 0;
		const fields: CoachingPeriodFields = {
			type: rehab ? 'rehabilitative' : 'youth-workshop',
			workCoachId: coach,
			individualCoachId: null,
			referringOrganisation: rehab ? 'Kaupungin aikuissosiaalityö' : 'Ohjaamo',
			referringContact: null,
			payingOrganisation: PAYERS[n % 2] ?? null,
			payingContact: null,
			contractStart: start,
			contractEnd: addDays(start, 181),
			daysPerWeek: p.plan === 'full-week' ? 5 : 3,
			hoursPerDay: p.plan === 'full-week' ? 6 : 4,
			weekdays: p.plan === 'full-week' ? [1, 2, 3, 4, 5] : [1, 2, 3],
			priceCents: rehab ? null : 4500,
			priceUnit: rehab ? null : 'day',
			expenseCompensationCents: rehab ? 900 : null,
			startDate: start,
			endDate: null,
			placementAfter: null,
			workTimePlan: p.plan === 'full-week' ? 'ma–pe 8.30–14.30, puutyöpaja' : 'ma–ke 9–13, kädentaidot'
		};
		const periodId = randomUUID();
		tx.insert(coachingPeriods)
			.values({ id: periodId, clientId, unitId, ...periodColumnsOf(fields, periodId, org.keyring), ...synced() })
			.run();
		appendAudit(tx, { at: now, actorId: null, action: 'coaching-period.create', entity: 'coaching-period', entityId: periodId, detail: { via: 'seed' } });
		contractDays(fields, start, lastMarked).forEach((date, d) => {
			const k = (n * 7 + d * 3) % 23;
			const absent = k === 0 || k === 11;
			tx.insert(attendanceMarks)
				.values({
					id: attendanceMarkId(periodId, date),
					periodId,
					clientId,
					unitId,
					date,
					status: absent ? 'absent' : 'present',
					absenceReason: absent ? (reasons[(n + d) % reasons.length] ?? 'other') : null,
					hours: absent ? null : fields.hoursPerDay,
					extraReason: null,
					updatedBy: coach,
					...synced()
				})
				.run();
		});
		if (!p.full && n % 3 !== 2) return;
		for (const [text, status] of p.full ? SEED_GOALS : SEED_GOALS.slice(0, 1)) {
			const id = randomUUID();
			tx.insert(goals)
				.values({ id, periodId, clientId, unitId, text: org.keyring.encryptField(text, goalTextContext(id)), targetDate: addDays(start, 120), status, ...synced() })
				.run();
		}
		if (!p.full) return;
		const codes = instrumentItemCodes(SOCIAL_EMPOWERMENT);
		for (const [mode, offset] of [['self', 7], ['coach', 14]] as const) {
			const answers = Object.fromEntries(codes.map((c, i) => [c, 2 + ((i + n + (mode === 'coach' ? 1 : 0)) % 3)]));
			tx.insert(assessments)
				.values({
					id: randomUUID(),
					periodId,
					clientId,
					unitId,
					instrumentId: SOCIAL_EMPOWERMENT.id,
					instrumentVersion: SOCIAL_EMPOWERMENT.version,
					mode,
					date: addDays(start, offset),
					answers,
					...synced()
				})
				.run();
		}
	});
}

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
			const synced = () => newSyncedRow(tx, creator, at);
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
						...synced()
					})
					.run();
			}
			if (service) {
				tx.insert(services)
					.values({ id: randomUUID(), clientId: row.id, unitId, type: service, status: 'active', startDate: input.startDate ?? at.slice(0, 10), endDate: null, ...synced() })
					.run();
			}
			return row.id;
		})
	);
	const workshop = spec.workshop;
	if (workshop) org.write((tx) => seedWorkshop(tx, org, workshop, unitIds, userIds, clientIds, now));
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
	const { org, userIds } = await seedOrganisation(ctx, DEMO_SPEC, password);
	// Two years of fictional history in a unit of its own, so the demo's statistics have figures.
	const supervisorId = userIds.supervisor;
	if (supervisorId) org.write((tx) => seedStatisticsHistory(tx, org, { supervisorId, now: ctx.clock() }));
	return { created: true, password, generated: configuredPassword === undefined, usernames: DEMO_SPEC.users.map((u) => u.username) };
}
