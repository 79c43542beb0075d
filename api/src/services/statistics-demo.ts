/**
 * Two years of fictional history for the demo organisation (issue 6), so the demo supervisor's
 * reports and dashboard show real figures rather than a page of "<5": about 150 clients with start and
 * end dates, placements, services, situations and encounters, some anonymous contacts, and coaching
 * periods with attendance. A few per cent of the statistical fields are left unanswered, so "ei
 * tietoa" rows and the completeness check have something to show.
 *
 * Everything goes into a unit of its own, "Esimerkkihistoria" (outreach), which only the supervisor
 * is attached to: workers and coaches are not, so none of it syncs to their devices. The supervisor
 * is the records' author (their client scope is `own`, so they can open what the completeness check
 * lists).
 *
 * Deterministic: a seeded PRNG draws every value, relative to the seed day (`now`), so the same day
 * gives the same figures. Plain inserts through the same row helpers as the demo seed, audited with
 * `via: 'seed'`.
 */
import {
	addDays,
	attendanceMarkId,
	ClientInputSchema,
	helsinkiDate,
	type AbsenceReason,
	type CoachingPeriodFields,
	type EncounterAction,
	type EncounterChannel,
	type EncounterTopic,
	type Gender,
	type PeriodType
} from '@polku/shared';
import { randomUUID } from 'node:crypto';
import type { OrgTx } from '../db';
import { mulberry32 } from '../lib/prng';
import type { OrgHandle } from '../db/org-registry';
import { anonymousContacts, attendanceMarks, coachingPeriods, encounters, services, situations, units, userUnits } from '../db/schema';
import { appendAudit } from './audit.service';
import { encounterNoteContext, insertClient, newSyncedRow } from './sync-records.service';
import { periodColumnsOf } from './workshop-data';

export const HISTORY_UNIT_NAME = 'Esimerkkihistoria';
export const HISTORY_CLIENTS = 150;
/** How far back the history reaches (days before the seed day). */
const SPAN_DAYS = 730;

export interface StatisticsHistoryOptions {
	/** The supervisor attached to the history unit and the author of its records. */
	supervisorId: string;
	/** The seed day: the history ends the day before. */
	now: Date;
	clients?: number;
	seed?: number;
}

export interface StatisticsHistory {
	unitId: string;
	clientIds: string[];
	counts: { clients: number; encounters: number; anonymousContacts: number; periods: number; attendanceMarks: number };
}

const FIRST_NAMES = ['Aada', 'Leo', 'Eino', 'Helmi', 'Onni', 'Venla', 'Siiri', 'Elias', 'Aino', 'Väinö', 'Ella', 'Oliver', 'Emma', 'Noel', 'Sofia', 'Eetu', 'Linnea', 'Axel', 'Amir', 'Hana', 'Daria', 'Yusuf'];
const LAST_NAMES = ['Historia', 'Arkisto', 'Otos', 'Näyte', 'Kokeilu', 'Tilasto', 'Vertailu', 'Aikasarja'];
const NICKNAMES = ['Kettu', 'Pipo', 'Lumi', 'Tikka', 'Reppu', 'Sisu', 'Musti', 'Varis', 'Huppari', 'Pyry'];
const NOTES = [
	'Juteltiin opiskelupaikan hausta ja sovittiin seuraava tapaaminen.',
	'Käytiin yhdessä Kelassa täyttämässä hakemus.',
	'Puhelu: asunnon haku etenee.',
	'Verkkokeskustelu, nuori harkitsee työpajaa.',
	'Verkostopalaveri sosiaalityön kanssa.',
	'Lyhyt tapaaminen kauppakeskuksessa, vointi parempi.'
];

const GENDER: readonly (readonly [Gender, number])[] = [['male', 50], ['female', 43], ['other', 3], ['unknown', 4]];
const AGE: readonly (readonly [number | null, number])[] = [[15, 5], [16, 8], [17, 9], [18, 12], [19, 11], [20, 10], [21, 9], [22, 8], [23, 7], [24, 6], [25, 4], [26, 3], [27, 2], [28, 2], [31, 1], [null, 3]];
const TONGUE: readonly (readonly [string | null, number])[] = [['fi', 78], ['sv', 7], ['ru', 3], ['ar', 3], ['so', 2], ['uk', 2], ['et', 1], ['unknown', 2], [null, 2]];
const REFERRAL: readonly (readonly [string | null, number])[] = [
	['employment-services', 15],
	['social-services', 12],
	['basic-education', 10],
	['upper-secondary', 14],
	['youth-work', 8],
	['self', 12],
	['family', 6],
	['health-services', 5],
	['kela', 3],
	['defence-forces', 2],
	['unknown', 4],
	[null, 4]
];
const ACTIVITY: readonly (readonly [string | null, number])[] = [['unemployed', 32], ['inactive', 20], ['studies-interrupted', 15], ['student', 10], ['employed', 5], ['rehabilitation', 4], ['family-leave', 2], ['unknown', 5], [null, 4]];
const PLACEMENT: readonly (readonly [string | null, number])[] = [
	['degree-education', 20],
	['preparatory-education', 8],
	['open-labour-market', 14],
	['workshop', 12],
	['pay-subsidised', 5],
	['work-trial', 5],
	['rehabilitative-work', 4],
	['other-service', 8],
	['not-placed', 9],
	['moved', 4],
	['unknown', 4],
	[null, 5]
];
const LENGTH: readonly (readonly [[number, number], number])[] = [[[3, 29], 15], [[30, 90], 25], [[91, 181], 22], [[182, 364], 22], [[365, 600], 16]];
const SERVICE: readonly (readonly [string, number])[] = [['individual-guidance', 40], ['service-guidance', 18], ['accompanying', 12], ['group-activity', 10], ['study-guidance', 8], ['job-search', 7], ['housing-support', 5]];
const CHANNEL: readonly (readonly [EncounterChannel, number])[] = [['street', 22], ['online', 20], ['phone', 20], ['school', 14], ['office', 12], ['home-visit', 5], ['event', 5], ['other', 2]];
const TOPIC: readonly (readonly [EncounterTopic, number])[] = [['education', 22], ['employment', 16], ['income', 10], ['housing', 10], ['mental-health', 12], ['daily-life', 12], ['relationships', 8], ['services', 10]];
const ACTION: readonly (readonly [EncounterAction, number])[] = [['discussion', 50], ['information', 15], ['forms', 8], ['to-education', 7], ['to-employment-services', 6], ['to-social-services', 6], ['accompanied', 4], ['network-meeting', 4]];
const PERIOD_TYPE: readonly (readonly [PeriodType, number])[] = [['youth-workshop', 50], ['rehabilitative', 20], ['work-trial', 18], ['pay-subsidised', 7], ['other', 5]];
const ABSENCE: readonly (readonly [AbsenceReason, number])[] = [['sick', 50], ['authorised', 25], ['unauthorised', 18], ['other', 7]];

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/**
 * Adds the history unit and its records in `tx` (the demo seed's transaction). Call once, after the
 * demo organisation is seeded.
 */
export function seedStatisticsHistory(tx: OrgTx, org: Pick<OrgHandle, 'keyring'>, opts: StatisticsHistoryOptions): StatisticsHistory {
	const rng = mulberry32(opts.seed ?? 20_260_101);
	const now = opts.now;
	const at = now.toISOString();
	const today = helsinkiDate(now);
	const lastDay = addDays(today, -1);
	const firstDay = addDays(today, -SPAN_DAYS);
	const by = opts.supervisorId;
	const synced = (createdAt: string) => newSyncedRow(tx, by, createdAt);
	const timeOn = (date: string) => `${date}T${String(rng.int(6, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`;

	const unitId = randomUUID();
	tx.insert(units).values({ id: unitId, name: HISTORY_UNIT_NAME, kind: 'outreach', createdAt: at, updatedAt: at }).run();
	appendAudit(tx, { at: now, actorId: null, action: 'unit.create', entity: 'unit', entityId: unitId, detail: { via: 'seed' } });
	tx.insert(userUnits).values({ userId: by, unitId, createdAt: at }).run();
	appendAudit(tx, { at: now, actorId: null, action: 'user.update', entity: 'user', entityId: by, detail: { via: 'seed', addedUnitIds: [unitId] } });

	const counts = { clients: 0, encounters: 0, anonymousContacts: 0, periods: 0, attendanceMarks: 0 };
	const addEncounter = (date: string, link: { clientId: string | null; anonymousContactId: string | null }) => {
		const id = randomUUID();
		const occurredAt = timeOn(date);
		const topic = rng.weighted(TOPIC);
		const second = rng.weighted(TOPIC);
		tx.insert(encounters)
			.values({
				id,
				unitId,
				occurredAt,
				channel: rng.weighted(CHANNEL),
				...link,
				topics: second === topic || rng.chance(0.6) ? [topic] : [topic, second],
				actions: [rng.weighted(ACTION)],
				durationMinutes: 15 * rng.int(1, 6),
				note: org.keyring.encryptField(rng.pick(NOTES), encounterNoteContext(id)),
				followUpDate: null,
				...synced(occurredAt)
			})
			.run();
		counts.encounters++;
	};

	const clientCount = opts.clients ?? HISTORY_CLIENTS;
	const clientIds: string[] = [];
	const periodClients: { id: string; start: string; last: string }[] = [];
	for (let i = 0; i < clientCount; i++) {
		// Two clients without a start date: the completeness check lists them.
		const start = i < 2 ? null : addDays(firstDay, rng.int(0, SPAN_DAYS - 1));
		let end: string | null = null;
		if (start !== null && rng.chance(0.6)) {
			const [lo, hi] = rng.weighted(LENGTH);
			const e = addDays(start, rng.int(lo, hi));
			if (e <= lastDay) end = e;
		}
		const age = rng.weighted(AGE);
		const created = start ?? addDays(firstDay, rng.int(0, SPAN_DAYS - 1));
		const birth = age === null ? null : addDays(created, -Math.floor(age * 365.25) - rng.int(0, 364));
		const fullBirthDate = birth !== null && rng.chance(0.7);
		const pseudonymous = rng.chance(0.1);
		const input = ClientInputSchema.parse({
			id: randomUUID(),
			unitId,
			firstName: pseudonymous ? null : rng.pick(FIRST_NAMES),
			lastName: pseudonymous ? null : rng.pick(LAST_NAMES),
			nickname: pseudonymous ? rng.pick(NICKNAMES) : null,
			birthYear: birth === null ? null : Number(birth.slice(0, 4)),
			birthDate: fullBirthDate ? birth : null,
			birthDateEstimated: birth !== null && !fullBirthDate,
			gender: rng.weighted(GENDER),
			municipality: rng.weighted([['091', 60], ['049', 20], ['092', 15], ['unknown', 5]] as const),
			motherTongue: rng.weighted(TONGUE),
			referralSource: rng.weighted(REFERRAL),
			startDate: start,
			endDate: end,
			endReason: end === null ? null : rng.pick(['goal-reached', 'referred', 'declined', 'moved', 'contact-lost']),
			placementAtEnd: end === null ? null : rng.weighted(PLACEMENT),
			responsibleWorkerIds: []
		});
		const row = insertClient(tx, input, by, new Date(`${created}T09:00:00Z`), org.keyring);
		appendAudit(tx, { at: now, actorId: null, action: 'client.create', entity: 'client', entityId: row.id, detail: { via: 'seed' } });
		clientIds.push(row.id);
		counts.clients++;
		if (start === null) continue;
		const last = end ?? lastDay;
		const span = daysBetween(start, last);
		const base = { clientId: row.id, unitId };

		if (rng.chance(0.9)) {
			tx.insert(situations)
				.values({ id: randomUUID(), ...base, date: start, phase: 'start', mainActivity: rng.weighted(ACTIVITY), meansOfLiving: null, housing: null, arrivalBasis: null, ...synced(`${start}T09:00:00.000Z`) })
				.run();
		}
		if (end !== null && rng.chance(0.6)) {
			tx.insert(situations)
				.values({ id: randomUUID(), ...base, date: end, phase: 'end', mainActivity: rng.weighted(ACTIVITY), meansOfLiving: null, housing: null, arrivalBasis: null, ...synced(`${end}T09:00:00.000Z`) })
				.run();
		}
		const serviceCount = rng.weighted([[0, 20], [1, 40], [2, 28], [3, 12]] as const);
		for (let s = 0; s < serviceCount; s++) {
			const from = addDays(start, rng.int(0, Math.min(span, 60)));
			const to = rng.chance(0.5) ? addDays(from, rng.int(0, Math.max(0, daysBetween(from, last)))) : end;
			tx.insert(services)
				.values({ id: randomUUID(), ...base, type: rng.weighted(SERVICE), status: to === null ? 'active' : 'completed', startDate: from, endDate: to, ...synced(`${from}T09:00:00.000Z`) })
				.run();
		}
		// About 12 encounters per client over the relationship, more for longer ones.
		const meetings = Math.max(1, Math.round(Math.min(40, 3 + span / 20) * (0.5 + rng.next())));
		for (let m = 0; m < meetings; m++) addEncounter(addDays(start, rng.int(0, span)), { clientId: row.id, anonymousContactId: null });
		if (rng.chance(0.3)) periodClients.push({ id: row.id, start, last });
	}

	// Anonymous first contacts (never identified) with a few encounters each, and street encounters
	// with nobody recorded.
	for (let i = 0; i < 40; i++) {
		const first = addDays(firstDay, rng.int(0, SPAN_DAYS - 1));
		const id = randomUUID();
		tx.insert(anonymousContacts)
			.values({
				id,
				unitId,
				nickname: `${rng.pick(NICKNAMES)} ${i + 1}`,
				birthYearEstimate: rng.chance(0.8) ? Number(first.slice(0, 4)) - rng.int(15, 25) : null,
				gender: rng.weighted(GENDER),
				municipality: '091',
				mergedInto: null,
				...synced(`${first}T12:00:00.000Z`)
			})
			.run();
		appendAudit(tx, { at: now, actorId: null, action: 'anonymous-contact.create', entity: 'anonymous-contact', entityId: id, detail: { via: 'seed' } });
		counts.anonymousContacts++;
		const meetings = rng.int(1, 5);
		for (let m = 0; m < meetings; m++) {
			const date = addDays(first, rng.int(0, 60));
			if (date <= lastDay) addEncounter(date, { clientId: null, anonymousContactId: id });
		}
	}
	for (let i = 0; i < 30; i++) addEncounter(addDays(firstDay, rng.int(0, SPAN_DAYS - 1)), { clientId: null, anonymousContactId: null });

	// Coaching periods of about a third of the clients; attendance marks for the last 120 days.
	const marksFrom = addDays(today, -120);
	for (const c of periodClients) {
		const start = addDays(c.start, rng.int(0, Math.min(30, daysBetween(c.start, c.last))));
		const planned = addDays(start, rng.int(30, 180));
		const end = planned <= c.last && planned <= lastDay ? planned : null;
		const hoursPerDay = rng.pick([4, 6, 6]);
		const fields: CoachingPeriodFields = {
			type: rng.weighted(PERIOD_TYPE),
			workCoachId: null,
			individualCoachId: null,
			referringOrganisation: 'Etsivä nuorisotyö',
			referringContact: null,
			payingOrganisation: rng.pick(['Kaupungin sosiaalipalvelut', 'TE-palvelut']),
			payingContact: null,
			contractStart: start,
			contractEnd: planned,
			daysPerWeek: 5,
			hoursPerDay,
			weekdays: [1, 2, 3, 4, 5],
			priceCents: null,
			priceUnit: null,
			expenseCompensationCents: 900,
			startDate: start,
			endDate: end,
			placementAfter: end === null ? null : (rng.weighted(PLACEMENT) as CoachingPeriodFields['placementAfter']),
			workTimePlan: null
		};
		const periodId = randomUUID();
		tx.insert(coachingPeriods)
			.values({ id: periodId, clientId: c.id, unitId, ...periodColumnsOf(fields, periodId, org.keyring), ...synced(`${start}T09:00:00.000Z`) })
			.run();
		appendAudit(tx, { at: now, actorId: null, action: 'coaching-period.create', entity: 'coaching-period', entityId: periodId, detail: { via: 'seed' } });
		counts.periods++;
		const markTo = end ?? lastDay;
		for (let date = start > marksFrom ? start : marksFrom; date <= markTo; date = addDays(date, 1)) {
			const wd = weekday(date);
			if (wd === 0 || wd === 6) continue;
			const absent = rng.chance(0.12);
			tx.insert(attendanceMarks)
				.values({
					id: attendanceMarkId(periodId, date),
					periodId,
					clientId: c.id,
					unitId,
					date,
					status: absent ? 'absent' : 'present',
					absenceReason: absent ? rng.weighted(ABSENCE) : null,
					hours: absent ? null : rng.chance(0.9) ? hoursPerDay : hoursPerDay - 1.5,
					extraReason: null,
					updatedBy: by,
					...synced(`${date}T14:00:00.000Z`)
				})
				.run();
			counts.attendanceMarks++;
		}
	}
	return { unitId, clientIds, counts };
}
