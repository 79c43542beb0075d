/**
 * ESF participant data for statistics (issue 6, DOMAIN.md §4): the participations the `esf` report
 * counts (statistics-facts.ts) and the participant file a project transfers
 * (`GET /api/statistics/esf/participants.csv|.xlsx`).
 *
 * - Scope: the units of the caller's `statistics` scope, like every report (statistics.service.ts);
 *   a unit out of scope is a 404. The file needs `statistics` export.
 * - One participant per client per project (`combineEsfParticipations`), counted when that span
 *   overlaps the window. Tombstoned participations and clients (deleted, merged away) never count.
 * - The file names nobody: the participant number stands for the person. Every download is audited
 *   (`statistics.export`), the detail holding the window, units, project, format and row count.
 */
import { ageOn, combineEsfParticipations, ESF_REPORT, type Locale, type ResolvedWindow } from '@polku/shared';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import type { Caller } from './caller';
import { esfParticipantsCsv, esfParticipantsXlsx, type EsfParticipantRow } from './export/esf-participants.export';
import { loadEsfParticipations, type EsfStatParticipation } from './statistics-facts';
import { auditStatistics, chooseUnits } from './statistics.service';

/** The participants of the window (one per client per project), by participant number. */
export function esfParticipantRows(participations: readonly EsfStatParticipation[], window: { from: string; to: string }): EsfParticipantRow[] {
	const numbers = new Map(participations.map((p) => [p.id, p.participantNumber]));
	return combineEsfParticipations(participations)
		.filter((p) => p.startDate <= window.to && (p.endDate === null || p.endDate >= window.from))
		.map((p) => ({
			participantNumber: numbers.get(p.id) ?? 0,
			projectCode: p.projectCode,
			startDate: p.startDate,
			ageAtStart: ageOn(p.birthDate, p.birthYear, p.startDate),
			gender: p.gender,
			employmentStatusAtStart: p.employmentStatusAtStart,
			educationAtStart: p.educationAtStart,
			disadvantages: p.disadvantages,
			disadvantageDeclined: p.disadvantageDeclined,
			endDate: p.endDate,
			employmentStatusAtEnd: p.employmentStatusAtEnd,
			qualificationGained: p.qualificationGained
		}))
		.sort((a, b) => a.participantNumber - b.participantNumber);
}

export type EsfParticipantsQuery = { window: ResolvedWindow; project?: string | undefined; unitId?: string[] | undefined };
export type EsfFileFormat = 'csv' | 'xlsx';

const CONTENT_TYPES: Record<EsfFileFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/** `GET /api/statistics/esf/participants.<format>`: the file, audited `statistics.export`. */
export async function exportEsfParticipants(
	_ctx: AppContext,
	org: OrgHandle,
	caller: Caller,
	query: EsfParticipantsQuery,
	locale: Locale,
	format: EsfFileFormat
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string; filename: string }> {
	const unitIds = chooseUnits(org.db, caller, query.unitId, ESF_REPORT, 'export');
	const project = query.project ?? null;
	const rows = esfParticipantRows(loadEsfParticipations(org.db, org.keyring, unitIds, project), query.window);
	const file = { rows, locale, createdAt: caller.now };
	const bytes = format === 'csv' ? esfParticipantsCsv(file) : await esfParticipantsXlsx(file);
	auditStatistics(org, caller, 'statistics.export', { report: 'esf-participants', window: query.window.id, units: unitIds, project, format, rows: rows.length });
	return {
		body: new Uint8Array(bytes),
		contentType: CONTENT_TYPES[format],
		filename: `esf-participants-${project ?? 'all'}-${query.window.id.replaceAll(':', '-')}.${format}`
	};
}
