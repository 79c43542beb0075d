/**
 * `GET /api/coaching-reports/:id/pdf`: an interim report or final statement as PDF, drafted from the
 * server's decrypted data with the same `buildPeriodReport` the web's print view uses, so both show the
 * same figures.
 *
 * Scope (issue 5 contract): the report is reached through its period, under the `coaching-period` rule
 * for reading and for exporting; a report that is deleted, of a deleted period, or out of scope is a
 * 404 (never a 403 that would confirm it exists). Every download is audited
 * (`coaching-report.download`, no personal data in the detail).
 */
import { buildPeriodReport, type Locale, type PeriodReportContent } from '@polku/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import { assessments, attendanceMarks, clients, coachingPeriods, coachingReports, goalNotes, goals } from '../db/schema';
import { NotFound } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { getCodeOverrides } from './code-list.service';
import { renderPeriodReportPdf } from './pdf/period-report.pdf';
import { assessmentOf, goalNoteOf, goalOf, markOf, periodOf, periodReaches, reportOf } from './workshop-data';

/** The name a report or a summary shows: first and last name, else the nickname. */
export function participantName(client: { firstName: string | null; lastName: string | null; nickname: string | null } | undefined): string {
	if (!client) return '–';
	const names = [client.firstName, client.lastName].filter((s): s is string => !!s && s.trim() !== '').join(' ');
	return names || client.nickname || '–';
}

/** The report's content, or NotFound when the caller does not reach it (read and export). */
export function loadPeriodReport(org: OrgHandle, caller: Caller, reportId: string): { content: PeriodReportContent; kind: 'interim' | 'final'; date: string; periodId: string } {
	const db = org.db;
	const reportRow = db.select().from(coachingReports).where(eq(coachingReports.id, reportId)).get();
	if (!reportRow || reportRow.deletedAt !== null) throw new NotFound();
	const periodRow = db.select().from(coachingPeriods).where(eq(coachingPeriods.id, reportRow.periodId)).get();
	if (!periodRow || periodRow.deletedAt !== null) throw new NotFound();
	if (!periodReaches(caller, periodRow, 'coaching-period', 'read') || !periodReaches(caller, periodRow, 'coaching-period', 'export')) throw new NotFound();

	const keyring = org.keyring;
	const report = reportOf(reportRow, keyring);
	const period = periodOf(periodRow, keyring);
	const marks = db
		.select()
		.from(attendanceMarks)
		.where(and(eq(attendanceMarks.periodId, period.id), isNull(attendanceMarks.deletedAt)))
		.all()
		.map((r) => markOf(r));
	const goalList = db
		.select()
		.from(goals)
		.where(and(eq(goals.periodId, period.id), isNull(goals.deletedAt)))
		.orderBy(goals.createdAt, goals.id)
		.all()
		.map((r) => goalOf(r, keyring));
	const notes = db
		.select()
		.from(goalNotes)
		.where(and(eq(goalNotes.periodId, period.id), isNull(goalNotes.deletedAt)))
		.all()
		.map((r) => goalNoteOf(r, keyring));
	const assessmentList = db
		.select()
		.from(assessments)
		.where(and(eq(assessments.periodId, period.id), isNull(assessments.deletedAt)))
		.all()
		.map((r) => assessmentOf(r));
	const client = db.select({ firstName: clients.firstName, lastName: clients.lastName, nickname: clients.nickname }).from(clients).where(eq(clients.id, period.clientId)).get();

	const content = buildPeriodReport({
		report,
		participant: participantName(client),
		period,
		marks,
		goals: goalList,
		notes,
		assessments: assessmentList
	});
	return { content, kind: report.kind, date: report.date, periodId: period.id };
}

export type ReportPdf = { pdf: Buffer; filename: string };

/** The PDF and its file name (no names in it: `valiraportti-<date>.pdf`, `loppulausunto-<date>.pdf`). Audited. */
export async function periodReportPdf(ctx: AppContext, org: OrgHandle, caller: Caller, reportId: string, locale: Locale): Promise<ReportPdf> {
	const { content, kind, date, periodId } = loadPeriodReport(org, caller, reportId);
	const pdf = await renderPeriodReportPdf(content, { locale, printedAt: caller.now, codeOverrides: getCodeOverrides(ctx, org) });
	org.write((tx) =>
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'coaching-report.download',
			entity: 'coaching-report',
			entityId: reportId,
			address: caller.address,
			detail: { periodId, kind, date, lang: locale }
		})
	);
	return { pdf, filename: `${kind === 'final' ? 'loppulausunto' : 'valiraportti'}-${date}.pdf` };
}
