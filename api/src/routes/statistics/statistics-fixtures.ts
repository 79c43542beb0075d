/**
 * The statistics fixture (issue 6): clients, situations, services, encounters, anonymous contacts,
 * coaching periods and marks inserted straight into the test organisation's file, with figures
 * computed by hand below. Everything is in 2025: the seeded test clients (createTestApp) start in
 * 2026 or have no start date and were made on 2026-03-02, so no 2025 window sees them.
 *
 * Units: 0 outreach and 1 workshop (the supervisor's), 2 employment (not the supervisor's).
 * Staff of units 0 and 1: the worker, the coach and the supervisor (the admin has no unit).
 *
 * Clients (youth work), window national:jan-apr:2025 = 1.1.–30.4.2025:
 *   A  unit 0, female, born 15.3.2007, start 15.3.2025 (18th birthday on the start date → 18–20),
 *      fi, referral basic-education, first start situation student, service individual-guidance.
 *   B  unit 0, male, birth year 2009 only (→ 1.7.2009), start 1.11.2024 (age 15 → under 16), sv,
 *      referral self, start situation inactive, end 1.5.2025 placement workshop (ends 1 May:
 *      continuing and not ended in Jan–Apr; ended in Jan–Aug, 6 whole months → 6–12 m); services
 *      service-guidance 1.11.–31.12.2024 (before the window) and group-activity in February.
 *   C  unit 1, other, born 10.6.2000, start 30.4.2025 (the window's last day: new; age 24 → 21–24),
 *      ar (other language), referral local:nuorisotalo → youth-work, start situation
 *      local:kotona → inactive; no services (→ none).
 *   D  unit 0, made by the supervisor, gender unknown, nothing else known, start 1.6.2024, end
 *      31.1.2025 placement degree-education (7 whole months → 6–12 m); job-search and
 *      local:tyonhaku (→ job-search) overlapping the window: job-search counted once.
 *   E  unit 0, female, born 1.1.1990 (35 → 30+), start 10.2.2025, end 30.4.2025 with no placement
 *      (→ unknown; 2 whole months → 1–3 m), se, referral other; start situations: a deleted one of
 *      1.2. (unemployed), employed on 10.2., student on 20.2. (the first live one counts: employed);
 *      service individual-guidance from 1.3.
 *   Not counted: F starts 1.5.2025 (counted in Jan–Aug: male, born 1.5.2008, 17 → 16–17), G ended
 *   31.12.2024, H in unit 2, I deleted, J has no start date (made 1.2.2025; the completeness check
 *   lists it).
 *
 *   Jan–Apr: clients 5 — new 3 (A, C, E), continuing 2 (B, D);
 *     gender female 2, male 1, other 1, unknown 1;
 *     age under-16 1 (B), 16–17 0, 18–20 1 (A), 21–24 1 (C), 25–29 0, 30+ 1 (E), unknown 1 (D);
 *     mother tongue fi 1, sv 1, se 1, other 1, unknown 1;
 *     main activity student 1, inactive 2 (B, C), employed 1, unknown 1; all others 0;
 *     referral basic-education 1, self 1, youth-work 1, other 1, unknown 1;
 *     services individual-guidance 2 (A, E), group-activity 1 (B), job-search 1 (D), none 1 (C);
 *     ended 2 (D, E): placement degree-education 1, unknown 1; length 1–3 m 1, 6–12 m 1.
 *   Jan–Aug: clients 6 — new 4 (A, C, E, F), continuing 2; ended 3 (+ B: placement workshop,
 *     6–12 m), so placement degree-education 1, workshop 1, unknown 1; length 1–3 m 1, 6–12 m 2.
 *
 * Encounters (Finnish time; Jan–Apr is [2024-12-31T22:00Z, 2025-04-30T21:00Z)):
 *   e1 A street 20.3. 10:00Z · e2 A street 1.4. 08:00:00Z (no milliseconds) · e3 B phone
 *   2024-12-31T22:00:00.000Z (midnight 1.1. in Finland: in) · e4 B phone 21:59:59.999Z (out) ·
 *   e5 anonymous AC1 (female) street 30.4. 20:30Z (23:30 in Finland: in) · e6 anonymous AC2 (male)
 *   online 30.4. 21:30Z (1.5. 00:30 in Finland: out; in Jan–Aug) · e7 nobody, event
 *   2025-02-14T12:00:00.000+02:00 (an offset: in) · e8 nobody, event 2025-05-01T00:30:00+03:00 (out;
 *   in Jan–Aug) · e9 C office 1.3., deleted (never) · e10 unit 2, street (never; its anonymous AC3
 *   neither) · e11 C office 2025-04-30T23:59:00+03:00 (in).
 *   Jan–Apr: 6 — street 3, phone 1, office 1, event 1; client 4, anonymous 1, none 1; anonymous
 *   contacts 1 (female). Jan–Aug: 8 — + online 1, event 2; anonymous 2, none 2; contacts female 1,
 *   male 1.
 * Staff: outreach-worker 1, coach 1, supervisor 1, admin 0 (total 3).
 *
 * Workshop (unit 1 unless said), Jan–Apr 2025:
 *   P1 A youth-workshop 7.1.–31.3., placement degree-education; marks 7.1. 6 h, 8.1. 5.5 h, 9.1. sick,
 *      31.3. 4 h.
 *   P2 C rehabilitative from 30.4.; marks 30.4. 3.75 h, 2.5. 6 h (out).
 *   P3 A work-trial 1.4.–1.5. (ends 1 May: not ended), placement open-labour-market; marks 1.4.
 *      authorised, 2.4. unauthorised, 3.4. present but deleted.
 *   P4 E youth-workshop 1.9.2024–28.2.2025, placement local:oma-paja → workshop; marks 31.12.2024
 *      (out), 2.1. 6 h.
 *   P8 B youth-workshop 10.1.–10.2., no placement (→ unknown; the completeness check lists it).
 *   Not counted: P5 B deleted, P6 D in unit 2, P7 B ended 31.12.2024.
 *   Periods 5: youth-workshop 3, rehabilitative 1, work-trial 1. Participants 4 (A, B, C, E):
 *   youth-workshop 3 (A, E, B), rehabilitative 1, work-trial 1; female 2, male 1, other 1.
 *   Attendance: 5 days present, 25.25 h; absent sick 1, authorised 1, unauthorised 1, other 0
 *   (total 8 days marked). Ended 3 (P1, P4, P8): degree-education 1, workshop 1, unknown 1.
 */
import type { CodeOverrides, EsfParticipationFields, Role } from '@polku/shared';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { anonymousContacts, clients, clientWorkers, encounters, esfParticipations, services, situations } from '../../db/schema';
import { sealEsfAnswer } from '../../db/esf-answer';
import { updateOrganisationSettings } from '../../services/organisation.service';
import { encounterNoteContext, nextChangeSeq } from '../../services/sync-records.service';
import type { TestApp } from '../../test/create-test-app';
import { insertMarks, insertPeriod } from '../coaching-reports/workshop-fixtures';

export const CODE_OVERRIDES: CodeOverrides = {
	'referral-source': { hidden: [], local: [{ code: 'local:nuorisotalo', labels: { fi: 'Nuorisotalo', sv: 'Ungdomsgård', en: 'Youth centre' }, mapsTo: 'youth-work', hidden: false }] },
	'main-activity': { hidden: [], local: [{ code: 'local:kotona', labels: { fi: 'Kotona', sv: 'Hemma', en: 'At home' }, mapsTo: 'inactive', hidden: false }] },
	'service-type': { hidden: [], local: [{ code: 'local:tyonhaku', labels: { fi: 'Työnhakupaja', sv: 'Jobbsökarverkstad', en: 'Job search workshop' }, mapsTo: 'job-search', hidden: false }] },
	placement: { hidden: [], local: [{ code: 'local:oma-paja', labels: { fi: 'Oma paja', sv: 'Egen verkstad', en: 'Own workshop' }, mapsTo: 'workshop', hidden: false }] }
};

type ClientSpec = {
	unit: 0 | 1 | 2;
	name: [first: string | null, last: string | null, nickname: string | null];
	gender: 'female' | 'male' | 'other' | 'unknown';
	birthDate?: string;
	birthYear?: number;
	motherTongue?: string;
	referralSource?: string;
	startDate?: string;
	endDate?: string;
	placementAtEnd?: string;
	createdBy?: Role;
	createdAt?: string;
	deleted?: boolean;
	responsible?: Role[];
};

function meta(t: TestApp, createdBy: Role, at = t.now().toISOString()) {
	return { version: 1, createdBy: t.userId(createdBy), createdAt: at, updatedAt: at, deletedAt: null as string | null };
}

export function insertStatClient(t: TestApp, spec: ClientSpec): string {
	const id = randomUUID();
	const createdBy = spec.createdBy ?? 'outreach-worker';
	t.org.write((tx) => {
		tx.insert(clients)
			.values({
				id,
				unitId: t.unitIds[spec.unit] ?? '',
				firstName: spec.name[0],
				lastName: spec.name[1],
				nickname: spec.name[2],
				birthYear: spec.birthYear ?? (spec.birthDate ? Number(spec.birthDate.slice(0, 4)) : null),
				birthDate: spec.birthDate ?? null,
				gender: spec.gender,
				municipality: '091',
				motherTongue: spec.motherTongue ?? null,
				referralSource: spec.referralSource ?? null,
				startDate: spec.startDate ?? null,
				endDate: spec.endDate ?? null,
				placementAtEnd: spec.placementAtEnd ?? null,
				responsibleWorkerIds: (spec.responsible ?? []).map((r) => t.userId(r)),
				...meta(t, createdBy, spec.createdAt),
				...(spec.deleted ? { deletedAt: t.now().toISOString() } : {}),
				changeSeq: nextChangeSeq(tx)
			})
			.run();
		for (const role of spec.responsible ?? []) tx.insert(clientWorkers).values({ clientId: id, userId: t.userId(role) }).run();
	});
	return id;
}

export function insertSituation(t: TestApp, clientId: string, unit: 0 | 1 | 2, s: { date: string; mainActivity: string | null; phase?: 'start' | 'check' | 'end'; deleted?: boolean }): void {
	t.org.write((tx) =>
		tx
			.insert(situations)
			.values({
				id: randomUUID(),
				clientId,
				unitId: t.unitIds[unit] ?? '',
				date: s.date,
				phase: s.phase ?? 'start',
				mainActivity: s.mainActivity,
				meansOfLiving: null,
				housing: null,
				arrivalBasis: null,
				...meta(t, 'outreach-worker'),
				...(s.deleted ? { deletedAt: t.now().toISOString() } : {}),
				changeSeq: nextChangeSeq(tx)
			})
			.run()
	);
}

export function insertService(t: TestApp, clientId: string, unit: 0 | 1 | 2, s: { type: string; startDate: string; endDate?: string }): void {
	t.org.write((tx) =>
		tx
			.insert(services)
			.values({
				id: randomUUID(),
				clientId,
				unitId: t.unitIds[unit] ?? '',
				type: s.type,
				status: s.endDate ? 'completed' : 'active',
				startDate: s.startDate,
				endDate: s.endDate ?? null,
				...meta(t, 'outreach-worker'),
				changeSeq: nextChangeSeq(tx)
			})
			.run()
	);
}

/**
 * An ESF participation of `clientId` as the server stores one (disadvantages sealed, the next
 * participant number). Fields default to a complete start in S30794 on 1.2.2025, not ended.
 */
export function insertEsf(t: TestApp, clientId: string, unit: 0 | 1 | 2, f: Partial<EsfParticipationFields> & { deleted?: boolean } = {}): string {
	const id = randomUUID();
	const { deleted, ...fields } = f;
	const all: EsfParticipationFields = {
		projectCode: 'S30794',
		startDate: '2025-02-01',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2',
		disadvantages: [],
		disadvantageDeclined: false,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null,
		...fields
	};
	t.org.write((tx) => {
		const number = tx.select({ max: sql<number | null>`MAX(${esfParticipations.participantNumber})` }).from(esfParticipations).get()?.max ?? 0;
		tx.insert(esfParticipations)
			.values({
				id,
				clientId,
				unitId: t.unitIds[unit] ?? '',
				...all,
				disadvantages: sealEsfAnswer(t.org.keyring, id, all),
				participantNumber: number + 1,
				...meta(t, 'outreach-worker'),
				...(deleted ? { deletedAt: t.now().toISOString() } : {}),
				changeSeq: nextChangeSeq(tx)
			})
			.run();
	});
	return id;
}

export function insertAnonymous(t: TestApp, unit: 0 | 1 | 2, gender: 'female' | 'male'): string {
	const id = randomUUID();
	t.org.write((tx) =>
		tx
			.insert(anonymousContacts)
			.values({ id, unitId: t.unitIds[unit] ?? '', nickname: 'Nimimerkki', birthYearEstimate: 2006, gender, municipality: '091', mergedInto: null, ...meta(t, 'outreach-worker'), changeSeq: nextChangeSeq(tx) })
			.run()
	);
	return id;
}

export function insertEncounter(
	t: TestApp,
	e: { unit: 0 | 1 | 2; occurredAt: string; channel: string; clientId?: string; anonymousContactId?: string; deleted?: boolean; createdBy?: Role }
): string {
	const id = randomUUID();
	t.org.write((tx) =>
		tx
			.insert(encounters)
			.values({
				id,
				unitId: t.unitIds[e.unit] ?? '',
				occurredAt: e.occurredAt,
				channel: e.channel as 'street',
				clientId: e.clientId ?? null,
				anonymousContactId: e.anonymousContactId ?? null,
				topics: [],
				actions: [],
				durationMinutes: null,
				note: t.org.keyring.encryptField('', encounterNoteContext(id)),
				followUpDate: null,
				...meta(t, e.createdBy ?? 'outreach-worker'),
				...(e.deleted ? { deletedAt: t.now().toISOString() } : {}),
				changeSeq: nextChangeSeq(tx)
			})
			.run()
	);
	return id;
}

export type StatisticsFixture = { clients: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J', string>; periods: Record<'P1' | 'P2' | 'P3' | 'P4' | 'P8', string> };

/** The fixture above, with the organisation's local codes and threshold (`threshold`, default 1: raw figures). */
export function buildStatisticsFixture(t: TestApp, opts: { threshold?: number } = {}): StatisticsFixture {
	updateOrganisationSettings(t.ctx, t.org.id, () => ({ codeOverrides: CODE_OVERRIDES, smallCellThreshold: opts.threshold ?? 1 }), t.now());
	const A = insertStatClient(t, { unit: 0, name: ['Aino', 'Alku', null], gender: 'female', birthDate: '2007-03-15', motherTongue: 'fi', referralSource: 'basic-education', startDate: '2025-03-15' });
	insertSituation(t, A, 0, { date: '2025-03-15', mainActivity: 'student' });
	insertService(t, A, 0, { type: 'individual-guidance', startDate: '2025-03-15' });
	const B = insertStatClient(t, { unit: 0, name: ['Bertta', 'Boman', null], gender: 'male', birthYear: 2009, motherTongue: 'sv', referralSource: 'self', startDate: '2024-11-01', endDate: '2025-05-01', placementAtEnd: 'workshop' });
	insertSituation(t, B, 0, { date: '2024-11-01', mainActivity: 'inactive' });
	insertService(t, B, 0, { type: 'service-guidance', startDate: '2024-11-01', endDate: '2024-12-31' });
	insertService(t, B, 0, { type: 'group-activity', startDate: '2025-02-01', endDate: '2025-02-28' });
	const C = insertStatClient(t, { unit: 1, name: ['Cecilia', 'Carlsson', null], gender: 'other', birthDate: '2000-06-10', motherTongue: 'ar', referralSource: 'local:nuorisotalo', startDate: '2025-04-30', createdBy: 'coach' });
	insertSituation(t, C, 1, { date: '2025-04-30', mainActivity: 'local:kotona' });
	const D = insertStatClient(t, { unit: 0, name: ['Dani', 'Dahl', null], gender: 'unknown', startDate: '2024-06-01', endDate: '2025-01-31', placementAtEnd: 'degree-education', createdBy: 'supervisor' });
	insertService(t, D, 0, { type: 'job-search', startDate: '2024-06-01', endDate: '2025-01-15' });
	insertService(t, D, 0, { type: 'local:tyonhaku', startDate: '2025-01-10' });
	const E = insertStatClient(t, { unit: 0, name: ['Eila', 'Eskola', null], gender: 'female', birthDate: '1990-01-01', motherTongue: 'se', referralSource: 'other', startDate: '2025-02-10', endDate: '2025-04-30' });
	insertSituation(t, E, 0, { date: '2025-02-01', mainActivity: 'unemployed', deleted: true });
	insertSituation(t, E, 0, { date: '2025-02-20', mainActivity: 'student' });
	insertSituation(t, E, 0, { date: '2025-02-10', mainActivity: 'employed' });
	insertSituation(t, E, 0, { date: '2025-02-10', mainActivity: null, phase: 'check' });
	insertService(t, E, 0, { type: 'individual-guidance', startDate: '2025-03-01' });
	const F = insertStatClient(t, { unit: 0, name: ['Frans', 'Forss', null], gender: 'male', birthDate: '2008-05-01', motherTongue: 'fi', referralSource: 'self', startDate: '2025-05-01' });
	const G = insertStatClient(t, { unit: 0, name: ['Gabriel', 'Grön', null], gender: 'male', birthDate: '2005-01-01', startDate: '2024-01-01', endDate: '2024-12-31' });
	const H = insertStatClient(t, { unit: 2, name: ['Hilla', 'Huttunen', null], gender: 'female', birthDate: '2005-01-01', startDate: '2025-01-10', createdBy: 'admin' });
	const I = insertStatClient(t, { unit: 0, name: ['Iiris', 'Ilola', null], gender: 'female', birthDate: '2005-01-01', startDate: '2025-01-10', deleted: true });
	const J = insertStatClient(t, { unit: 0, name: [null, null, 'Jänis'], gender: 'male', birthYear: 2005, createdAt: '2025-02-01T09:00:00.000Z', responsible: ['supervisor'] });

	const AC1 = insertAnonymous(t, 0, 'female');
	const AC2 = insertAnonymous(t, 0, 'male');
	const AC3 = insertAnonymous(t, 2, 'male');
	insertEncounter(t, { unit: 0, occurredAt: '2025-03-20T10:00:00.000Z', channel: 'street', clientId: A });
	insertEncounter(t, { unit: 0, occurredAt: '2025-04-01T08:00:00Z', channel: 'street', clientId: A });
	insertEncounter(t, { unit: 0, occurredAt: '2024-12-31T22:00:00.000Z', channel: 'phone', clientId: B });
	insertEncounter(t, { unit: 0, occurredAt: '2024-12-31T21:59:59.999Z', channel: 'phone', clientId: B });
	insertEncounter(t, { unit: 0, occurredAt: '2025-04-30T20:30:00.000Z', channel: 'street', anonymousContactId: AC1 });
	insertEncounter(t, { unit: 0, occurredAt: '2025-04-30T21:30:00.000Z', channel: 'online', anonymousContactId: AC2 });
	insertEncounter(t, { unit: 0, occurredAt: '2025-02-14T12:00:00.000+02:00', channel: 'event' });
	insertEncounter(t, { unit: 0, occurredAt: '2025-05-01T00:30:00+03:00', channel: 'event' });
	insertEncounter(t, { unit: 1, occurredAt: '2025-03-01T10:00:00.000Z', channel: 'office', clientId: C, deleted: true, createdBy: 'coach' });
	insertEncounter(t, { unit: 2, occurredAt: '2025-03-01T10:00:00.000Z', channel: 'street', anonymousContactId: AC3, createdBy: 'admin' });
	insertEncounter(t, { unit: 1, occurredAt: '2025-04-30T23:59:00+03:00', channel: 'office', clientId: C, createdBy: 'coach' });

	const p1 = insertPeriod(t, { clientId: A, unit: 1, over: { type: 'youth-workshop', contractStart: '2025-01-07', startDate: '2025-01-07', endDate: '2025-03-31', placementAfter: 'degree-education' } });
	insertMarks(t, p1, [{ date: '2025-01-07', hours: 6 }, { date: '2025-01-08', hours: 5.5 }, { date: '2025-01-09', absent: 'sick' }, { date: '2025-03-31', hours: 4 }]);
	const p2 = insertPeriod(t, { clientId: C, unit: 1, over: { type: 'rehabilitative', contractStart: '2025-04-30', startDate: '2025-04-30' } });
	insertMarks(t, p2, [{ date: '2025-04-30', hours: 3.75 }, { date: '2025-05-02', hours: 6 }]);
	const p3 = insertPeriod(t, { clientId: A, unit: 1, over: { type: 'work-trial', contractStart: '2025-04-01', startDate: '2025-04-01', endDate: '2025-05-01', placementAfter: 'open-labour-market' } });
	insertMarks(t, p3, [{ date: '2025-04-01', absent: 'authorised' }, { date: '2025-04-02', absent: 'unauthorised' }, { date: '2025-04-03', hours: 6, deleted: true }]);
	const p4 = insertPeriod(t, { clientId: E, unit: 1, over: { type: 'youth-workshop', contractStart: '2024-09-01', startDate: '2024-09-01', endDate: '2025-02-28', placementAfter: 'local:oma-paja' } });
	insertMarks(t, p4, [{ date: '2024-12-31', hours: 6 }, { date: '2025-01-02', hours: 6 }]);
	insertPeriod(t, { clientId: B, unit: 1, deleted: true, over: { contractStart: '2025-01-07', startDate: '2025-01-07' } });
	insertPeriod(t, { clientId: D, unit: 2, over: { contractStart: '2025-01-07', startDate: '2025-01-07' } });
	insertPeriod(t, { clientId: B, unit: 1, over: { contractStart: '2024-10-01', startDate: '2024-10-01', endDate: '2024-12-31', placementAfter: 'workshop' } });
	const p8 = insertPeriod(t, { clientId: B, unit: 1, over: { type: 'youth-workshop', contractStart: '2025-01-10', startDate: '2025-01-10', endDate: '2025-02-10' } });
	return { clients: { A, B, C, D, E, F, G, H, I, J }, periods: { P1: p1.id, P2: p2.id, P3: p3.id, P4: p4.id, P8: p8.id } };
}
