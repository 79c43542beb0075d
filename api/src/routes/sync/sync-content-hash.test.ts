import { ESF_DISADVANTAGES, type Mutation, type PushItem } from '@polku/shared';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/canonical-json';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { hetuOf, newClient, pushOne } from '../../test/record-helpers';

/**
 * What a copy of the organisation's file tells about pushed content through `sync_mutations`: its
 * `content_hash` must not let anyone confirm a guess without the organisation's key. The guesser
 * below knows everything the file holds in the clear (ids, birth date, the ESF row's plain columns,
 * the mutation's kind) and the public mutation format, and hashes candidates the way the server once
 * stored them (SHA-256 of the canonical JSON). Real pushes, the real SQLite file read back from disk.
 */
let t: TestApp;
let coach: { id: string; token: string };
let worker: { id: string; token: string };

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	worker = await t.registerDevice('outreach-worker');
});
afterAll(() => t.close());

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** What the server stored before keyed digests: SHA-256 of the canonical JSON of the opened envelope. */
const plainHash = (mutation: unknown) => sha256(canonicalJson(mutation));

/** A SQLite file and its WAL as text (latin1 keeps every byte). */
function fileText(path: string): string {
	return readFileSync(path).toString('latin1') + (existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).toString('latin1') : '');
}

type StoredMutation = { mutationId: string; kind: string; contentHash: string };

/** Reads the file as someone holding a copy does: a separate read-only connection, no keys. */
function stolenFile(): { mutations: StoredMutation[]; row: (sql: string, ...params: unknown[]) => Record<string, unknown> | undefined; close: () => void } {
	t.org.sqlite.pragma('wal_checkpoint(TRUNCATE)');
	const copy = new Database(t.org.sqlite.name, { readonly: true, fileMustExist: true });
	return {
		mutations: copy.prepare('SELECT mutation_id AS mutationId, kind, content_hash AS contentHash FROM sync_mutations').all() as StoredMutation[],
		row: (sql, ...params) => copy.prepare(sql).get(...params) as Record<string, unknown> | undefined,
		close: () => copy.close()
	};
}

/** Every henkilötunnus a birth date allows: each century sign of the century, individual numbers 002–899. */
function hetuCandidates(birthDate: string): string[] {
	const [yyyy = '', mm = '', dd = ''] = birthDate.split('-');
	const signs = yyyy.startsWith('20') ? ['A', 'B', 'C', 'D', 'E', 'F'] : yyyy.startsWith('19') ? ['-', 'Y', 'X', 'W', 'V', 'U'] : ['+'];
	const out: string[] = [];
	for (const sign of signs) for (let n = 2; n <= 899; n++) out.push(hetuOf(`${dd}${mm}${yyyy.slice(2)}`, sign, String(n).padStart(3, '0')));
	return out;
}

/** Every answer to the disadvantage question: each subset of the codes (list and sorted order), or declined. */
function disadvantageCandidates(): { disadvantages: string[]; disadvantageDeclined: boolean }[] {
	const codes = ESF_DISADVANTAGES.entries.map((e) => e.code as string);
	const out: { disadvantages: string[]; disadvantageDeclined: boolean }[] = [{ disadvantages: [], disadvantageDeclined: true }];
	for (let mask = 0; mask < 1 << codes.length; mask++) {
		const subset = codes.filter((_, i) => mask & (1 << i));
		out.push({ disadvantages: subset, disadvantageDeclined: false }, { disadvantages: [...subset].sort(), disadvantageDeclined: false });
	}
	return [...new Map(out.map((a) => [canonicalJson(a), a])).values()];
}

describe('sync_mutations.content_hash', () => {
	it('does not let a copy of the file confirm a guessed henkilötunnus or ESF disadvantages', async () => {
		// A workshop client with a birth date and a henkilötunnus; an outreach client in ESF with two disadvantages.
		const workshopClient = newClient(t.unitIds[1] ?? '', { birthYear: 2005, birthDate: '2005-03-14' });
		expect(await pushOne(t, coach.token, { kind: 'client.create', data: workshopClient })).toMatchObject({ status: 'applied' });
		const hetu = hetuOf('140305', 'A', '347');
		expect(await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: workshopClient.id, hetu } })).toMatchObject({ status: 'applied' });

		const outreachClient = newClient(t.unitIds[0] ?? '');
		expect(await pushOne(t, worker.token, { kind: 'client.create', data: outreachClient })).toMatchObject({ status: 'applied' });
		const esfId = crypto.randomUUID();
		const participation = {
			id: esfId,
			clientId: outreachClient.id,
			projectCode: 'S30794',
			startDate: '2026-02-02',
			employmentStatusAtStart: 'unemployed',
			educationAtStart: '0-2',
			disadvantages: ['disability', 'minority'],
			disadvantageDeclined: false,
			endDate: null,
			employmentStatusAtEnd: null,
			qualificationGained: null
		};
		expect(await pushOne(t, worker.token, { kind: 'esf-participation.create', data: participation })).toMatchObject({ status: 'applied' });

		const file = stolenFile();
		try {
			// The guesser's knowledge, all from the file: the client's birth date, the ESF row's plain columns.
			const birthDate = file.row('SELECT birth_date AS birthDate FROM clients WHERE id = ?', workshopClient.id)?.birthDate as string;
			expect(birthDate).toBe('2005-03-14');
			const esfRow = file.row(
				'SELECT id, client_id AS clientId, project_code AS projectCode, start_date AS startDate, employment_status_at_start AS employmentStatusAtStart, education_at_start AS educationAtStart, end_date AS endDate, employment_status_at_end AS employmentStatusAtEnd, qualification_gained AS qualificationGained FROM esf_participations WHERE id = ?',
				esfId
			);
			expect(esfRow).toBeDefined();
			const stored = new Set(file.mutations.map((m) => m.contentHash));
			expect(file.mutations.filter((m) => m.kind === 'client.set-hetu' || m.kind === 'esf-participation.create')).toHaveLength(2);

			const hetus = hetuCandidates(birthDate);
			expect(hetus).toContain(hetu); // the true value is among the guesses
			const recoveredHetu = hetus.filter((h) => stored.has(plainHash({ kind: 'client.set-hetu', data: { clientId: workshopClient.id, hetu: h } })));

			const answers = disadvantageCandidates();
			expect(answers.length).toBeLessThan(2000);
			const recoveredEsf = answers.filter((a) => stored.has(plainHash({ kind: 'esf-participation.create', data: { ...esfRow, ...a } })));

			expect({ recoveredHetu, recoveredEsf }).toEqual({ recoveredHetu: [], recoveredEsf: [] });
			// Nothing stored is the plain digest of what was pushed, under any kind.
			for (const m of file.mutations) expect(m.contentHash).toMatch(/^k1:[0-9a-f]{64}$/);
		} finally {
			file.close();
		}
	});
});

describe('legacy content hashes', () => {
	it('are converted when the file is opened: a resend is still a duplicate, other content a conflict', async () => {
		const c = newClient(t.unitIds[0] ?? '');
		const mutation: Mutation = { kind: 'client.create', data: c };
		const item: PushItem = await t.sealMutation(mutation, { mutationId: t.mutationId() });
		expect((await t.push(worker.token, [item])).results[0]).toMatchObject({ status: 'applied' });

		// The row as the server wrote it before keyed digests: the plain SHA-256 of the canonical JSON.
		const legacy = plainHash(mutation);
		t.org.sqlite.prepare('UPDATE sync_mutations SET content_hash = ? WHERE mutation_id = ?').run(legacy, item.mutationId);
		// And many more old rows, so that the conversion rewrites whole pages of them.
		const olds = Array.from({ length: 1000 }, (_, i) => sha256(`old mutation ${i}`));
		const seed = t.org.sqlite.prepare(
			"INSERT INTO sync_mutations (mutation_id, user_id, device_id, kind, content_hash, result, at) SELECT ?, user_id, device_id, 'client.create', ?, 'applied', at FROM sync_mutations WHERE mutation_id = ?"
		);
		t.org.sqlite.transaction(() => olds.forEach((h) => seed.run(t.mutationId(), h, item.mutationId)))();
		// An older build never marked its file as converted (org-data-upgrade.ts).
		t.org.sqlite.pragma('user_version = 0');
		const orgId = t.org.id;
		const keyedBefore = t.org.keyring.keyedDigest(legacy);
		await t.ctx.registry.close();

		const reopened = await t.ctx.registry.get({ id: orgId });
		if (!reopened) throw new Error('organisation not found');
		const hashOf = () => (reopened.sqlite.prepare('SELECT content_hash AS h FROM sync_mutations WHERE mutation_id = ?').get(item.mutationId) as { h: string }).h;
		expect(hashOf()).toBe(keyedBefore);
		expect(reopened.sqlite.prepare("SELECT count(*) AS n FROM sync_mutations WHERE content_hash NOT LIKE 'k1:%'").get()).toEqual({ n: 0 });
		expect(reopened.sqlite.pragma('user_version', { simple: true })).toBe(6); // converted (digests keyed, sealed values padded), no VACUUM owed
		expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM sync_mutations WHERE content_hash IN (SELECT value FROM json_each(?))').get(JSON.stringify(olds.map((h) => reopened.keyring.keyedDigest(h))))).toEqual({ n: olds.length });
		// The old digests are gone from the file's bytes too (not left in freed space or the WAL).
		const bytes = fileText(reopened.sqlite.name);
		expect([legacy, ...olds].filter((h) => bytes.includes(h))).toEqual([]);

		// Idempotent: opening again changes nothing, even when the file is marked as not converted.
		reopened.sqlite.pragma('user_version = 0');
		await t.ctx.registry.close();
		const again = await t.ctx.registry.get({ id: orgId });
		expect((again?.sqlite.prepare('SELECT content_hash AS h FROM sync_mutations WHERE mutation_id = ?').get(item.mutationId) as { h: string }).h).toBe(keyedBefore);

		expect((await t.push(worker.token, [item])).results[0]).toMatchObject({ status: 'duplicate' });
		const other = await t.sealMutation({ kind: 'client.create', data: { ...c, nickname: 'Toinen' } }, { mutationId: item.mutationId });
		expect((await t.push(worker.token, [other])).results[0]).toMatchObject({ status: 'conflict', reason: 'mutation-reused' });
	});
});
