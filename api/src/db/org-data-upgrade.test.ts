import type { EsfParticipationInput } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertClient } from '../routes/clients/client-fixtures';
import { loadEsfParticipations } from '../services/statistics-facts';
import { toConflictDto, type ConflictRow } from '../services/sync-records.service';
import { createTestApp, type TestApp } from '../test/create-test-app';
import { newClient, pushOne } from '../test/record-helpers';
import { esfDisadvantagesContext, openEsfAnswer } from './esf-answer';
import type { OrgHandle } from './org-registry';
import { syncConflicts } from './schema';

/**
 * The keyed conversions OrgRegistry runs when it opens an organisation's file (org-data-upgrade.ts),
 * on a real file: rows in the old form are rewritten once, on open, and the server keeps answering
 * the same way for them. (sync_mutations: routes/sync/sync-content-hash.test.ts.)
 */
let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
});
afterEach(() => t.close());

/** Closes every open organisation and opens this one again, as a restarted server does. */
async function reopen(): Promise<OrgHandle> {
	const id = t.ctx.registry.list()[0]?.id ?? '';
	await t.ctx.registry.close();
	const org = await t.ctx.registry.get({ id });
	if (!org) throw new Error('organisation not found');
	return org;
}

const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(400), Buffer.from([0xff, 0xd9])]);

describe('attachments.sha256', () => {
	it('is stored keyed, and an old plain digest is converted on open: a retry still matches, other content does not', async () => {
		const clientId = insertClient(t, { unit: 1, createdBy: 'coach' });
		const cookie = t.sessionCookie('coach');
		const upload = (id: string, body: Buffer) =>
			t.app.request(`/api/clients/${clientId}/attachments`, {
				method: 'POST',
				headers: { cookie, 'x-attachment-id': id, 'x-attachment-kind': 'signed-form', 'content-type': 'image/jpeg' },
				body: new Uint8Array(body)
			});
		const id = randomUUID();
		const file = jpeg();
		const plain = createHash('sha256').update(file).digest('hex');
		expect((await upload(id, file)).status).toBe(201);
		const stored = () => (t.ctx.registry.get({ id: t.org.id }) as Promise<OrgHandle>).then((o) => (o.sqlite.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(id) as { sha256: string }).sha256);
		expect(await stored()).toBe(t.org.keyring.keyedDigest(plain));
		expect(await stored()).not.toContain(plain);

		// The row as it was written before keyed digests.
		t.org.sqlite.prepare('UPDATE attachments SET sha256 = ? WHERE id = ?').run(plain, id);
		t.org.sqlite.pragma('user_version = 0'); // an older build never marked its file as converted
		const keyring = t.org.keyring;
		const org = await reopen();
		expect(await stored()).toBe(keyring.keyedDigest(plain));
		expect(org.sqlite.pragma('user_version', { simple: true })).toBe(6); // converted, no VACUUM owed

		expect((await upload(id, file)).status).toBe(200);
		expect((await upload(id, jpeg())).status).toBe(409);
	});
});

describe('user_version', () => {
	it('marks a converted file; a VACUUM an earlier open owed (it failed or crashed) is done by the next', async () => {
		expect(t.org.sqlite.pragma('user_version', { simple: true })).toBe(6);
		t.org.sqlite.pragma('user_version = 7');
		const freePages = () => t.org.sqlite.pragma('freelist_count', { simple: true }) as number;
		t.org.sqlite.exec("CREATE TABLE scratch (x text); INSERT INTO scratch SELECT hex(randomblob(2000)) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4); DROP TABLE scratch;");
		expect(freePages()).toBeGreaterThan(0);
		const org = await reopen();
		expect(org.sqlite.pragma('user_version', { simple: true })).toBe(6);
		expect(org.sqlite.pragma('freelist_count', { simple: true })).toBe(0);
	});
});

type Answer = Pick<EsfParticipationInput, 'disadvantages' | 'disadvantageDeclined'>;

/** A client of the outreach unit and its ESF participation with `answer`, pushed by the worker. */
async function participant(token: string, answer: Answer): Promise<string> {
	const c = newClient(t.unitIds[0] ?? '');
	expect(await pushOne(t, token, { kind: 'client.create', data: c })).toMatchObject({ status: 'applied' });
	const id = randomUUID();
	const data: EsfParticipationInput = {
		id,
		clientId: c.id,
		projectCode: 'S30794',
		startDate: '2026-02-02',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2',
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null,
		...answer
	};
	expect(await pushOne(t, token, { kind: 'esf-participation.create', data })).toMatchObject({ status: 'applied' });
	return id;
}

const esfRow = (org: OrgHandle, id: string) => org.sqlite.prepare('SELECT * FROM esf_participations WHERE id = ?').get(id) as Record<string, unknown>;
const declinedOf = (org: OrgHandle) => new Map(loadEsfParticipations(org.db, org.keyring, t.unitIds, null).map((p) => [p.id, [p.disadvantageDeclined, p.disadvantages]]));

describe('esf_participations: the declined flag', () => {
	it('is not in the clear: a declined and an answered participation differ only in ids and an equally long token', async () => {
		const { token } = await t.registerDevice('outreach-worker');
		const declined = await participant(token, { disadvantages: [], disadvantageDeclined: true });
		const none = await participant(token, { disadvantages: [], disadvantageDeclined: false });
		const many = await participant(token, { disadvantages: ['disability', 'third-country-national', 'foreign-background', 'minority', 'homeless', 'rural', 'other-disadvantage'], disadvantageDeclined: false });

		// What a copy of the file shows: every column but identifiers and the sealed answer is equal.
		const identifying = new Set(['id', 'client_id', 'participant_number', 'change_seq', 'disadvantages']);
		const plain = (id: string) => Object.fromEntries(Object.entries(esfRow(t.org, id)).filter(([k]) => !identifying.has(k)));
		expect(plain(declined)).toEqual(plain(none));
		expect(plain(many)).toEqual(plain(none));
		expect(Object.keys(esfRow(t.org, declined)).filter((k) => /declin/i.test(k))).toEqual([]);
		const lengths = [declined, none, many].map((id) => (esfRow(t.org, id).disadvantages as string).length);
		expect(new Set(lengths).size).toBe(1);

		// Statistics and the participant file read it (through loadEsfParticipations).
		const read = declinedOf(t.org);
		expect(read.get(declined)).toEqual([true, []]);
		expect(read.get(none)).toEqual([false, []]);
		expect(read.get(many)?.[0]).toBe(false);
	});

	it('of an older file is folded into the sealed answer on open, once; the plain column and its trace are gone', async () => {
		const { token } = await t.registerDevice('outreach-worker');
		const declined = await participant(token, { disadvantages: [], disadvantageDeclined: true });
		const coded = await participant(token, { disadvantages: ['rural', 'minority'], disadvantageDeclined: false });
		const none = await participant(token, { disadvantages: [], disadvantageDeclined: false });
		const keyring = t.org.keyring;

		// Back to the file as the server left it before migration 0011: the plain column and the code
		// list alone in the token.
		const db = t.org.sqlite;
		db.exec('ALTER TABLE esf_participations ADD COLUMN disadvantage_declined integer NOT NULL DEFAULT 0');
		const legacy = db.prepare('UPDATE esf_participations SET disadvantages = ?, disadvantage_declined = ? WHERE id = ?');
		for (const [id, codes, flag] of [
			[declined, [], 1],
			[coded, ['rural', 'minority'], 0],
			[none, [], 0]
		] as const) {
			legacy.run(keyring.encryptField(JSON.stringify(codes), esfDisadvantagesContext(id)), flag, id);
		}
		expect(openEsfAnswer(keyring, declined, esfRow(t.org, declined).disadvantages as string)).toMatchObject({ legacy: true });
		// Then migration 0011 as the migrator runs it (before the keys are open).
		const migration = readFileSync(fileURLToPath(new URL('./migrations/org/0011_esf-declined-encrypted.sql', import.meta.url)), 'utf8');
		db.transaction(() => migration.split('--> statement-breakpoint').forEach((statement) => db.exec(statement)))();
		expect(db.prepare('SELECT id FROM esf_declined_upgrade').pluck().all()).toEqual([declined]);

		const org = await reopen();
		const columns = (org.sqlite.prepare("SELECT name FROM pragma_table_info('esf_participations')").pluck().all() as string[]).filter((c) => /declin/i.test(c));
		expect(columns).toEqual([]);
		expect(org.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'esf_declined_upgrade'").get()).toBeUndefined();
		const tokens = [declined, coded, none].map((id) => esfRow(org, id).disadvantages as string);
		expect(new Set(tokens.map((x) => x.length)).size).toBe(1);
		expect(tokens.map((x, i) => openEsfAnswer(org.keyring, [declined, coded, none][i] ?? '', x))).toEqual([
			{ disadvantages: [], disadvantageDeclined: true, legacy: false },
			{ disadvantages: ['rural', 'minority'], disadvantageDeclined: false, legacy: false },
			{ disadvantages: [], disadvantageDeclined: false, legacy: false }
		]);
		expect(declinedOf(org).get(declined)).toEqual([true, []]);
		expect(org.sqlite.pragma('user_version', { simple: true })).toBe(6); // converted, no VACUUM owed
		// VACUUM wrote the file anew: not even the name of the table that held the flag is left in it.
		expect(fileText(org.sqlite.name)).not.toContain('esf_declined_upgrade');

		// Idempotent: opening again leaves every token as it is.
		const again = await reopen();
		expect([declined, coded, none].map((id) => esfRow(again, id).disadvantages)).toEqual(tokens);
	});
});

const SEVEN = ['disability', 'third-country-national', 'foreign-background', 'minority', 'homeless', 'rural', 'other-disadvantage'];

describe('field_history and sync_conflicts: encrypted values', () => {
	it('sealed unpadded by an older build are sealed again padded on open, once, and read back the same', async () => {
		const db = t.org.sqlite;
		const keyring = t.org.keyring;
		const clientId = insertClient(t, { unit: 0, createdBy: 'outreach-worker' });
		const worker = t.userId('outreach-worker');
		const at = t.now().toISOString();

		// History rows as the server wrote them before padding: the JSON alone in the token.
		const history = db.prepare(
			'INSERT INTO field_history (id, at, actor_id, client_id, entity, entity_id, field, from_value, to_value, protection, mutation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)'
		);
		const entityId = randomUUID();
		const oldHistory = (field: string, from: unknown, to: unknown) => {
			const id = randomUUID();
			const seal = (v: unknown) => keyring.encryptField(JSON.stringify(v), `history:${id}`);
			history.run(id, at, worker, clientId, 'esf-participation', entityId, field, seal(from), seal(to), 'encrypted');
			return id;
		};
		const declinedRow = oldHistory('disadvantageDeclined', false, true);
		const codesRow = oldHistory('disadvantages', ['rural'], SEVEN);
		const plainRow = randomUUID();
		history.run(plainRow, at, worker, clientId, 'esf-participation', entityId, 'endDate', 'null', '"2026-05-29"', 'plain');

		// And conflicts: an encrypted one, and a plain one whose value only looks like a token.
		const conflict = db.prepare(
			'INSERT INTO sync_conflicts (id, entity, entity_id, field, base, mine, server, mutation_id, author_id, version, created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 1)'
		);
		const sealedConflict = randomUUID();
		const seal = (part: string, v: unknown) => JSON.stringify(keyring.encryptField(JSON.stringify(v), `conflict.${part}:${sealedConflict}`));
		conflict.run(sealedConflict, 'esf-participation', entityId, 'disadvantages', seal('base', []), seal('mine', SEVEN), seal('server', ['rural']), randomUUID(), worker, at, at);
		const plainConflict = randomUUID();
		const lookalike = JSON.stringify('v1.bm90IGEgdG9rZW4.c2hvcnQ');
		conflict.run(plainConflict, 'client', clientId, 'nickname', JSON.stringify('Nico'), lookalike, JSON.stringify('Niko'), randomUUID(), worker, at, at);

		const tokensOf = (org: OrgHandle) => ({
			history: org.sqlite.prepare('SELECT from_value AS f, to_value AS t FROM field_history WHERE id IN (?, ?) ORDER BY field').all(codesRow, declinedRow) as { f: string; t: string }[],
			conflict: org.sqlite.prepare('SELECT base, mine, server FROM sync_conflicts WHERE id = ?').get(sealedConflict) as Record<'base' | 'mine' | 'server', string>
		});
		const before = tokensOf(t.org);
		const oldTokens = [...before.history.flatMap((r) => [r.f, r.t]), ...Object.values(before.conflict).map((j) => JSON.parse(j) as string)];
		expect(new Set(oldTokens.map((x) => x.length)).size).toBeGreaterThan(1);

		const cookie = t.sessionCookie('outreach-worker');
		db.pragma('user_version = 2'); // the file as the build before padding left it: digests keyed, nothing owed
		const org = await reopen();
		expect(org.sqlite.pragma('user_version', { simple: true })).toBe(6); // converted, no VACUUM owed

		const after = tokensOf(org);
		const newTokens = [...after.history.flatMap((r) => [r.f, r.t]), ...Object.values(after.conflict).map((j) => JSON.parse(j) as string)];
		expect(newTokens.every((x) => x.startsWith('v1.'))).toBe(true);
		expect(new Set(newTokens.map((x) => x.length)).size).toBe(1);
		// VACUUM wrote the file anew: the old tokens are not left in freed space or the WAL.
		const bytes = fileText(org.sqlite.name);
		expect(oldTokens.filter((x) => bytes.includes(x))).toEqual([]);

		// Read back the same: the client history API, and the conflict as its author pulls it.
		const res = await t.request('GET', `/api/clients/${clientId}/history`, { cookie });
		expect(res.status).toBe(200);
		const changes = ((await res.json()) as { changes: { field: string; from: unknown; to: unknown; hidden: boolean }[] }).changes;
		expect(changes.map(({ field, from, to, hidden }) => ({ field, from, to, hidden }))).toEqual(
			expect.arrayContaining([
				{ field: 'disadvantageDeclined', from: false, to: true, hidden: false },
				{ field: 'disadvantages', from: ['rural'], to: SEVEN, hidden: false },
				{ field: 'endDate', from: null, to: '2026-05-29', hidden: false }
			])
		);
		const conflictRow = (id: string) => org.db.select().from(syncConflicts).where(eq(syncConflicts.id, id)).get() as ConflictRow;
		expect(toConflictDto(conflictRow(sealedConflict), org.keyring)).toMatchObject({ base: [], mine: SEVEN, server: ['rural'] });
		// Plain rows are untouched.
		expect(org.sqlite.prepare('SELECT from_value AS f, to_value AS t FROM field_history WHERE id = ?').get(plainRow)).toEqual({ f: 'null', t: '"2026-05-29"' });
		expect(org.sqlite.prepare('SELECT mine FROM sync_conflicts WHERE id = ?').pluck().get(plainConflict)).toBe(lookalike);

		// Idempotent: opening again leaves every token as it is, even when the file is marked as not converted.
		org.sqlite.pragma('user_version = 2');
		const again = await reopen();
		expect(tokensOf(again)).toEqual(after);
		expect(again.sqlite.pragma('user_version', { simple: true })).toBe(6);
	});
});

/** A SQLite file and its WAL as text (latin1 keeps every byte). */
function fileText(path: string): string {
	return readFileSync(path).toString('latin1') + (existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).toString('latin1') : '');
}
