/**
 * Test fixtures of the workshop REST tests (PDF, attendance summary): periods and their records
 * inserted straight into the organisation's SQLite file with drizzle, encrypted with the same
 * field-token contexts the push appliers use (services/workshop-data.ts). The push itself is tested
 * by the sync tests; these tests are about what the REST routes read back.
 */
import { attendanceMarkId, type AbsenceReason, type CoachingPeriodFields, type GoalStatus, type Role } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { assessments, attendanceMarks, clients, coachingPeriods, coachingReports, goalNotes, goals } from '../../db/schema';
import { nextChangeSeq } from '../../services/sync-records.service';
import { goalNoteTextContext, goalTextContext, periodColumnsOf, reportTextContext } from '../../services/workshop-data';
import type { TestApp } from '../../test/create-test-app';

type Period = { id: string; clientId: string; unitId: string };

function meta(t: TestApp, createdBy: string) {
	const at = t.now().toISOString();
	return { version: 1, createdBy, createdAt: at, updatedAt: at, deletedAt: null as string | null };
}

/** Mon–Fri 6 h from 2026-02-02, open-ended, made by the coach, unless the options say otherwise. */
export function insertPeriod(
	t: TestApp,
	opts: { clientId: string; unit: 0 | 1 | 2; over?: Partial<CoachingPeriodFields>; deleted?: boolean; createdBy?: Role }
): Period {
	const id = randomUUID();
	const unitId = t.unitIds[opts.unit] ?? '';
	const fields: CoachingPeriodFields = {
		type: 'youth-workshop',
		workCoachId: null,
		individualCoachId: null,
		referringOrganisation: 'Etsivä nuorisotyö',
		referringContact: null,
		payingOrganisation: 'Kaupungin sosiaalipalvelut',
		payingContact: null,
		contractStart: '2026-02-02',
		contractEnd: null,
		daysPerWeek: 5,
		hoursPerDay: 6,
		weekdays: [1, 2, 3, 4, 5],
		priceCents: null,
		priceUnit: null,
		expenseCompensationCents: null,
		startDate: '2026-02-02',
		endDate: null,
		placementAfter: null,
		workTimePlan: 'ma–pe 8–14',
		...opts.over
	};
	t.org.write((tx) =>
		tx
			.insert(coachingPeriods)
			.values({
				id,
				clientId: opts.clientId,
				unitId,
				...periodColumnsOf(fields, id, t.org.keyring),
				...meta(t, t.userId(opts.createdBy ?? 'coach')),
				...(opts.deleted ? { deletedAt: t.now().toISOString() } : {}),
				changeSeq: nextChangeSeq(tx)
			})
			.run()
	);
	return { id, clientId: opts.clientId, unitId };
}

export type MarkSpec = { date: string; hours?: number; absent?: AbsenceReason; extraReason?: string; deleted?: boolean };

export function insertMarks(t: TestApp, period: Period, marks: MarkSpec[]): void {
	t.org.write((tx) => {
		for (const m of marks) {
			tx.insert(attendanceMarks)
				.values({
					id: m.deleted ? randomUUID() : attendanceMarkId(period.id, m.date),
					periodId: period.id,
					clientId: period.clientId,
					unitId: period.unitId,
					date: m.date,
					status: m.absent ? 'absent' : 'present',
					absenceReason: m.absent ?? null,
					hours: m.absent ? null : (m.hours ?? 6),
					extraReason: m.extraReason ?? null,
					updatedBy: t.userId('coach'),
					...meta(t, t.userId('coach')),
					...(m.deleted ? { deletedAt: t.now().toISOString() } : {}),
					changeSeq: nextChangeSeq(tx)
				})
				.run();
		}
	});
}

export function insertGoal(t: TestApp, period: Period, goal: { text: string; status: GoalStatus; targetDate?: string; notes?: { date: string; text: string }[] }): string {
	const id = randomUUID();
	t.org.write((tx) => {
		tx.insert(goals)
			.values({
				id,
				periodId: period.id,
				clientId: period.clientId,
				unitId: period.unitId,
				text: t.org.keyring.encryptField(goal.text, goalTextContext(id)),
				targetDate: goal.targetDate ?? null,
				status: goal.status,
				...meta(t, t.userId('coach')),
				changeSeq: nextChangeSeq(tx)
			})
			.run();
		for (const n of goal.notes ?? []) {
			const noteId = randomUUID();
			tx.insert(goalNotes)
				.values({
					id: noteId,
					periodId: period.id,
					clientId: period.clientId,
					unitId: period.unitId,
					goalId: id,
					date: n.date,
					text: t.org.keyring.encryptField(n.text, goalNoteTextContext(noteId)),
					...meta(t, t.userId('coach')),
					changeSeq: nextChangeSeq(tx)
				})
				.run();
		}
	});
	return id;
}

export function insertAssessment(t: TestApp, period: Period, a: { mode: 'self' | 'coach'; date: string; answers: Record<string, number | null> }): void {
	t.org.write((tx) =>
		tx
			.insert(assessments)
			.values({
				id: randomUUID(),
				periodId: period.id,
				clientId: period.clientId,
				unitId: period.unitId,
				instrumentId: 'social-empowerment',
				instrumentVersion: 1,
				mode: a.mode,
				date: a.date,
				answers: a.answers,
				...meta(t, t.userId('coach')),
				changeSeq: nextChangeSeq(tx)
			})
			.run()
	);
}

export function insertReport(t: TestApp, period: Period, r: { kind: 'interim' | 'final'; date: string; text: string; deleted?: boolean }): string {
	const id = randomUUID();
	t.org.write((tx) =>
		tx
			.insert(coachingReports)
			.values({
				id,
				periodId: period.id,
				clientId: period.clientId,
				unitId: period.unitId,
				kind: r.kind,
				date: r.date,
				text: t.org.keyring.encryptField(r.text, reportTextContext(id)),
				...meta(t, t.userId('coach')),
				...(r.deleted ? { deletedAt: t.now().toISOString() } : {}),
				changeSeq: nextChangeSeq(tx)
			})
			.run()
	);
	return id;
}

/** Sets a client's names as the record has them. */
export function nameClient(t: TestApp, clientId: string, names: { firstName: string | null; lastName: string | null; nickname: string | null }): void {
	t.org.write((tx) => tx.update(clients).set(names).where(eq(clients.id, clientId)).run());
}
