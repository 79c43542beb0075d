/**
 * The statistics engine (issue 6): counts a report definition (./definitions.ts) over the facts the
 * server loaded for one window and set of units (./facts.ts), then suppresses small cells
 * (./suppression.ts). Pure and synchronous: the same facts always give the same figures.
 *
 * Quantity ids: `pop:<population>` for a population's total, `<sectionId>:<code>` for a row. Each
 * section that is not `multi` is one equation, total = Σ rows, so a hidden row cannot be recovered
 * from its total; sections of one population share the total. Rows keep the definition's order and
 * every category is present (zeros included).
 *
 * Classification (see definitions.ts for the populations): a null code counts as `unknown`; a code not
 * among a dimension's categories counts as `other` when the dimension has one, else as `unknown`.
 * Age and length are computed here (ageOn, wholeMonths), with Finnish date rules: a birthday on the
 * date counts as turned, and a month from the 31st is complete on the last day of a shorter month.
 * ESF participations are first combined per client and project (`combineEsfParticipations`).
 */
import { motherTongueGroup, type MotherTongue } from '../codes/client-codes';
import { esfAgeGroupOf } from '../codes/esf-codes';
import { ABSENCE_REASONS } from '../codes/workshop-codes';
import type { CellState, StatisticsCell, StatisticsSection } from '../schemas/statistics';
import {
	AGE_GROUPS,
	DIMENSIONS,
	RELATIONSHIP_LENGTHS,
	type DimensionId,
	type PopulationId,
	type ReportDefinition,
	type SectionDefinition
} from './definitions';
import type { ReportFacts, StatClient, StatEsfParticipation, StatPeriod } from './facts';
import { suppress, type SuppressionTable } from './suppression';

export interface CountedSection {
	readonly id: string;
	readonly rows: { code: string; value: number }[];
	readonly total: number;
}

/** Raw counts of a report, shaped for `suppress` (values, equations, exempt). */
export interface ReportCounts extends SuppressionTable {
	sections: CountedSection[];
	values: Record<string, number>;
	equations: { total: string; parts: string[] }[];
	exempt: Set<string>;
}

export const populationQuantity = (population: PopulationId): string => `pop:${population}`;
export const rowQuantity = (sectionId: string, code: string): string => `${sectionId}:${code}`;

// ---------------------------------------------------------------------------------------------
// Dates

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
	return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Age in whole years on `date` (ISO). With only the birth year, born 1 July of it. A birthday on the
 * date counts as turned; born 29 February, the birthday is 28 February in other years. Null when
 * nothing is known of the birth.
 */
export function ageOn(birthDate: string | null, birthYear: number | null, date: string): number | null {
	let birth = birthDate;
	if (birth === null) {
		if (birthYear === null) return null;
		birth = `${String(birthYear).padStart(4, '0')}-07-01`;
	}
	const year = Number(date.slice(0, 4));
	const years = year - Number(birth.slice(0, 4));
	let birthday = birth.slice(5, 10);
	if (birthday === '02-29' && !isLeapYear(year)) birthday = '02-28';
	return date.slice(5, 10) < birthday ? years - 1 : years;
}

/** The AGE_GROUPS code of an age; `unknown` for no age (or a birth after the date). */
export function ageGroupOf(age: number | null): string {
	if (age === null || !Number.isFinite(age) || age < 0) return 'unknown';
	for (const group of AGE_GROUPS) if (age >= group.min && age <= group.max) return group.code;
	return 'unknown';
}

/**
 * Whole calendar months from `from` to `to` (ISO dates): a month from the 15th is complete on the
 * 15th of the next month, a month from the 31st on the last day of a shorter month. Negative when
 * `to` is before `from`.
 */
export function wholeMonths(from: string, to: string): number {
	if (to < from) return -wholeMonths(to, from);
	const y1 = Number(from.slice(0, 4));
	const m1 = Number(from.slice(5, 7));
	const d1 = Number(from.slice(8, 10));
	const y2 = Number(to.slice(0, 4));
	const m2 = Number(to.slice(5, 7));
	const d2 = Number(to.slice(8, 10));
	const months = (y2 - y1) * 12 + (m2 - m1);
	return d2 < Math.min(d1, daysInMonth(y2, m2)) ? months - 1 : months;
}

/** The RELATIONSHIP_LENGTHS code of a relationship from `start` to `end`; `unknown` without both. */
export function lengthBandOf(start: string | null, end: string | null): string {
	if (start === null || end === null || end < start) return 'unknown';
	const months = wholeMonths(start, end);
	for (const band of RELATIONSHIP_LENGTHS) if (months >= band.min && months <= band.max) return band.code;
	return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Rows

/** Row index of each code of a dimension, with the rule for codes outside it. */
interface RowIndex {
	readonly codes: readonly string[];
	/** -1: not counted (a dimension with neither `other` nor `unknown`, e.g. roles). */
	of(code: string | null): number;
}

function rowIndex(dimension: DimensionId): RowIndex {
	const codes = (DIMENSIONS[dimension].categories as readonly { code: string }[]).map((c) => c.code);
	const map = new Map(codes.map((code, i) => [code, i]));
	const unknown = map.get('unknown') ?? -1;
	const fallback = map.get('other') ?? unknown;
	return {
		codes,
		of: (code) => (code === null ? unknown : (map.get(code) ?? fallback))
	};
}

interface Counter {
	readonly section: SectionDefinition;
	readonly rows: RowIndex;
	readonly counts: number[];
}

type ClientRule = (client: StatClient, from: string) => string | null;

/** Single-category dimensions of a client relationship. */
const CLIENT_RULES: Partial<Record<DimensionId, ClientRule>> = {
	'client-status': (c, from) => (c.startDate! >= from ? 'new' : 'continuing'),
	gender: (c) => c.gender,
	'age-group': (c) => ageGroupOf(ageOn(c.birthDate, c.birthYear, c.startDate!)),
	'mother-tongue-group': (c) => motherTongueGroup(c.motherTongue as MotherTongue | null),
	'main-activity': (c) => c.mainActivityAtStart,
	'referral-source': (c) => c.referralSource,
	placement: (c) => c.placementAtEnd,
	'relationship-length': (c) => lengthBandOf(c.startDate, c.endDate)
};

const PERIOD_RULES: Partial<Record<DimensionId, (p: StatPeriod) => string | null>> = {
	'period-type': (p) => p.type,
	gender: (p) => p.gender,
	placement: (p) => p.placementAfter
};

/** Single-category dimensions of an ESF participant (combined per client and project). */
const ESF_RULES: Partial<Record<DimensionId, (p: StatEsfParticipation) => string | null>> = {
	'esf-gender': (p) => p.gender,
	'esf-age-group': (p) => esfAgeGroupOf(ageOn(p.birthDate, p.birthYear, p.startDate)),
	'esf-employment-status': (p) => p.employmentStatusAtStart,
	'esf-isced': (p) => p.educationAtStart,
	'esf-end-status': (p) => p.employmentStatusAtEnd,
	'esf-qualification': (p) => p.qualificationGained
};

/** Which dimensions each population can be counted by (a definition outside this is a bug). */
const SUPPORTED: Record<PopulationId, readonly DimensionId[]> = {
	clients: [...(Object.keys(CLIENT_RULES) as DimensionId[]), 'service-type'],
	'clients-ended': [...(Object.keys(CLIENT_RULES) as DimensionId[]), 'service-type'],
	'anonymous-contacts': ['gender'],
	encounters: ['encounter-channel', 'encounter-subject'],
	staff: ['role'],
	periods: Object.keys(PERIOD_RULES) as DimensionId[],
	participants: ['period-type', 'gender'],
	'periods-ended': Object.keys(PERIOD_RULES) as DimensionId[],
	attendance: ['attendance'],
	'esf-participants': [...(Object.keys(ESF_RULES) as DimensionId[]), 'esf-disadvantage'],
	'esf-leavers': [...(Object.keys(ESF_RULES) as DimensionId[]), 'esf-disadvantage']
};

// ---------------------------------------------------------------------------------------------
// Counting

/** The raw counts of a report over the facts: every row of every section, and each population's total. */
export function countReport(def: ReportDefinition, facts: ReportFacts): ReportCounts {
	const { from, to } = facts;
	const counters = def.sections.map((section): Counter => {
		if (!SUPPORTED[section.population].includes(section.dimension)) {
			throw new Error(`Statistics: no rule to count ${section.population} by ${section.dimension} (section ${section.id})`);
		}
		const rows = rowIndex(section.dimension);
		return { section, rows, counts: rows.codes.map(() => 0) };
	});
	const of = (population: PopulationId) => counters.filter((c) => c.section.population === population);
	const needed = new Set<PopulationId>(def.sections.flatMap((s) => (s.basis ? [s.population, s.basis] : [s.population])));
	const totals = new Map<PopulationId, number>();

	if (needed.has('clients') || needed.has('clients-ended')) {
		const [clientTotal, endedTotal] = countClients(facts.clients, from, to, of('clients'), of('clients-ended'));
		totals.set('clients', clientTotal);
		totals.set('clients-ended', endedTotal);
	}
	if (needed.has('periods') || needed.has('periods-ended') || needed.has('participants')) {
		const [periods, ended, participants] = countPeriods(facts.periods, from, to, of('periods'), of('periods-ended'), of('participants'));
		totals.set('periods', periods);
		totals.set('periods-ended', ended);
		totals.set('participants', participants);
	}
	if (needed.has('anonymous-contacts')) {
		totals.set('anonymous-contacts', countWeighted(facts.anonymousContacts, of('anonymous-contacts'), () => (a) => a.gender));
	}
	if (needed.has('encounters')) {
		totals.set(
			'encounters',
			countWeighted(facts.encounters, of('encounters'), (dimension) => (dimension === 'encounter-channel' ? (e) => e.channel : (e) => e.subject))
		);
	}
	if (needed.has('staff')) {
		const byRole = countWeighted(facts.staff, of('staff'), () => (s) => s.role);
		// A user with two roles is one person: the distinct count when the loader gives it.
		totals.set('staff', facts.staffTotal ?? byRole);
	}
	if (needed.has('attendance')) totals.set('attendance', countAttendance(facts, of('attendance')));
	if (needed.has('esf-participants') || needed.has('esf-leavers')) {
		const [participants, leavers] = countEsf(facts, of('esf-participants'), of('esf-leavers'));
		totals.set('esf-participants', participants);
		totals.set('esf-leavers', leavers);
	}

	const values: Record<string, number> = {};
	const equations: { total: string; parts: string[] }[] = [];
	const exempt = new Set<string>();
	for (const population of needed) values[populationQuantity(population)] = totals.get(population) ?? 0;
	const sections = counters.map(({ section, rows, counts }): CountedSection => {
		const ids = rows.codes.map((code) => rowQuantity(section.id, code));
		ids.forEach((id, i) => (values[id] = counts[i]!));
		const total = totals.get(section.population) ?? 0;
		const quiet = section.suppress === false || section.basis !== undefined;
		if (quiet) for (const id of ids) exempt.add(id);
		// Σ rows = total holds for every non-multi dimension (each has `unknown` or `other`); checked
		// anyway, as an equation that does not hold would mislead the suppression.
		if (!section.multi && counts.reduce((a, b) => a + b, 0) === total) {
			equations.push({ total: populationQuantity(section.population), parts: ids });
		}
		return { id: section.id, rows: rows.codes.map((code, i) => ({ code, value: counts[i]! })), total };
	});
	// A total is exempt only when every section showing it is.
	for (const population of needed) {
		const showing = def.sections.filter((s) => s.population === population);
		if (showing.length > 0 && showing.every((s) => s.suppress === false || s.basis !== undefined)) exempt.add(populationQuantity(population));
	}
	return { sections, values, equations, exempt };
}

function countClients(clients: readonly StatClient[], from: string, to: string, active: Counter[], ended: Counter[]): [number, number] {
	const single = (counters: Counter[]) =>
		counters.filter((c) => c.section.dimension !== 'service-type').map((c) => ({ counts: c.counts, rows: c.rows, rule: CLIENT_RULES[c.section.dimension]! }));
	const activeSingle = single(active);
	const endedSingle = single(ended);
	const services = [...active, ...ended].filter((c) => c.section.dimension === 'service-type').map((c) => ({ counter: c, ended: ended.includes(c) }));
	const serviceRows = rowIndex('service-type');
	const noneRow = serviceRows.codes.indexOf('none');
	// Per service row, the last client counted there: a client counts once per service type.
	const lastSeen = new Int32Array(serviceRows.codes.length).fill(-1);
	let activeTotal = 0;
	let endedTotal = 0;
	for (let i = 0; i < clients.length; i++) {
		const c = clients[i]!;
		const start = c.startDate;
		if (start === null || start > to || (c.endDate !== null && c.endDate < from)) continue;
		activeTotal++;
		for (const s of activeSingle) {
			const row = s.rows.of(s.rule(c, from));
			if (row >= 0) s.counts[row]!++;
		}
		const isEnded = c.endDate !== null && c.endDate <= to;
		if (isEnded) {
			endedTotal++;
			for (const s of endedSingle) {
				const row = s.rows.of(s.rule(c, from));
				if (row >= 0) s.counts[row]!++;
			}
		}
		if (services.length === 0) continue;
		let any = false;
		for (const service of c.services) {
			if (service.startDate > to || (service.endDate !== null && service.endDate < from)) continue;
			const row = serviceRows.of(service.type);
			if (row < 0 || lastSeen[row] === i) continue;
			lastSeen[row] = i;
			any = true;
			for (const s of services) if (!s.ended || isEnded) s.counter.counts[row]!++;
		}
		if (!any && noneRow >= 0) for (const s of services) if (!s.ended || isEnded) s.counter.counts[noneRow]!++;
	}
	return [activeTotal, endedTotal];
}

function countPeriods(
	periods: readonly StatPeriod[],
	from: string,
	to: string,
	active: Counter[],
	ended: Counter[],
	participantCounters: Counter[]
): [number, number, number] {
	const rule = (c: Counter) => ({ counts: c.counts, rows: c.rows, rule: PERIOD_RULES[c.section.dimension]! });
	const activeRules = active.map(rule);
	const endedRules = ended.map(rule);
	// Participants: distinct clients; gender from their first period here, types as a set.
	const participants = new Map<string, { gender: string; types: Set<string> }>();
	let activeTotal = 0;
	let endedTotal = 0;
	for (const p of periods) {
		if (p.startDate > to || (p.endDate !== null && p.endDate < from)) continue;
		activeTotal++;
		for (const r of activeRules) {
			const row = r.rows.of(r.rule(p));
			if (row >= 0) r.counts[row]!++;
		}
		if (p.endDate !== null && p.endDate <= to) {
			endedTotal++;
			for (const r of endedRules) {
				const row = r.rows.of(r.rule(p));
				if (row >= 0) r.counts[row]!++;
			}
		}
		const participant = participants.get(p.clientId);
		if (participant) participant.types.add(p.type);
		else participants.set(p.clientId, { gender: p.gender, types: new Set([p.type]) });
	}
	for (const counter of participantCounters) {
		for (const { gender, types } of participants.values()) {
			if (counter.section.dimension === 'gender') {
				const row = counter.rows.of(gender);
				if (row >= 0) counter.counts[row]!++;
			} else {
				const rows = new Set<number>();
				for (const type of types) rows.add(counter.rows.of(type));
				for (const row of rows) if (row >= 0) counter.counts[row]!++;
			}
		}
	}
	return [activeTotal, endedTotal, participants.size];
}

/**
 * One participant per client and project (DOMAIN.md §4.1): the start fields of the earliest start,
 * the end fields of the latest end; open when any record is open. Ties go to the smaller id, so the
 * result does not depend on the order of the rows. Returned in the order of first appearance.
 */
export function combineEsfParticipations(rows: readonly StatEsfParticipation[]): StatEsfParticipation[] {
	const groups = new Map<string, StatEsfParticipation[]>();
	for (const row of rows) {
		const key = `${row.clientId}\u0000${row.projectCode}`;
		const group = groups.get(key);
		if (group) group.push(row);
		else groups.set(key, [row]);
	}
	const out: StatEsfParticipation[] = [];
	for (const group of groups.values()) {
		if (group.length === 1) {
			out.push(group[0]!);
			continue;
		}
		let first = group[0]!;
		let last = group[0]!;
		for (const row of group) {
			if (row.startDate < first.startDate || (row.startDate === first.startDate && row.id < first.id)) first = row;
			const later = last.endDate !== null && (row.endDate === null || row.endDate > last.endDate || (row.endDate === last.endDate && row.id < last.id));
			if (later) last = row;
		}
		const open = last.endDate === null;
		out.push({
			...first,
			endDate: open ? null : last.endDate,
			employmentStatusAtEnd: open ? null : last.employmentStatusAtEnd,
			qualificationGained: open ? null : last.qualificationGained
		});
	}
	return out;
}

/** The rows of the disadvantage dimension a participant falls in: declined, none, or each code given. */
function disadvantageRows(p: StatEsfParticipation, rows: RowIndex): number[] {
	if (p.disadvantageDeclined) return [rows.of('declined')];
	if (p.disadvantages.length === 0) return [rows.of('none')];
	return [...new Set(p.disadvantages.map((code) => rows.of(code)))];
}

function countEsf(facts: ReportFacts, active: Counter[], ended: Counter[]): [number, number] {
	const { from, to } = facts;
	const project = facts.esfProject ?? null;
	const rows = facts.esfParticipations ?? [];
	const participants = combineEsfParticipations(project === null ? rows : rows.filter((r) => r.projectCode === project));
	const count = (counters: Counter[], p: StatEsfParticipation) => {
		for (const c of counters) {
			const found = c.section.dimension === 'esf-disadvantage' ? disadvantageRows(p, c.rows) : [c.rows.of(ESF_RULES[c.section.dimension]!(p))];
			for (const row of found) if (row >= 0) c.counts[row]!++;
		}
	};
	let activeTotal = 0;
	let endedTotal = 0;
	for (const p of participants) {
		if (p.startDate > to || (p.endDate !== null && p.endDate < from)) continue;
		activeTotal++;
		count(active, p);
		if (p.endDate !== null && p.endDate <= to) {
			endedTotal++;
			count(ended, p);
		}
	}
	return [activeTotal, endedTotal];
}

/** Pre-aggregated facts: each item adds its `count` to the row its code maps to. */
function countWeighted<T extends { readonly count: number }>(
	items: readonly T[],
	counters: Counter[],
	codeOf: (dimension: DimensionId) => (item: T) => string
): number {
	let total = 0;
	for (const item of items) total += item.count;
	for (const counter of counters) {
		const code = codeOf(counter.section.dimension);
		for (const item of items) {
			const row = counter.rows.of(code(item));
			if (row >= 0) counter.counts[row]! += item.count;
		}
	}
	return total;
}

/** Attendance rows are measures (days present, hours present, days absent per reason); total: days marked. */
function countAttendance(facts: ReportFacts, counters: Counter[]): number {
	const { presentDays, presentHours, absentDays } = facts.attendance;
	const reasons = new Set<string>(ABSENCE_REASONS.entries.map((e) => e.code));
	let total = presentDays;
	for (const counter of counters) {
		const add = (code: string, value: number) => {
			const row = counter.rows.codes.indexOf(code);
			if (row >= 0) counter.counts[row]! += value;
		};
		add('present-days', presentDays);
		add('present-hours', presentHours);
		for (const [reason, days] of Object.entries(absentDays)) add(`absent-${reasons.has(reason) ? reason : 'other'}`, days);
	}
	for (const days of Object.values(absentDays)) total += days;
	return total;
}

// ---------------------------------------------------------------------------------------------
// The report

/**
 * A report's sections with small cells suppressed: `suppress` on the counts, then `basis` sections
 * (sums such as attendance days and hours) are wholly hidden ("×", complementary: the group is
 * small, not the sum) when their basis population is 0 < n < threshold. A suppressed cell carries no
 * value.
 */
export function computeReport(def: ReportDefinition, facts: ReportFacts, options: { threshold: number }): StatisticsSection[] {
	const counts = countReport(def, facts);
	const states = suppress(counts, options.threshold);
	return def.sections.map((section, i): StatisticsSection => {
		const counted = counts.sections[i]!;
		let override: CellState | undefined;
		if (section.basis !== undefined) {
			const basis = counts.values[populationQuantity(section.basis)] ?? 0;
			override = basis > 0 && basis < options.threshold ? 'complementary' : 'shown';
		}
		// Beside a small total, zeros read "<5" too (suppression.ts); multi sections have no equation.
		const smallTotal = states[populationQuantity(section.population)] === 'primary' && section.suppress !== false;
		const cell = (id: string, value: number): StatisticsCell => {
			const state = override ?? (smallTotal && value === 0 ? 'primary' : (states[id] ?? 'shown'));
			return { value: state === 'shown' ? value : null, state };
		};
		return {
			id: section.id,
			rows: counted.rows.map((row) => ({ code: row.code, cell: cell(rowQuantity(section.id, row.code), row.value) })),
			total: cell(populationQuantity(section.population), counted.total)
		};
	});
}
