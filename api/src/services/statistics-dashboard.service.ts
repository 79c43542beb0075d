/**
 * The supervisor's dashboard (issue 6, point 3): clients and encounters per month, by unit and by
 * worker, and placements, for one window and the caller's units (statistics.service.ts scope).
 *
 * Definitions (as the youth-work report's, shared/statistics/definitions.ts):
 * - clients: live relationships overlapping the window (or the month), of the units; with a worker,
 *   only clients the worker is responsible for (`client_workers`);
 * - new clients: relationships that started within the month;
 * - encounters: live encounters of the units in the window (or month), Finnish time; with a worker,
 *   only those the worker recorded;
 * - placements: relationships that ended within the window, by placement (national code).
 * By worker: clients each worker is responsible for (a client with two workers counts under both)
 * and encounters each recorded.
 *
 * Every cell is suppressed as in reports (shared `suppress`): totals equal the sums of months
 * (encounters), of units (clients, encounters), of workers (encounters, with those recorded by anyone
 * not listed taken as known) and of placements (ended clients), so no hidden cell is recovered.
 */
import { DIMENSIONS, suppress, type Dashboard, type ResolvedWindow, type StatisticsCell } from '@polku/shared';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { NotFound } from '../lib/errors';
import type { Caller } from './caller';
import { encounterInstants, inUnits, utcDays, windowInstants } from './statistics-facts';
import { auditStatistics, chooseUnits, smallCellThreshold, unitsInScope, workersOf } from './statistics.service';

export type DashboardQuery = { window: ResolvedWindow; unitId?: string[] | undefined; workerId?: string | undefined };

type Month = { month: string; from: string; to: string };

/** The calendar months the window touches, each clipped to the window. */
export function monthsOf(window: { from: string; to: string }): Month[] {
	const months: Month[] = [];
	let first = `${window.from.slice(0, 7)}-01`;
	while (first <= window.to) {
		const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
		const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
		const last = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
		months.push({ month: first.slice(0, 7), from: first < window.from ? window.from : first, to: last > window.to ? window.to : last });
		first = next;
	}
	return months;
}

type ClientFact = { id: string; unitId: string; startDate: string; endDate: string | null; placement: string | null };

function loadClients(db: OrgDbOrTx, window: ResolvedWindow, unitIds: string[], workerId: string | undefined): ClientFact[] {
	const worker = workerId ? sql` AND EXISTS (SELECT 1 FROM client_workers cw WHERE cw.client_id = c.id AND cw.user_id = ${workerId})` : sql``;
	return db
		.values<[string, string, string, string | null, string | null]>(
			sql`SELECT c.id, c.unit_id, c.start_date, c.end_date, c.placement_at_end FROM clients c WHERE ${inUnits(sql`c.unit_id`, unitIds)} AND c.deleted_at IS NULL AND c.start_date IS NOT NULL AND c.start_date <= ${window.to} AND (c.end_date IS NULL OR c.end_date >= ${window.from})${worker}`
		)
		.map(([id, unitId, startDate, endDate, placement]) => ({ id, unitId, startDate, endDate, placement }));
}

/**
 * Encounter counts of the units in [from, to] (Finnish dates), grouped by `group` (or one row): the
 * whole UTC days from `encounter_author_day_counts` (kept by triggers), the part days at the edges
 * from the encounters themselves (statistics-facts.ts `utcDays`).
 */
export function countEncounters(db: OrgDbOrTx, range: { from: string; to: string }, unitIds: string[], workerId: string | undefined, group?: 'unit' | 'worker'): Map<string, number> {
	const counts = new Map<string, number>();
	const add = (rows: [string, number][]) => {
		for (const [key, n] of rows) counts.set(key, (counts.get(key) ?? 0) + n);
	};
	const { edges, days } = utcDays(windowInstants(range));
	const key = group === 'unit' ? sql`e.unit_id` : group === 'worker' ? sql`e.created_by` : sql`''`;
	const worker = workerId ? sql` AND e.created_by = ${workerId}` : sql``;
	for (const [from, to] of edges) add(db.values<[string, number]>(sql`SELECT ${key}, COUNT(*) FROM encounters e WHERE ${encounterInstants(unitIds, from, to)}${worker} GROUP BY 1`));
	if (days) {
		const dayKey = group === 'unit' ? sql`d.unit_id` : group === 'worker' ? sql`d.created_by` : sql`''`;
		const dayWorker = workerId ? sql` AND d.created_by = ${workerId}` : sql``;
		add(
			db.values<[string, number]>(
				sql`SELECT ${dayKey}, SUM(d.count) FROM encounter_author_day_counts d WHERE ${inUnits(sql`d.unit_id`, unitIds)} AND d.day > ${days.after} AND d.day < ${days.before}${dayWorker} GROUP BY 1`
			)
		);
	}
	return counts;
}

/** `GET /api/statistics/dashboard`: audited `statistics.dashboard-read`. */
export function readDashboard(ctx: AppContext, org: OrgHandle, caller: Caller, query: DashboardQuery): Dashboard {
	const db = org.db;
	const unitIds = chooseUnits(db, caller, query.unitId, null);
	const scopeUnits = unitsInScope(db, caller);
	const workers = workersOf(
		db,
		scopeUnits.map((u) => u.id)
	);
	const workerId = query.workerId;
	if (workerId !== undefined && !workers.some((w) => w.id === workerId)) throw new NotFound('No such worker in your statistics scope.');
	const listed = workerId === undefined ? workers : workers.filter((w) => w.id === workerId);
	const window = query.window;
	const threshold = smallCellThreshold(ctx, org);

	const { clients, responsible, months, encounterTotal, byUnitEncounters, byWorkerEncounters } = db.transaction(
		(tx) => {
			const clients = unitIds.length === 0 ? [] : loadClients(tx, window, unitIds, workerId);
			const responsible = new Map<string, number>();
			if (clients.length > 0 && listed.length > 0) {
				const rows = tx.values<[string, number]>(
					sql`SELECT cw.user_id, COUNT(*) FROM client_workers cw WHERE cw.user_id IN (SELECT value FROM json_each(${JSON.stringify(listed.map((w) => w.id))})) AND cw.client_id IN (SELECT value FROM json_each(${JSON.stringify(clients.map((c) => c.id))})) GROUP BY 1`
				);
				for (const [userId, n] of rows) responsible.set(userId, n);
			}
			const none = new Map<string, number>();
			const months = monthsOf(window).map((m) => ({ ...m, encounters: unitIds.length === 0 ? 0 : (countEncounters(tx, m, unitIds, workerId).get('') ?? 0) }));
			return {
				clients,
				responsible,
				months,
				encounterTotal: unitIds.length === 0 ? 0 : (countEncounters(tx, window, unitIds, workerId).get('') ?? 0),
				byUnitEncounters: unitIds.length === 0 ? none : countEncounters(tx, window, unitIds, workerId, 'unit'),
				byWorkerEncounters: unitIds.length === 0 ? none : countEncounters(tx, window, unitIds, workerId, 'worker')
			};
		},
		{ behavior: 'deferred' }
	);

	const values: Record<string, number> = {};
	const equations: { total: string; parts: string[] }[] = [];
	const exempt = new Set<string>();
	const ended = clients.filter((c) => c.endDate !== null && c.endDate <= window.to);
	values['total:clients'] = clients.length;
	values['total:encounters'] = encounterTotal;
	values['total:ended'] = ended.length;
	for (const m of months) {
		values[`month:${m.month}:new`] = clients.filter((c) => c.startDate >= m.from && c.startDate <= m.to).length;
		values[`month:${m.month}:active`] = clients.filter((c) => c.startDate <= m.to && (c.endDate === null || c.endDate >= m.from)).length;
		values[`month:${m.month}:encounters`] = m.encounters;
	}
	equations.push({ total: 'total:encounters', parts: months.map((m) => `month:${m.month}:encounters`) });
	for (const unitId of unitIds) {
		values[`unit:${unitId}:clients`] = clients.filter((c) => c.unitId === unitId).length;
		values[`unit:${unitId}:encounters`] = byUnitEncounters.get(unitId) ?? 0;
	}
	equations.push({ total: 'total:clients', parts: unitIds.map((id) => `unit:${id}:clients`) });
	equations.push({ total: 'total:encounters', parts: unitIds.map((id) => `unit:${id}:encounters`) });
	let listedEncounters = 0;
	for (const w of listed) {
		values[`worker:${w.id}:clients`] = responsible.get(w.id) ?? 0;
		values[`worker:${w.id}:encounters`] = byWorkerEncounters.get(w.id) ?? 0;
		listedEncounters += byWorkerEncounters.get(w.id) ?? 0;
	}
	// Encounters recorded by people not listed: never shown, so taken as known to an attacker (safe).
	values['worker:others:encounters'] = encounterTotal - listedEncounters;
	exempt.add('worker:others:encounters');
	equations.push({ total: 'total:encounters', parts: [...listed.map((w) => `worker:${w.id}:encounters`), 'worker:others:encounters'] });
	const placementCodes = DIMENSIONS.placement.categories.map((c) => c.code as string);
	const known = new Set(placementCodes);
	for (const code of placementCodes) values[`placement:${code}`] = 0;
	for (const c of ended) {
		const code = c.placement === null ? 'unknown' : known.has(c.placement) ? c.placement : 'other';
		values[`placement:${code}`] = (values[`placement:${code}`] ?? 0) + 1;
	}
	equations.push({ total: 'total:ended', parts: placementCodes.map((code) => `placement:${code}`) });

	const states = suppress({ values, equations, exempt }, threshold);
	const cell = (id: string): StatisticsCell => {
		const state = states[id] ?? 'shown';
		return { value: state === 'shown' ? (values[id] ?? 0) : null, state };
	};
	const unitNames = new Map(scopeUnits.map((u) => [u.id, u.name]));
	auditStatistics(org, caller, 'statistics.dashboard-read', { window: window.id, units: unitIds, workerId: workerId ?? null });
	return {
		window: window.id,
		from: window.from,
		to: window.to,
		unitIds,
		workerId: workerId ?? null,
		threshold,
		months: months.map((m) => ({
			month: m.month,
			newClients: cell(`month:${m.month}:new`),
			activeClients: cell(`month:${m.month}:active`),
			encounters: cell(`month:${m.month}:encounters`)
		})),
		byUnit: [...unitIds].sort((a, b) => (unitNames.get(a) ?? '').localeCompare(unitNames.get(b) ?? '', 'fi') || a.localeCompare(b)).map((id) => ({ unitId: id, name: unitNames.get(id) ?? '–', clients: cell(`unit:${id}:clients`), encounters: cell(`unit:${id}:encounters`) })),
		byWorker: listed.map((w) => ({ workerId: w.id, name: w.displayName, clients: cell(`worker:${w.id}:clients`), encounters: cell(`worker:${w.id}:encounters`) })),
		placements: placementCodes.map((code) => ({ code, cell: cell(`placement:${code}`) })),
		totals: { clients: cell('total:clients'), encounters: cell('total:encounters'), endedClients: cell('total:ended') }
	};
}
