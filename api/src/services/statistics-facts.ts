/**
 * What a report counts, loaded from an organisation's file (shared/statistics/facts.ts): one window,
 * one set of units, only what the report's sections need. Clients and periods come as rows (their
 * categories depend on the window, the engine classifies them); encounters, anonymous contacts,
 * attendance and staff are counted in SQL, so two million encounters never travel as rows.
 *
 * - Code fields are national codes: local codes are mapped here (`nationalCode`), null stays null
 *   (unanswered, counted as `unknown`).
 * - Dates of clients, services, periods and marks are calendar dates and compare as text. Encounter
 *   times are instants, stored as sent (UTC from the app, but an offset is valid on the wire): the
 *   window's Finnish dates become UTC instants (`windowInstants`) and are compared with the stored
 *   time normalised to UTC, the expression `encounters_statistics_idx` is built on.
 * - Merged-away and deleted clients are tombstones (`deleted_at`): never counted.
 *
 * Performance (issue 6: 100,000 clients and 2,000,000 encounters, one window, ≤ 1 s with the engine;
 * `npm run bench`): each query reads an index made for it (migration `statistics`). The counted
 * clients come from the covering `clients_statistics_idx`, their main activity at start by one seek
 * each in `situations_start_idx`; encounters are summed from `encounter_day_counts` (per unit, UTC day,
 * channel and subject, kept by triggers) for the whole UTC days of the window, and counted from the
 * covering `encounters_statistics_idx` (unit, channel, UTC time, client, anonymous contact) for the part
 * days at its edges, one short range per unit and channel; anonymous contacts by one seek each in `encounters_anonymous_time_idx`. Services
 * are read in one pass and matched to the clients in memory.
 *
 * ESF participations (the `esf` report): every live one of the units (and of the project, when asked),
 * not limited by date, as the engine first combines a client's records in one project (first start,
 * last end). Their disadvantages are field tokens, opened with the organisation's keyring.
 */
import {
	EMPTY_ATTENDANCE,
	ENCOUNTER_CHANNELS,
	MAIN_ACTIVITIES,
	MOTHER_TONGUES,
	nationalCode,
	PLACEMENTS,
	REFERRAL_SOURCES,
	ROLES,
	SERVICE_TYPES,
	type CodeOverrides,
	type ReportFacts,
	type ReportId,
	type Role,
	type StatAnonymousCount,
	type StatAttendance,
	type StatClient,
	type StatEncounterCount,
	type StatEsfParticipation,
	type StatPeriod,
	type StatStaffCount
} from '@polku/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { OrgDb, OrgDbOrTx } from '../db';
import type { OrgKeyring } from '../lib/crypto';
import { openEsfAnswer } from '../db/esf-answer';

const helsinkiClock = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Europe/Helsinki',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** Helsinki's offset from UTC at instant `t` (ms). */
function helsinkiOffset(t: number): number {
	const p: Record<string, number> = {};
	for (const part of helsinkiClock.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
	return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - t;
}

/** The instant a Finnish calendar day starts (midnight is never inside a DST change in Finland). */
export function helsinkiDayStart(date: string): Date {
	const wall = Date.parse(`${date}T00:00:00Z`);
	const guess = wall - helsinkiOffset(wall);
	return new Date(wall - helsinkiOffset(guess));
}

/** The ISO date after `date`. */
export function nextDate(date: string): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The instants [start, end) of Finnish dates `from`…`to` (both included), as UTC ISO strings. */
export function windowInstants(window: { from: string; to: string }): { start: string; end: string } {
	return { start: helsinkiDayStart(window.from).toISOString(), end: helsinkiDayStart(nextDate(window.to)).toISOString() };
}

/** A stored encounter time as UTC text; the same expression as in `encounters_statistics_idx`. */
const UTC_TIME = sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', e.occurred_at)`);
const CHANNELS = JSON.stringify(ENCOUNTER_CHANNELS.entries.map((c) => c.code));

/**
 * Live encounters `e` of the units at UTC instants [start, end) (ISO strings, as `windowInstants`).
 * The channel list makes each unit and channel one range of `encounters_statistics_idx` (channels
 * are checked on write, so none is left out), and the rows come out grouped by unit and channel.
 */
export function encounterInstants(unitIds: readonly string[], start: string, end: string): SQL {
	return sql`${inUnits(sql`e.unit_id`, unitIds)} AND e.channel IN (SELECT value FROM json_each(${CHANNELS})) AND e.deleted_at IS NULL AND ${UTC_TIME} >= ${start} AND ${UTC_TIME} < ${end}`;
}

/**
 * UTC instants [start, end) as the whole UTC days strictly between `days.after` and `days.before`
 * (read from the per-day counts) and the part days at the edges (counted from the encounters): a
 * Finnish day starts at 21:00 or 22:00 UTC, so a window has a part day at each end.
 */
export function utcDays({ start, end }: { start: string; end: string }): { edges: [from: string, to: string][]; days: { after: string; before: string } | null } {
	const firstDay = start.slice(0, 10);
	const lastDay = end.slice(0, 10);
	if (firstDay === lastDay) return { edges: [[start, end]], days: null };
	return {
		edges: [
			[start, `${nextDate(firstDay)}T00:00:00.000Z`],
			[`${lastDay}T00:00:00.000Z`, end]
		],
		days: { after: firstDay, before: lastDay }
	};
}

/** `column IN (the units)`, the list bound as one JSON parameter. */
export function inUnits(column: SQL, unitIds: readonly string[]): SQL {
	return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(unitIds)}))`;
}

type Window = { from: string; to: string };

/** `clients c` counted in the window: live, of the units, relationship overlapping the window. */
function clientCondition(window: Window, unitIds: readonly string[]): SQL {
	return sql`${inUnits(sql`c.unit_id`, unitIds)} AND c.deleted_at IS NULL AND c.start_date IS NOT NULL AND c.start_date <= ${window.to} AND (c.end_date IS NULL OR c.end_date >= ${window.from})`;
}

/** `coaching_periods p` (of a live client `c`) overlapping the window in the units. */
function periodCondition(window: Window, unitIds: readonly string[]): SQL {
	return sql`${inUnits(sql`p.unit_id`, unitIds)} AND p.deleted_at IS NULL AND c.deleted_at IS NULL AND p.start_date <= ${window.to} AND (p.end_date IS NULL OR p.end_date >= ${window.from})`;
}

type ClientRow = [
	id: string,
	gender: string,
	birthDate: string | null,
	birthYear: number | null,
	motherTongue: string | null,
	referralSource: string | null,
	startDate: string,
	endDate: string | null,
	placementAtEnd: string | null,
	mainActivityAtStart: string | null
];

type MutableService = { type: string; startDate: string; endDate: string | null };

function loadClients(db: OrgDbOrTx, window: Window, unitIds: readonly string[], overrides: CodeOverrides): StatClient[] {
	// Services first, by client (those of clients not counted are never looked up).
	const servicesOf = new Map<string, MutableService[]>();
	const services = db.values<[clientId: string, type: string, startDate: string, endDate: string | null]>(
		sql`SELECT sv.client_id, sv.type, sv.start_date, sv.end_date FROM services sv WHERE sv.deleted_at IS NULL AND sv.start_date <= ${window.to} AND (sv.end_date IS NULL OR sv.end_date >= ${window.from})`
	);
	for (const [clientId, type, startDate, endDate] of services) {
		const service = { type: nationalCode(SERVICE_TYPES, overrides, type) ?? type, startDate, endDate };
		const list = servicesOf.get(clientId);
		if (list) list.push(service);
		else servicesOf.set(clientId, [service]);
	}
	const none: readonly MutableService[] = [];
	const clients: StatClient[] = [];
	// One unit at a time: each batch of rows becomes clients at once (less to hold), and the unit id
	// is one string. The main activity of the client's first live start situation (earliest date,
	// then creation): one seek in `situations_start_idx`.
	for (const unitId of unitIds) {
		const rows = db.values<ClientRow>(
			sql`SELECT c.id, c.gender, c.birth_date, c.birth_year, c.mother_tongue, c.referral_source, c.start_date, c.end_date, c.placement_at_end, (SELECT s.main_activity FROM situations s WHERE s.client_id = c.id AND s.phase = 'start' AND s.deleted_at IS NULL ORDER BY s.date, s.created_at, s.id LIMIT 1) FROM clients c WHERE ${clientCondition(window, [unitId])}`
		);
		for (const [id, gender, birthDate, birthYear, motherTongue, referralSource, startDate, endDate, placementAtEnd, mainActivityAtStart] of rows) {
			clients.push({
				id,
				unitId,
				gender,
				birthDate,
				birthYear,
				motherTongue: nationalCode(MOTHER_TONGUES, overrides, motherTongue),
				referralSource: nationalCode(REFERRAL_SOURCES, overrides, referralSource),
				mainActivityAtStart: nationalCode(MAIN_ACTIVITIES, overrides, mainActivityAtStart),
				startDate,
				endDate,
				placementAtEnd: nationalCode(PLACEMENTS, overrides, placementAtEnd),
				services: servicesOf.get(id) ?? none
			});
		}
	}
	return clients;
}

type ChannelCounts = { client: number; anonymous: number; none: number };

/**
 * Encounters of the units in the window per channel and subject. The whole UTC days inside the window
 * are summed from `encounter_day_counts` (kept by triggers); the part days at its two edges (the
 * window starts and ends at a Finnish midnight, 21:00 or 22:00 UTC) are counted from
 * `encounters_statistics_idx`, one short range per unit and channel.
 */
function loadEncounterCounts(db: OrgDbOrTx, window: Window, unitIds: readonly string[]): StatEncounterCount[] {
	const byChannel = new Map<string, ChannelCounts>();
	const add = (channel: string, subject: keyof ChannelCounts, count: number) => {
		const c = byChannel.get(channel) ?? { client: 0, anonymous: 0, none: 0 };
		c[subject] += count;
		byChannel.set(channel, c);
	};
	const { edges, days } = utcDays(windowInstants(window));
	for (const [from, to] of edges) {
		const rows = db.values<[channel: string, all: number, client: number, anonymous: number]>(
			sql`SELECT e.channel, COUNT(*), COUNT(e.client_id), COUNT(CASE WHEN e.client_id IS NULL THEN e.anonymous_contact_id END) FROM encounters e WHERE ${encounterInstants(unitIds, from, to)} GROUP BY e.unit_id, e.channel`
		);
		for (const [channel, all, client, anonymous] of rows) {
			add(channel, 'client', client);
			add(channel, 'anonymous', anonymous);
			add(channel, 'none', all - client - anonymous);
		}
	}
	if (days) {
		const rows = db.values<[channel: string, subject: keyof ChannelCounts, count: number]>(
			sql`SELECT d.channel, d.subject, SUM(d.count) FROM encounter_day_counts d WHERE ${inUnits(sql`d.unit_id`, unitIds)} AND d.day > ${days.after} AND d.day < ${days.before} GROUP BY 1, 2`
		);
		for (const [channel, subject, count] of rows) add(channel, subject, count);
	}
	const subjects = ['client', 'anonymous', 'none'] as const;
	return [...byChannel].flatMap(([channel, c]) => subjects.filter((subject) => c[subject] > 0).map((subject) => ({ channel, subject, count: c[subject] })));
}

/**
 * Anonymous contacts (live, not merged: a merged contact's encounters moved to its client) with an
 * encounter of the units in the window, per gender: one seek per contact in
 * `encounters_anonymous_time_idx`.
 */
function loadAnonymousCounts(db: OrgDbOrTx, window: Window, unitIds: readonly string[]): StatAnonymousCount[] {
	const { start, end } = windowInstants(window);
	const rows = db.values<[gender: string, count: number]>(
		sql`SELECT ac.gender, COUNT(*) FROM anonymous_contacts ac WHERE ac.deleted_at IS NULL AND ac.merged_into IS NULL AND EXISTS (SELECT 1 FROM encounters e WHERE e.anonymous_contact_id = ac.id AND e.deleted_at IS NULL AND e.anonymous_contact_id IS NOT NULL AND ${UTC_TIME} >= ${start} AND ${UTC_TIME} < ${end} AND ${inUnits(sql`e.unit_id`, unitIds)}) GROUP BY ac.gender`
	);
	return rows.map(([gender, count]) => ({ gender, count }));
}

/** Active users attached to any of the units, per role (a user with two roles counts under both) and in all. */
function loadStaff(db: OrgDbOrTx, unitIds: readonly string[]): { staff: StatStaffCount[]; staffTotal: number } {
	const rows = db.values<[roles: string]>(
		sql`SELECT u.roles FROM users u WHERE u.active = 1 AND u.deleted_at IS NULL AND EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND ${inUnits(sql`uu.unit_id`, unitIds)})`
	);
	const counts = new Map<Role, number>(ROLES.map((r) => [r, 0]));
	for (const [json] of rows) {
		for (const role of new Set(JSON.parse(json) as Role[])) if (counts.has(role)) counts.set(role, (counts.get(role) ?? 0) + 1);
	}
	return { staff: ROLES.map((role) => ({ role, count: counts.get(role) ?? 0 })), staffTotal: rows.length };
}

function loadPeriods(db: OrgDbOrTx, window: Window, unitIds: readonly string[], overrides: CodeOverrides): StatPeriod[] {
	const rows = db.values<[id: string, clientId: string, unitId: string, type: string, gender: string, startDate: string, endDate: string | null, placementAfter: string | null]>(
		sql`SELECT p.id, p.client_id, p.unit_id, p.type, c.gender, p.start_date, p.end_date, p.placement_after FROM coaching_periods p JOIN clients c ON c.id = p.client_id WHERE ${periodCondition(window, unitIds)}`
	);
	return rows.map(([id, clientId, unitId, type, gender, startDate, endDate, placementAfter]) => ({
		id,
		clientId,
		unitId,
		type,
		gender,
		startDate,
		endDate,
		placementAfter: nationalCode(PLACEMENTS, overrides, placementAfter)
	}));
}

/** Live marks within the window of the counted periods: days per status and reason, hours present. */
function loadAttendance(db: OrgDbOrTx, window: Window, unitIds: readonly string[]): StatAttendance {
	const rows = db.values<[status: string, reason: string | null, days: number, hours: number]>(
		sql`SELECT m.status, m.absence_reason, COUNT(*), TOTAL(m.hours) FROM attendance_marks m JOIN coaching_periods p ON p.id = m.period_id JOIN clients c ON c.id = p.client_id WHERE ${periodCondition(window, unitIds)} AND m.deleted_at IS NULL AND m.date >= ${window.from} AND m.date <= ${window.to} GROUP BY 1, 2`
	);
	let presentDays = 0;
	let presentHours = 0;
	const absentDays: Record<string, number> = {};
	for (const [status, reason, days, hours] of rows) {
		if (status === 'present') {
			presentDays += days;
			presentHours += hours;
		} else {
			const key = reason ?? 'other';
			absentDays[key] = (absentDays[key] ?? 0) + days;
		}
	}
	return { presentDays, presentHours, absentDays };
}

/** A participation with its participant number (the ESF participant file names people by it). */
export type EsfStatParticipation = StatEsfParticipation & { readonly participantNumber: number };

type EsfRow = [
	id: string,
	clientId: string,
	unitId: string,
	projectCode: string,
	participantNumber: number,
	gender: string,
	birthDate: string | null,
	birthYear: number | null,
	startDate: string,
	endDate: string | null,
	statusAtStart: string,
	educationAtStart: string,
	disadvantages: string,
	statusAtEnd: string | null,
	qualification: string | null
];

/**
 * The live participations of the units (of `project`, or all) with their live client's gender and
 * birth, disadvantages decrypted, by participant number.
 */
export function loadEsfParticipations(db: OrgDbOrTx, keyring: OrgKeyring, unitIds: readonly string[], project: string | null): EsfStatParticipation[] {
	const byProject = project === null ? sql`1 = 1` : sql`e.project_code = ${project}`;
	const rows = db.values<EsfRow>(
		sql`SELECT e.id, e.client_id, e.unit_id, e.project_code, e.participant_number, c.gender, c.birth_date, c.birth_year, e.start_date, e.end_date, e.employment_status_at_start, e.education_at_start, e.disadvantages, e.employment_status_at_end, e.qualification_gained FROM esf_participations e JOIN clients c ON c.id = e.client_id WHERE ${inUnits(sql`e.unit_id`, unitIds)} AND e.deleted_at IS NULL AND c.deleted_at IS NULL AND ${byProject} ORDER BY e.participant_number`
	);
	return rows.map(([id, clientId, unitId, projectCode, participantNumber, gender, birthDate, birthYear, startDate, endDate, statusAtStart, educationAtStart, disadvantages, statusAtEnd, qualification]) => {
		// The answer (codes and whether the participant declined) is one sealed value (db/esf-answer.ts).
		const answer = openEsfAnswer(keyring, id, disadvantages);
		return {
			id,
			clientId,
			unitId,
			projectCode,
			participantNumber,
			gender,
			birthDate,
			birthYear,
			startDate,
			endDate,
			employmentStatusAtStart: statusAtStart,
			educationAtStart,
			disadvantages: answer.disadvantages,
			disadvantageDeclined: answer.disadvantageDeclined,
			employmentStatusAtEnd: statusAtEnd,
			qualificationGained: qualification
		};
	});
}

/** What the `esf` report needs besides the window and units: the keyring (disadvantages) and the project. */
export type EsfFactsOptions = { keyring: OrgKeyring; esfProject?: string | null | undefined };

/**
 * The facts of report `reportId` for `window` (Finnish dates, both included) and `unitIds` (already
 * checked against the caller's scope). Reads only; no audit (the caller audits).
 */
export function loadReportFacts(
	db: OrgDb,
	reportId: ReportId,
	window: { from: string; to: string },
	unitIds: string[],
	codeOverrides: CodeOverrides,
	esf?: EsfFactsOptions
): ReportFacts {
	// One read transaction: every query sees the same snapshot (WAL), so the sections agree.
	return db.transaction((tx) => loadFacts(tx, reportId, window, unitIds, codeOverrides, esf), { behavior: 'deferred' });
}

function loadFacts(db: OrgDbOrTx, reportId: ReportId, window: Window, unitIds: readonly string[], codeOverrides: CodeOverrides, esf?: EsfFactsOptions): ReportFacts {
	const empty = { from: window.from, to: window.to, clients: [], encounters: [], anonymousContacts: [], staff: [], periods: [], attendance: EMPTY_ATTENDANCE };
	switch (reportId) {
		case 'youth-work':
			return {
				...empty,
				clients: loadClients(db, window, unitIds, codeOverrides),
				encounters: loadEncounterCounts(db, window, unitIds),
				anonymousContacts: loadAnonymousCounts(db, window, unitIds),
				...loadStaff(db, unitIds)
			};
		case 'workshop':
			return { ...empty, periods: loadPeriods(db, window, unitIds, codeOverrides), attendance: loadAttendance(db, window, unitIds) };
		case 'esf': {
			if (!esf) throw new Error('The esf report needs the organisation keyring (loadReportFacts options).');
			const project = esf.esfProject ?? null;
			return { ...empty, esfParticipations: loadEsfParticipations(db, esf.keyring, unitIds, project), esfProject: project };
		}
	}
}
