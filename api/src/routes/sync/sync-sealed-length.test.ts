import type { EsfParticipationInput, Mutation, PushResult } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConflicts } from '../../db/schema';
import { toConflictDto } from '../../services/sync-records.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { newClient, pushOne } from '../../test/record-helpers';

/**
 * Encrypted values of field history and of sync conflicts are padded before they are sealed
 * (db/sealed-json.ts): in the organisation's file the token of `true` is as long as that of `false`,
 * and a list of one code as long as one of seven, so a copy of the file tells neither. Readers (the
 * client history API, a conflict's author) still get the values themselves. Real SQLite, real crypto.
 */
let t: TestApp;
let worker: { id: string; token: string };

beforeAll(async () => {
	t = await createTestApp();
	worker = await t.registerDevice('outreach-worker');
});
afterAll(() => t.close());

const SEVEN = ['disability', 'third-country-national', 'foreign-background', 'minority', 'homeless', 'rural', 'other-disadvantage'];

const update = (id: string, baseVersion: number, changes: Record<string, { from: unknown; to: unknown }>): Mutation =>
	({ kind: 'esf-participation.update', data: { id, baseVersion, changes } }) as Mutation;

/** A client of the outreach unit and an ESF participation of theirs with nothing answered yet. */
async function participant(): Promise<{ clientId: string; id: string }> {
	const c = newClient(t.unitIds[0] ?? '');
	expect(await pushOne(t, worker.token, { kind: 'client.create', data: c })).toMatchObject({ status: 'applied' });
	const data: EsfParticipationInput = {
		id: randomUUID(),
		clientId: c.id,
		projectCode: 'S30794',
		startDate: '2026-02-02',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2',
		disadvantages: [],
		disadvantageDeclined: false,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null
	};
	expect(await pushOne(t, worker.token, { kind: 'esf-participation.create', data })).toMatchObject({ status: 'applied' });
	return { clientId: c.id, id: data.id };
}

/** The encrypted history values of an entity, as the file holds them. */
const historyTokens = (entityId: string) =>
	t.org.sqlite.prepare("SELECT field, from_value AS fromValue, to_value AS toValue FROM field_history WHERE entity_id = ? AND protection = 'encrypted' ORDER BY rowid").all(entityId) as {
		field: string;
		fromValue: string;
		toValue: string;
	}[];

const applied = (r: PushResult) => expect(r).toMatchObject({ status: 'applied' });

describe('field history of encrypted values', () => {
	it('seals `true` and `false`, and code lists of any length, to tokens of one length; the history API reads the values', async () => {
		const declined = await participant();
		applied(await pushOne(t, worker.token, update(declined.id, 1, { disadvantageDeclined: { from: false, to: true } })));
		const coded = await participant();
		applied(await pushOne(t, worker.token, update(coded.id, 1, { disadvantages: { from: [], to: ['rural'] } })));
		applied(await pushOne(t, worker.token, update(coded.id, 2, { disadvantages: { from: ['rural'], to: SEVEN } })));

		const rows = [...historyTokens(declined.id), ...historyTokens(coded.id)];
		expect(rows.map((r) => r.field)).toEqual(['disadvantageDeclined', 'disadvantages', 'disadvantages']);
		const tokens = rows.flatMap((r) => [r.fromValue, r.toValue]);
		expect(tokens.every((x) => x.startsWith('v1.'))).toBe(true);
		expect(new Set(tokens.map((x) => x.length)).size).toBe(1);

		const history = async (clientId: string) => {
			const res = await t.request('GET', `/api/clients/${clientId}/history`, { cookie: t.sessionCookie('outreach-worker') });
			expect(res.status).toBe(200);
			const body = (await res.json()) as { changes: { entity: string; field: string; from: unknown; to: unknown; hidden: boolean }[] };
			return body.changes.filter((c) => c.entity === 'esf-participation').map(({ field, from, to, hidden }) => ({ field, from, to, hidden }));
		};
		expect(await history(declined.clientId)).toEqual([{ field: 'disadvantageDeclined', from: false, to: true, hidden: false }]);
		expect(await history(coded.clientId)).toEqual(
			expect.arrayContaining([
				{ field: 'disadvantages', from: [], to: ['rural'], hidden: false },
				{ field: 'disadvantages', from: ['rural'], to: SEVEN, hidden: false }
			])
		);
	});
});

describe('sync conflicts of encrypted values', () => {
	it('seal base, mine and server to tokens of one length, whatever the lists; the author reads the values', async () => {
		const p = await participant();
		applied(await pushOne(t, worker.token, update(p.id, 1, { disadvantages: { from: [], to: ['rural'] } })));
		// An edit made on version 1 elsewhere: both sides changed the list.
		const late = await pushOne(t, worker.token, update(p.id, 1, { disadvantages: { from: [], to: SEVEN } }));
		expect(late).toMatchObject({ status: 'conflict', reason: 'field-conflict' });
		if (late.status !== 'conflict') return;
		const id = late.conflicts[0]?.id ?? '';

		const stored = t.org.sqlite.prepare('SELECT base, mine, server FROM sync_conflicts WHERE id = ?').get(id) as Record<'base' | 'mine' | 'server', string>;
		const tokens = Object.values(stored).map((json) => JSON.parse(json) as string);
		expect(tokens.every((x) => x.startsWith('v1.'))).toBe(true);
		expect(new Set(tokens.map((x) => x.length)).size).toBe(1);

		const row = t.org.db.select().from(syncConflicts).where(eq(syncConflicts.id, id)).get();
		if (!row) throw new Error('conflict not stored');
		expect(toConflictDto(row, t.org.keyring)).toMatchObject({ field: 'disadvantages', base: [], mine: SEVEN, server: ['rural'] });
		expect(late.conflicts[0]).toMatchObject({ base: [], mine: SEVEN, server: ['rural'] });
	});
});
