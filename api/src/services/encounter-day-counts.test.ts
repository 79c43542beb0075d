/**
 * `encounter_day_counts` and `encounter_author_day_counts` (migrations 0008, 0009): the per-day counts
 * the statistics read for the whole days of a window are kept by triggers on `encounters`. After any
 * sequence of writes — inserts, corrections of time, channel, unit and subject, soft deletes and
 * restores, hard deletes, client merges — they equal the count of the live encounters, and a report's
 * and the dashboard's encounter figures (whole days from the counts, edge hours from the encounters)
 * equal a count over the whole window.
 */
import { ENCOUNTER_CHANNELS, ROLES, type StatEncounterCount } from '@polku/shared';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encounters } from '../db/schema';
import { mulberry32, type Random } from '../lib/prng';
import { insertAnonymous, insertEncounter, insertStatClient } from '../routes/statistics/statistics-fixtures';
import { createTestApp, type TestApp } from '../test/create-test-app';
import { countEncounters } from './statistics-dashboard.service';
import { encounterInstants, loadReportFacts, windowInstants } from './statistics-facts';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
});
afterEach(() => t.close());

const CHANNELS = ENCOUNTER_CHANNELS.entries.map((c) => c.code);
type Unit = 0 | 1 | 2;

/** A time in 2024–2026, often near a UTC or Finnish midnight and around the DST changes, in UTC or with an offset. */
function randomTime(r: Random): string {
	const days = ['2024-12-31', '2025-01-01', '2025-03-29', '2025-03-30', '2025-03-31', '2025-04-30', '2025-05-01', '2025-10-25', '2025-10-26', '2025-12-31', '2026-01-01'];
	const base = r.chance(0.7) ? Date.parse(`${r.pick(days)}T00:00:00Z`) : Date.parse('2024-06-01T00:00:00Z') + r.int(0, 900) * 86_400_000;
	const at = base + r.pick([-3, -2, -1, 0, 1, 20, 21, 22, 23]) * 3_600_000 + r.int(0, 3599) * 1000 + (r.chance(0.3) ? 999 : 0);
	const utc = new Date(at).toISOString();
	if (r.chance(0.6)) return utc;
	// The same instant written with a Finnish offset, as the wire allows.
	const offset = r.pick([2, 3]);
	return `${new Date(at + offset * 3_600_000).toISOString().slice(0, 19)}+0${offset}:00`;
}

/** The live encounters counted straight from the table, as the counts should read (zero rows left out). */
function expectedCounts(): unknown[][] {
	return t.org.db.values(
		sql`SELECT unit_id, date(occurred_at), channel, CASE WHEN client_id IS NOT NULL THEN 'client' WHEN anonymous_contact_id IS NOT NULL THEN 'anonymous' ELSE 'none' END, COUNT(*) FROM encounters WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`
	);
}
function keptCounts(): unknown[][] {
	return t.org.db.values(sql`SELECT unit_id, day, channel, subject, count FROM encounter_day_counts WHERE count <> 0 ORDER BY 1, 2, 3, 4`);
}
function expectedAuthorCounts(): unknown[][] {
	return t.org.db.values(sql`SELECT unit_id, date(occurred_at), created_by, COUNT(*) FROM encounters WHERE deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
}
function keptAuthorCounts(): unknown[][] {
	return t.org.db.values(sql`SELECT unit_id, day, created_by, count FROM encounter_author_day_counts WHERE count <> 0 ORDER BY 1, 2, 3`);
}

/** The report's encounter figures counted over the whole window from the index alone (no day counts). */
function countedOverWindow(unitIds: string[], window: { from: string; to: string }): StatEncounterCount[] {
	const rows = t.org.db.values<[channel: string, subject: string, count: number]>(
		sql`SELECT e.channel, CASE WHEN e.client_id IS NOT NULL THEN 'client' WHEN e.anonymous_contact_id IS NOT NULL THEN 'anonymous' ELSE 'none' END, COUNT(*) FROM encounters e WHERE ${overWindow(unitIds, window)} GROUP BY 1, 2`
	);
	return rows.map(([channel, subject, count]) => ({ channel, subject, count }) as StatEncounterCount);
}
function overWindow(unitIds: string[], window: { from: string; to: string }) {
	const { start, end } = windowInstants(window);
	return encounterInstants(unitIds, start, end);
}
/** The dashboard's encounter counts (by nobody, unit or author; of one author or all) over the whole window. */
function dashboardOverWindow(unitIds: string[], window: { from: string; to: string }, workerId: string | undefined, group: 'unit' | 'worker' | undefined): Map<string, number> {
	const key = group === 'unit' ? sql`e.unit_id` : group === 'worker' ? sql`e.created_by` : sql`''`;
	const worker = workerId ? sql` AND e.created_by = ${workerId}` : sql``;
	return new Map(t.org.db.values<[string, number]>(sql`SELECT ${key}, COUNT(*) FROM encounters e WHERE ${overWindow(unitIds, window)}${worker} GROUP BY 1`));
}
const sorted = (list: readonly StatEncounterCount[]) => [...list].sort((a, b) => `${a.channel} ${a.subject}`.localeCompare(`${b.channel} ${b.subject}`));

describe('encounter day counts', () => {
	it('follow every write to encounters, and a report counts the same as over the whole window', () => {
		const r = mulberry32(20261203);
		const units: Unit[] = [0, 1, 2];
		const clientsOf = units.map((unit) => [0, 1].map((i) => insertStatClient(t, { unit, name: ['Asiakas', `${unit}-${i}`, null], gender: 'female', birthDate: '2005-01-01', motherTongue: 'fi', referralSource: 'self', startDate: '2024-01-01' })));
		const anonymousOf = units.map((unit) => [insertAnonymous(t, unit, 'female'), insertAnonymous(t, unit, 'male')]);
		const ids: string[] = [];
		const subjectFor = (unit: Unit) => {
			const kind = r.int(0, 2);
			return kind === 0 ? { clientId: r.pick(clientsOf[unit] ?? []) } : kind === 1 ? { anonymousContactId: r.pick(anonymousOf[unit] ?? []) } : {};
		};
		const update = (id: string, set: Partial<typeof encounters.$inferInsert>) => t.org.write((tx) => tx.update(encounters).set(set).where(eq(encounters.id, id)).run());
		const operations: Record<string, number> = {};
		let windowsChecked = 0;

		for (let round = 0; round < 12; round++) {
			for (let step = 0; step < 40; step++) {
				const id = ids.length > 0 ? r.pick(ids) : null;
				const op = id === null || r.chance(0.35) ? 'insert' : r.pick(['time', 'channel', 'unit', 'subject', 'delete', 'restore', 'purge', 'merge', 'note'] as const);
				operations[op] = (operations[op] ?? 0) + 1;
				if (op === 'insert' || id === null) {
					const unit = r.pick(units);
					const createdBy = r.pick(ROLES);
					ids.push(insertEncounter(t, { unit, occurredAt: randomTime(r), channel: r.pick(CHANNELS), deleted: r.chance(0.1), createdBy, ...subjectFor(unit) }));
				} else if (op === 'time') update(id, { occurredAt: randomTime(r) });
				else if (op === 'channel') update(id, { channel: r.pick(CHANNELS) });
				else if (op === 'unit') {
					// Moved with its subject cleared: a client belongs to one unit.
					update(id, { unitId: t.unitIds[r.pick(units)] ?? '', clientId: null, anonymousContactId: null });
				} else if (op === 'subject') {
					const unitId = t.org.db.select({ unitId: encounters.unitId }).from(encounters).where(eq(encounters.id, id)).get()?.unitId;
					const unit = t.unitIds.indexOf(unitId ?? '') as Unit;
					update(id, { clientId: null, anonymousContactId: null, ...subjectFor(unit) });
				} else if (op === 'delete') update(id, { deletedAt: t.now().toISOString() });
				else if (op === 'restore') update(id, { deletedAt: null });
				else if (op === 'purge') {
					t.org.write((tx) => tx.delete(encounters).where(eq(encounters.id, id)).run());
					ids.splice(ids.indexOf(id), 1);
				} else if (op === 'merge') {
					// A client merge moves every encounter of one client to another: client to client.
					const [from, into] = clientsOf[0] ?? [];
					t.org.write((tx) => tx.update(encounters).set({ clientId: into }).where(eq(encounters.clientId, from ?? '')).run());
					clientsOf[0]?.reverse();
				} else update(id, { durationMinutes: r.int(5, 90) });
			}
			expect(keptCounts()).toEqual(expectedCounts());
			expect(keptAuthorCounts()).toEqual(expectedAuthorCounts());

			const unitIds = r.sample(t.unitIds.slice(0, 3), r.int(1, 3));
			const from = r.pick(['2024-12-31', '2025-01-01', '2025-03-30', '2025-05-01', '2025-10-26']);
			const to = r.pick(['2025-01-01', '2025-03-29', '2025-04-30', '2025-10-25', '2025-12-31', '2026-01-01']);
			if (to < from) continue;
			const facts = loadReportFacts(t.org.db, 'youth-work', { from, to }, unitIds, {});
			expect(sorted(facts.encounters), `${from}…${to}`).toEqual(sorted(countedOverWindow(unitIds, { from, to })));
			const group = r.pick(['unit', 'worker', undefined] as const);
			const workerId = r.chance(0.3) ? t.userId(r.pick(ROLES)) : undefined;
			const dashboard = countEncounters(t.org.db, { from, to }, unitIds, workerId, group);
			const expected = dashboardOverWindow(unitIds, { from, to }, workerId, group);
			// Keys with no encounter may read 0 from the counts; the figures are the same.
			expect(new Map([...dashboard].filter(([, n]) => n !== 0)), `dashboard ${from}…${to} ${group} ${workerId}`).toEqual(expected);
			windowsChecked++;
		}
		// The sequence did exercise every kind of write, and the counts are not all empty.
		expect(Object.keys(operations).sort()).toEqual(['channel', 'delete', 'insert', 'merge', 'note', 'purge', 'restore', 'subject', 'time', 'unit']);
		expect(keptCounts().length).toBeGreaterThan(20);
		expect(windowsChecked).toBeGreaterThan(6);
	});

	it('count a one-day window and the encounters at its very edges', () => {
		insertStatClient(t, { unit: 0, name: ['Asiakas', 'Yksi', null], gender: 'male', birthDate: '2005-01-01', motherTongue: 'fi', referralSource: 'self', startDate: '2024-01-01' });
		// 1 May 2025 in Finland (UTC+3): 30 April 21:00 UTC up to 1 May 21:00 UTC.
		for (const occurredAt of ['2025-04-30T20:59:59.999Z', '2025-04-30T21:00:00.000Z', '2025-05-01T00:00:00.000+03:00', '2025-05-01T12:00:00.000Z', '2025-05-01T20:59:59.999Z', '2025-05-01T21:00:00.000Z']) {
			insertEncounter(t, { unit: 0, occurredAt, channel: 'street' });
		}
		const day = loadReportFacts(t.org.db, 'youth-work', { from: '2025-05-01', to: '2025-05-01' }, [t.unitIds[0] ?? ''], {});
		expect(day.encounters).toEqual([{ channel: 'street', subject: 'none', count: 4 }]);
		const days = loadReportFacts(t.org.db, 'youth-work', { from: '2025-04-30', to: '2025-05-02' }, [t.unitIds[0] ?? ''], {});
		expect(days.encounters).toEqual([{ channel: 'street', subject: 'none', count: 6 }]);
	});
});
