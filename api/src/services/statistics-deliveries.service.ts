/**
 * Deliveries (issue 6, point 4): producing a report for delivery freezes its figures. The report is
 * computed as `GET /api/statistics/reports/:reportId` would, then stored with the SHA-256 of its
 * canonical JSON; the table refuses UPDATE and DELETE (migration `statistics`), so what a funder got
 * can be shown and proven later, whatever the records say since.
 *
 * The previous delivery is the latest one of the same report, the same unit set and the same project
 * (`esf` only; any window); a delivery lists every cell whose display ("12", "<5", "×") differs from
 * it. Displays only: a change never reveals a suppressed value. Two projects' deliveries never chain.
 *
 * Scope: a delivery is visible to a caller whose statistics scope covers all its units (files: the
 * export scope), else 404. Producing one is audited `statistics.deliver`, each file `statistics.export`.
 */
import {
	cellDisplay,
	type Delivery,
	type DeliveryChange,
	type DeliverySummary,
	type Locale,
	type ReportId,
	type ResolvedWindow,
	type StatisticsCell,
	type StatisticsReport
} from '@polku/shared';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { statisticsDeliveries, units, users } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';
import { NotFound, ValidationFailed } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { statisticsCsv, statisticsXlsx } from './export/statistics.export';
import { statisticsPdf } from './pdf/statistics.pdf';
import { auditStatistics, buildStatisticsReport, chooseUnits, reportProject, requireDefinition, unitsInScope, type StatisticsAction } from './statistics.service';

type DeliveryRow = typeof statisticsDeliveries.$inferSelect;

export function reportHash(report: StatisticsReport): string {
	return createHash('sha256').update(canonicalJson(report)).digest('hex');
}

/** Each cell of a report by `<sectionId> <code>` (`total` for the section's total), in report order. */
function cellsOf(report: StatisticsReport): Map<string, { sectionId: string; code: string; cell: StatisticsCell }> {
	const cells = new Map<string, { sectionId: string; code: string; cell: StatisticsCell }>();
	for (const section of report.sections) {
		for (const row of section.rows) cells.set(`${section.id} ${row.code}`, { sectionId: section.id, code: row.code, cell: row.cell });
		cells.set(`${section.id} total`, { sectionId: section.id, code: 'total', cell: section.total });
	}
	return cells;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Every cell whose display differs between the two reports (cells only in one of them too). */
export function deliveryChanges(previous: StatisticsReport | null, current: StatisticsReport): DeliveryChange[] {
	if (!previous) return [];
	const before = cellsOf(previous);
	const after = cellsOf(current);
	const display = (cell: StatisticsCell | null, threshold: number) => (cell === null ? null : cellDisplay(cell, threshold));
	const changes: DeliveryChange[] = [];
	const add = (sectionId: string, code: string, p: StatisticsCell | null, c: StatisticsCell | null) => {
		if (display(p, previous.threshold) === display(c, current.threshold)) return;
		const change = p?.state === 'shown' && c?.state === 'shown' && p.value !== null && c.value !== null ? round(c.value - p.value) : null;
		changes.push({ sectionId, code, previous: p, current: c, change });
	};
	for (const [key, { sectionId, code, cell }] of after) add(sectionId, code, before.get(key)?.cell ?? null, cell);
	for (const [key, { sectionId, code, cell }] of before) if (!after.has(key)) add(sectionId, code, cell, null);
	return changes;
}

function namesOf(db: OrgDbOrTx, ids: string[]): Map<string, string> {
	if (ids.length === 0) return new Map();
	const rows = db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(ids)])).all();
	return new Map(rows.map((r) => [r.id, r.name]));
}

type DeliveryHead = Omit<DeliverySummary, 'changedCells'>;

function toHead(row: DeliveryRow, names: Map<string, string>): DeliveryHead {
	return {
		id: row.id,
		reportId: row.reportId,
		window: row.window,
		from: row.from,
		to: row.to,
		unitIds: row.unitIds,
		project: row.project,
		createdAt: row.createdAt,
		createdByName: names.get(row.createdBy) ?? '–',
		hash: row.hash,
		previousId: row.previousId
	};
}

function toDelivery(row: DeliveryRow, previous: DeliveryRow | null, names: Map<string, string>): Delivery {
	const changes = deliveryChanges(previous?.report ?? null, row.report);
	return {
		...toHead(row, names),
		changedCells: previous ? changes.length : null,
		report: row.report,
		previous: previous ? toHead(previous, names) : null,
		changes
	};
}

/** The unit set as stored: sorted JSON, so one set is one text. */
const unitKey = (unitIds: string[]) => JSON.stringify([...unitIds].sort());

/** `POST /api/statistics/deliveries`: computes, freezes and audits (`statistics.deliver`). */
export function createDelivery(
	ctx: AppContext,
	org: OrgHandle,
	caller: Caller,
	input: { reportId: ReportId; window: ResolvedWindow; unitIds?: string[] | undefined; project?: string | undefined }
): Delivery {
	const project = reportProject(input.reportId, input.project);
	const unitIds = chooseUnits(org.db, caller, input.unitIds, requireDefinition(input.reportId), 'export');
	if (unitIds.length === 0) throw new ValidationFailed([{ field: 'unitIds', code: 'too_small', message: 'There is no unit to report on.' }]);
	// Computed before the write lock is taken (the figures may take a second); the previous delivery is
	// looked up inside it, so two deliveries made at once still chain.
	const report = buildStatisticsReport(ctx, org, caller, input.reportId, input.window, unitIds, project);
	const hash = reportHash(report);
	const { row, previous } = org.write((tx) => {
		const previous =
			tx
				.select()
				.from(statisticsDeliveries)
				.where(
					and(
						eq(statisticsDeliveries.reportId, input.reportId),
						sql`${statisticsDeliveries.unitIds} = ${unitKey(unitIds)}`,
						project === null ? isNull(statisticsDeliveries.project) : eq(statisticsDeliveries.project, project)
					)
				)
				.orderBy(desc(statisticsDeliveries.createdAt), desc(sql`rowid`))
				.limit(1)
				.get() ?? null;
		const row: DeliveryRow = {
			id: randomUUID(),
			reportId: input.reportId,
			definitionVersion: report.definitionVersion,
			window: report.window,
			windowSpec: report.windowSpec,
			from: report.from,
			to: report.to,
			unitIds,
			report,
			project,
			hash,
			previousId: previous?.id ?? null,
			createdBy: caller.userId,
			createdAt: caller.now.toISOString()
		};
		tx.insert(statisticsDeliveries).values(row).run();
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'statistics.deliver',
			entity: 'statistics-delivery',
			entityId: row.id,
			address: caller.address,
			detail: { report: input.reportId, window: report.window, units: unitIds, ...(project ? { project } : {}), hash }
		});
		return { row, previous };
	});
	return toDelivery(row, previous, namesOf(org.db, [row.createdBy, ...(previous ? [previous.createdBy] : [])]));
}

/** Deliveries whose units all lie in the caller's scope. */
function inScope(db: OrgDbOrTx, caller: Caller, action: StatisticsAction): (row: DeliveryRow) => boolean {
	const ids = new Set(unitsInScope(db, caller, action).map((u) => u.id));
	return (row) => row.unitIds.every((id) => ids.has(id));
}

/** `GET /api/statistics/deliveries`: newest first. */
export function listDeliveries(org: OrgHandle, caller: Caller, query: { reportId?: ReportId | undefined }): { items: DeliverySummary[] } {
	const visible = inScope(org.db, caller, 'read');
	const rows = org.db
		.select()
		.from(statisticsDeliveries)
		.where(query.reportId ? eq(statisticsDeliveries.reportId, query.reportId) : undefined)
		.orderBy(desc(statisticsDeliveries.createdAt), desc(sql`rowid`))
		.all()
		.filter(visible);
	const byId = new Map(rows.map((r) => [r.id, r]));
	const previousIds = rows.flatMap((r) => (r.previousId && !byId.has(r.previousId) ? [r.previousId] : []));
	if (previousIds.length > 0) {
		for (const r of org.db.select().from(statisticsDeliveries).where(inArray(statisticsDeliveries.id, previousIds)).all()) byId.set(r.id, r);
	}
	const names = namesOf(
		org.db,
		rows.map((r) => r.createdBy)
	);
	return {
		items: rows.map((row) => {
			const previous = row.previousId ? (byId.get(row.previousId) ?? null) : null;
			return { ...toHead(row, names), changedCells: previous ? deliveryChanges(previous.report, row.report).length : null };
		})
	};
}

/** One delivery with its previous and the changes, or 404 outside the caller's scope. */
export function loadDelivery(org: OrgHandle, caller: Caller, id: string, action: StatisticsAction = 'read'): Delivery {
	const row = org.db.select().from(statisticsDeliveries).where(eq(statisticsDeliveries.id, id)).get();
	if (!row || !inScope(org.db, caller, action)(row)) throw new NotFound('No such delivery.');
	const previous = row.previousId ? (org.db.select().from(statisticsDeliveries).where(eq(statisticsDeliveries.id, row.previousId)).get() ?? null) : null;
	return toDelivery(row, previous, namesOf(org.db, [row.createdBy, ...(previous ? [previous.createdBy] : [])]));
}

export type DeliveryFormat = 'xlsx' | 'csv' | 'pdf';

export const DELIVERY_CONTENT_TYPES: Record<DeliveryFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pdf: 'application/pdf'
};

export type DeliveryFile = { body: Uint8Array<ArrayBuffer>; contentType: string; filename: string };

/** `GET /api/statistics/deliveries/:id/file.<format>`: audited `statistics.export`. Named `<report>[-<project>]-<window>.<ext>`. */
export async function exportDelivery(org: OrgHandle, caller: Caller, id: string, format: DeliveryFormat, locale: Locale): Promise<DeliveryFile> {
	const delivery = loadDelivery(org, caller, id, 'export');
	const unitRows = org.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, delivery.unitIds)).all();
	const file = { organisationName: org.name, delivery, unitNames: Object.fromEntries(unitRows.map((u) => [u.id, u.name])), locale };
	const bytes = format === 'csv' ? statisticsCsv(file) : format === 'xlsx' ? await statisticsXlsx(file) : await statisticsPdf(file);
	auditStatistics(
		org,
		caller,
		'statistics.export',
		{ deliveryId: id, report: delivery.reportId, window: delivery.window, units: delivery.unitIds, ...(delivery.project ? { project: delivery.project } : {}), format },
		id
	);
	return {
		body: new Uint8Array(bytes),
		contentType: DELIVERY_CONTENT_TYPES[format],
		filename: `${delivery.reportId}${delivery.project ? `-${delivery.project}` : ''}-${delivery.window.replaceAll(':', '-')}.${format}`
	};
}
