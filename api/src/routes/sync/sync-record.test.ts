import { HETU_MASK, MeSchema, type Client, type Mutation, type PushResult } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, clients, clientSensitive, clientWorkers, fieldHistory, memos } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { hetuOf, newClient, orgFileText, pushOne, setOrgSettings } from '../../test/record-helpers';

/**
 * The client record over sync (issue 4): every field's validation, the henkilötunnus, scope, audit
 * rows and field history, local codes. Real SQLite file, real sealing and field encryption.
 */
let t: TestApp;
let coach: { id: string; token: string };
let worker: { id: string; token: string };
let workshop: string;
let outreach: string;

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	worker = await t.registerDevice('outreach-worker');
	outreach = t.unitIds[0] ?? '';
	workshop = t.unitIds[1] ?? '';
});
afterAll(() => t.close());

const rejectedOn = (r: PushResult) => {
	expect(r.status).toBe('rejected');
	if (r.status !== 'rejected') throw new Error('not rejected');
	return r.problem;
};
const fieldOf = (r: PushResult) => rejectedOn(r).errors?.map((e) => e.field);
const create = (data: object): Mutation => ({ kind: 'client.create', data }) as Mutation;

describe('client.create validation', () => {
	const base = () => newClient(t.unitIds[1] ?? '');
	const long = (n: number) => 'x'.repeat(n);
	const bad: [string, unknown][] = [
		['firstName', ''],
		['lastName', long(101)],
		['nickname', 42],
		['birthYear', 1800],
		['gender', 'robot'],
		['municipality', '99x'],
		['birthDate', '2005-13-01'],
		['birthDateEstimated', 'yes'],
		['motherTongue', 'klingon'],
		['motherTongueOther', long(61)],
		['phone', 'call me'],
		['email', 'not-an-email'],
		['streetAddress', ''],
		['postalCode', '1234'],
		['postOffice', long(61)],
		['preferredContact', 'pigeon'],
		['responsibleWorkerIds', ['not-a-uuid']],
		['educationLevel', 'phd'],
		['workExperience', long(2001)],
		['specialSkills', long(2001)],
		['strengths', long(2001)],
		['goals', long(2001)],
		['family', long(2001)],
		['otherBackground', long(2001)],
		['referralSource', 'rumour'],
		['referralOrganisation', long(201)],
		['referralContact', long(201)],
		['startDate', '2026-02-30'],
		['endDate', 'tomorrow'],
		['endReason', 'bored'],
		['placementAtEnd', 'moon'],
		['motherTongue', 'local:Bad Slug']
	];
	it.each(bad)('rejects a bad %s naming its field', async (field, value) => {
		const r = await pushOne(t, coach.token, create({ ...base(), [field]: value }));
		expect(rejectedOn(r).code).toBe('validation-failed');
		expect(fieldOf(r)?.some((f) => f === `data.${field}` || f.startsWith(`data.${field}.`))).toBe(true);
	});

	it('checks the fields across: names, birth year, dates, end reason', async () => {
		const cases: [object, string, string][] = [
			[{ firstName: null, nickname: null }, 'data.nickname', 'name-required'],
			[{ birthDate: '2004-01-01', birthYear: 2005 }, 'data.birthYear', 'birth-year-mismatch'],
			[{ endDate: '2026-01-01', startDate: '2026-02-01' }, 'data.endDate', 'before-start'],
			[{ endReason: 'unknown' }, 'data.endDate', 'end-date-required']
		];
		for (const [over, field, code] of cases) {
			const r = await pushOne(t, coach.token, create({ ...base(), ...over }));
			expect(rejectedOn(r).errors).toContainEqual(expect.objectContaining({ field, code }));
		}
	});

	it('requires the minimum data set (start date by default), and refuses clearing it later', async () => {
		const r = await pushOne(t, coach.token, create({ ...base(), startDate: null }));
		expect(rejectedOn(r).errors).toContainEqual(expect.objectContaining({ field: 'data.startDate', code: 'required' }));
		const ok = base();
		expect(await pushOne(t, coach.token, create(ok))).toMatchObject({ status: 'applied' });
		const clear = await pushOne(t, coach.token, { kind: 'client.update', data: { id: ok.id, baseVersion: 1, changes: { startDate: { from: '2026-02-01', to: null } } } });
		expect(rejectedOn(clear).errors).toContainEqual(expect.objectContaining({ field: 'data.changes.startDate', code: 'required' }));
	});

	it('needs responsible workers to be users of the client\'s unit who work with clients, and keeps client_workers in step', async () => {
		const unknown = await pushOne(t, coach.token, create({ ...base(), responsibleWorkerIds: [randomUUID()] }));
		expect(rejectedOn(unknown)).toMatchObject({ code: 'unknown-reference', errors: [expect.objectContaining({ field: 'data.responsibleWorkerIds' })] });
		const c = { ...base(), responsibleWorkerIds: [t.userId('coach')] };
		expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
		const workers = () => t.org.db.select().from(clientWorkers).where(eq(clientWorkers.clientId, c.id)).all().map((w) => w.userId);
		expect(workers()).toEqual([t.userId('coach')]);
		// A supervisor-only account is never named, not even by the responsible worker.
		const sup = await pushOne(t, coach.token, {
			kind: 'client.update',
			data: { id: c.id, baseVersion: 1, changes: { responsibleWorkerIds: { from: [t.userId('coach')], to: [t.userId('supervisor')] } } }
		});
		expect(rejectedOn(sup)).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'data.changes.responsibleWorkerIds', code: 'not-eligible' })] });
		expect(workers()).toEqual([t.userId('coach')]);
		// The responsible worker may step down.
		const r = await pushOne(t, coach.token, {
			kind: 'client.update',
			data: { id: c.id, baseVersion: 1, changes: { responsibleWorkerIds: { from: [t.userId('coach')], to: [] } } }
		});
		expect(r).toMatchObject({ status: 'applied', version: 2 });
		expect(workers()).toEqual([]);
	});

	it('accepts a local code only when the organisation defines it', async () => {
		const c = { ...base(), motherTongue: 'local:karjala' };
		const r = await pushOne(t, coach.token, create(c));
		expect(rejectedOn(r).errors).toContainEqual(expect.objectContaining({ field: 'data.motherTongue', code: 'unknown-code' }));
		setOrgSettings(t, {
			codeOverrides: { 'mother-tongue': { hidden: [], local: [{ code: 'local:karjala', labels: { fi: 'Karjala', sv: 'Karelska', en: 'Karelian' }, mapsTo: 'other', hidden: false }] } }
		});
		try {
			expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
			const s = await pushOne(t, coach.token, { kind: 'situation.create', data: { id: randomUUID(), clientId: c.id, date: '2026-02-01', phase: 'start', mainActivity: 'local:x', meansOfLiving: null, housing: null, arrivalBasis: null } });
			expect(rejectedOn(s).errors).toContainEqual(expect.objectContaining({ field: 'data.mainActivity', code: 'unknown-code' }));
		} finally {
			setOrgSettings(t, {});
		}
	});

	it('stores the background texts encrypted and delivers them decrypted', async () => {
		const c = { ...base(), goals: 'Haluaa kokiksi Lahteen', family: 'Asuu mummon luona' };
		expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
		const row = t.org.db.select().from(clients).where(eq(clients.id, c.id)).get();
		expect(row?.goals).toMatch(/^v1\./);
		expect(t.org.keyring.decryptField(row?.goals ?? '', `client.goals:${c.id}`)).toBe('Haluaa kokiksi Lahteen');
		expect(orgFileText(t)).not.toContain('kokiksi Lahteen');
		const pulled = (await t.pull('coach', coach.token)).changes.find((x) => x.id === c.id)?.data as Client;
		expect(pulled).toMatchObject({ goals: 'Haluaa kokiksi Lahteen', family: 'Asuu mummon luona', startDate: '2026-02-01' });
	});
});

describe('client.set-hetu', () => {
	const setHetu = (clientId: string, hetu: string | null): Mutation => ({ kind: 'client.set-hetu', data: { clientId, hetu } });
	let clientId: string;
	beforeAll(async () => {
		const c = newClient(t.unitIds[1] ?? '');
		clientId = c.id;
		expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
	});
	const code = async (hetu: string) => {
		const r = await pushOne(t, coach.token, setHetu(clientId, hetu));
		return r.status === 'rejected' ? r.problem.errors?.find((e) => e.field === 'data.hetu')?.code : r.status;
	};

	it('accepts every century sign of the 2023 reform', async () => {
		for (const sign of ['+', '-', 'Y', 'X', 'W', 'V', 'U']) expect(await code(hetuOf('150590', sign, '123')), sign).toBe('applied');
		for (const sign of ['A', 'B', 'C', 'D', 'E', 'F']) expect(await code(hetuOf('150510', sign, '124')), sign).toBe('applied');
	});

	it('refuses a bad century sign, date, individual number or checksum with its reason', async () => {
		expect(await code('150590|123' + 'X')).toBe('hetu-century');
		expect(await code(hetuOf('150590', 'G', '123'))).toBe('hetu-century');
		expect(await code(hetuOf('150590', '*', '123'))).toBe('hetu-century');
		expect(await code(hetuOf('000590', '-', '123'))).toBe('hetu-date');
		expect(await code(hetuOf('150090', '-', '123'))).toBe('hetu-date');
		expect(await code(hetuOf('290200', '-', '123'))).toBe('hetu-date'); // 1900 was not a leap year
		expect(await code(hetuOf('290200', 'A', '123'))).toBe('applied'); // 2000 was
		expect(await code(hetuOf('150590', '-', '001'))).toBe('hetu-individual-number');
		const good = hetuOf('150590', '-', '123');
		expect(await code(`${good.slice(0, 10)}${good.endsWith('A') ? 'B' : 'A'}`)).toBe('hetu-checksum');
		expect(await code('12345')).toBe('hetu-format');
		expect(await code('15059O-123X')).toBe('hetu-format');
	});

	it('accepts a temporary code (900–999) and DVV test persons, stores it encrypted with a blind index', async () => {
		expect(await code('020594X903P')).toBe('hetu-duplicate'); // a seeded workshop client has it
		expect(await code('010516B903X')).toBe('applied');
		const row = t.org.db.select().from(clients).where(eq(clients.id, clientId)).get();
		expect(row?.hetu).toMatch(/^v1\./);
		expect(row?.hetuIndex).toBe(t.org.keyring.blindIndex('010516B903X', 'hetu'));
		expect(orgFileText(t)).not.toContain('010516B903X');
		const history = t.org.db.select().from(fieldHistory).where(and(eq(fieldHistory.clientId, clientId), eq(fieldHistory.field, 'hetu'))).all();
		expect(history.length).toBeGreaterThan(0);
		expect(history.every((h) => h.protection === 'withheld' && h.fromValue === null && h.toValue === null)).toBe(true);
	});

	it('refuses a henkilötunnus in an outreach unit, and a duplicate with 409', async () => {
		const r = await pushOne(t, worker.token, setHetu(t.clientIds[0] ?? '', '030594W903B'));
		expect(rejectedOn(r)).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'data.hetu', code: 'hetu-not-allowed' })] });
		const dup = await pushOne(t, coach.token, setHetu(clientId, '010594Y9032'));
		expect(rejectedOn(dup)).toMatchObject({ status: 409, code: 'conflict', errors: [expect.objectContaining({ field: 'data.hetu', code: 'hetu-duplicate' })] });
	});

	it('pulls only that there is a code: no part of it, no tag of it, and no search key to make one', async () => {
		const page = await t.pull('coach', coach.token);
		const pulled = page.changes.find((c) => c.id === clientId)?.data as Client;
		expect(pulled.hetuMasked).toBe(HETU_MASK);
		expect(Object.keys(pulled).filter((k) => /hetu/i.test(k))).toEqual(['hetuMasked']);
		const text = JSON.stringify(page);
		for (const part of ['010516B903X', '010516B', '903X']) expect(text).not.toContain(part);
		expect((await t.request('GET', '/api/sync/search-key', { cookie: t.sessionCookie('coach') })).status).toBe(404);
	});
});

describe('records of a client', () => {
	let c: ReturnType<typeof newClient>;
	beforeAll(async () => {
		c = newClient(t.unitIds[1] ?? '');
		expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
	});

	it('validates situations (arrival basis only in integration), services, consents, memos and follow-ups', async () => {
		const situation = { id: randomUUID(), clientId: c.id, date: '2026-02-01', phase: 'start', mainActivity: 'unemployed', meansOfLiving: null, housing: null, arrivalBasis: 'refugee' };
		const s = await pushOne(t, coach.token, { kind: 'situation.create', data: situation });
		expect(rejectedOn(s).errors).toContainEqual(expect.objectContaining({ field: 'data.arrivalBasis', code: 'not-allowed' }));
		const service = { id: randomUUID(), clientId: c.id, type: 'individual-guidance', status: 'active', startDate: '2026-02-01', endDate: '2026-01-01' };
		expect(fieldOf(await pushOne(t, coach.token, { kind: 'service.create', data: service }))).toContain('data.endDate');
		const consent = { id: randomUUID(), clientId: c.id, purpose: 'disclosure', recipient: null, channel: null, textVersion: '1', method: 'oral', attachmentId: null, givenAt: '2026-02-01T10:00:00.000Z' };
		expect(fieldOf(await pushOne(t, coach.token, { kind: 'consent.create', data: consent }))).toContain('data.recipient');
		const photo = { ...consent, purpose: 'processing', recipient: null, method: 'photo', attachmentId: randomUUID() };
		expect(rejectedOn(await pushOne(t, coach.token, { kind: 'consent.create', data: photo }))).toMatchObject({ code: 'unknown-reference' });
		expect(fieldOf(await pushOne(t, coach.token, { kind: 'memo.create', data: { id: randomUUID(), clientId: c.id, date: '2026-02-01', text: ' ' } }))).toContain('data.text');
	});

	it('applies situation and service updates with field merge and conflicts that resolve', async () => {
		const sid = randomUUID();
		const situation = { id: sid, clientId: c.id, date: '2026-02-01', phase: 'start', mainActivity: 'unemployed', meansOfLiving: null, housing: null, arrivalBasis: null };
		expect(await pushOne(t, coach.token, { kind: 'situation.create', data: situation })).toMatchObject({ status: 'applied', entity: 'situation', version: 1 });
		expect(await pushOne(t, coach.token, { kind: 'situation.update', data: { id: sid, baseVersion: 1, changes: { housing: { from: null, to: 'with-parents' } } } })).toMatchObject({
			status: 'applied',
			version: 2
		});
		const conflict = await pushOne(t, coach.token, { kind: 'situation.update', data: { id: sid, baseVersion: 1, changes: { housing: { from: null, to: 'own-home' } } } });
		expect(conflict).toMatchObject({ status: 'conflict', reason: 'field-conflict', conflicts: [expect.objectContaining({ entity: 'situation', field: 'housing' })] });
		if (conflict.status !== 'conflict') return;
		const resolved = await pushOne(t, coach.token, { kind: 'conflict.resolve', data: { id: conflict.conflicts[0]?.id, keep: 'mine' } });
		expect(resolved).toMatchObject({ status: 'applied', entity: 'conflict' });
		const pulled = (await t.pull('coach', coach.token)).changes.find((x) => x.id === sid);
		expect(pulled).toMatchObject({ entity: 'situation', version: 3, data: { housing: 'own-home' } });

		const svc = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'service.create', data: { id: svc, clientId: c.id, type: 'individual-guidance', status: 'active', startDate: '2026-02-01', endDate: null } })).toMatchObject({ status: 'applied' });
		const before = await pushOne(t, coach.token, { kind: 'service.update', data: { id: svc, baseVersion: 1, changes: { endDate: { from: null, to: '2026-01-15' } } } });
		expect(rejectedOn(before).errors).toContainEqual(expect.objectContaining({ field: 'data.changes.endDate', code: 'before-start' }));
		expect(await pushOne(t, coach.token, { kind: 'service.update', data: { id: svc, baseVersion: 1, changes: { status: { from: 'active', to: 'completed' }, endDate: { from: null, to: '2026-03-01' } } } })).toMatchObject({ status: 'applied', version: 2 });
	});

	it('keeps the consent ledger: withdrawal once, not before given; follow-ups need a consent in force and an ended client', async () => {
		const consentId = randomUUID();
		const consent = { id: consentId, clientId: c.id, purpose: 'follow-up', recipient: null, channel: null, textVersion: '2026-1', method: 'written', attachmentId: null, givenAt: '2026-02-01T10:00:00.000Z' };
		const followUp = (checkedOn: string) => ({ kind: 'follow-up.create', data: { id: randomUUID(), clientId: c.id, monthsAfter: 6, checkedOn, placement: 'degree-education' } });
		// Not ended yet.
		const early = await pushOne(t, coach.token, followUp('2026-09-01'));
		expect(rejectedOn(early).errors).toContainEqual(expect.objectContaining({ field: 'data.checkedOn', code: 'client-not-ended' }));
		expect(await pushOne(t, coach.token, { kind: 'client.update', data: { id: c.id, baseVersion: 1, changes: { endDate: { from: null, to: '2026-03-01' } } } })).toMatchObject({ status: 'applied' });
		const noConsent = await pushOne(t, coach.token, followUp('2026-09-01'));
		expect(rejectedOn(noConsent).errors).toContainEqual(expect.objectContaining({ field: 'data.checkedOn', code: 'consent-missing' }));
		expect(await pushOne(t, coach.token, { kind: 'consent.create', data: consent })).toMatchObject({ status: 'applied', entity: 'consent' });
		expect(await pushOne(t, coach.token, followUp('2026-09-01'))).toMatchObject({ status: 'applied', entity: 'follow-up' });
		const tooEarly = await pushOne(t, coach.token, { kind: 'consent.withdraw', data: { id: consentId, effectiveAt: '2026-01-01T00:00:00.000Z' } });
		expect(rejectedOn(tooEarly).errors).toContainEqual(expect.objectContaining({ field: 'data.effectiveAt' }));
		expect(await pushOne(t, coach.token, { kind: 'consent.withdraw', data: { id: consentId, effectiveAt: '2026-10-01T00:00:00.000Z' } })).toMatchObject({ status: 'applied', version: 2 });
		expect(await pushOne(t, coach.token, { kind: 'consent.withdraw', data: { id: consentId, effectiveAt: '2026-10-02T00:00:00.000Z' } })).toMatchObject({ status: 'duplicate' });
		// After the withdrawal took effect, no follow-up.
		const after = await pushOne(t, coach.token, followUp('2027-03-01'));
		expect(rejectedOn(after).errors).toContainEqual(expect.objectContaining({ code: 'consent-missing' }));
		const pulled = (await t.pull('coach', coach.token)).changes.find((x) => x.id === consentId);
		expect(pulled).toMatchObject({ data: { withdrawnAt: '2026-10-01T00:00:00.000Z', withdrawnBy: t.userId('coach') } });
	});

	it('stores memos and special categories encrypted; field history of special categories is encrypted', async () => {
		const memoId = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'memo.create', data: { id: memoId, clientId: c.id, date: '2026-02-02', text: 'Sovittiin harjoittelupaikasta' } })).toMatchObject({ status: 'applied' });
		expect(t.org.db.select().from(memos).where(eq(memos.id, memoId)).get()?.text).toMatch(/^v1\./);
		const sens = await pushOne(t, coach.token, { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 0, changes: { health: { from: null, to: 'Astma ja uniongelmat' } } } });
		expect(sens).toMatchObject({ status: 'applied', entity: 'client-sensitive', version: 1 });
		expect(await pushOne(t, coach.token, { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 1, changes: { health: { from: 'Astma ja uniongelmat', to: 'Astma' } } } })).toMatchObject({ version: 2 });
		const row = t.org.db.select().from(clientSensitive).where(eq(clientSensitive.id, c.id)).get();
		expect(t.org.keyring.decryptField(row?.health ?? '', `client-sensitive.health:${c.id}`)).toBe('Astma');
		const history = t.org.db.select().from(fieldHistory).where(and(eq(fieldHistory.clientId, c.id), eq(fieldHistory.entity, 'client-sensitive'))).all();
		expect(history).toHaveLength(2);
		expect(history.every((h) => h.protection === 'encrypted')).toBe(true);
		const last = history.find((h) => h.toValue && JSON.parse(t.org.keyring.decryptField(h.toValue, `history:${h.id}`)) === 'Astma');
		expect(last).toBeDefined();
		const file = orgFileText(t);
		expect(file).not.toContain('uniongelmat');
		expect(file).not.toContain('harjoittelupaikasta');
		// The worker (another unit) is refused; the coach pulls it decrypted.
		expect(rejectedOn(await pushOne(t, worker.token, { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 2, changes: { health: { from: 'Astma', to: null } } } })).code).toBe('forbidden');
		const page = await t.pull('coach', coach.token);
		expect(page.changes.find((x) => x.entity === 'client-sensitive' && x.id === c.id)).toMatchObject({ data: { health: 'Astma' } });
		expect(page.changes.find((x) => x.id === memoId)).toMatchObject({ entity: 'memo', data: { text: 'Sovittiin harjoittelupaikasta' } });
	});
});

describe('conflicts of encrypted fields', () => {
	it('keeps the values of a special-category conflict encrypted, delivers them to the author and resolves to mine', async () => {
		const c = newClient(workshop);
		expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
		const first = { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 0, changes: { substanceUse: { from: null, to: 'Ei käyttöä' } } } };
		expect(await pushOne(t, coach.token, first)).toMatchObject({ status: 'applied' });
		const second = { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 0, changes: { substanceUse: { from: null, to: 'Kannabista viikoittain' } } } };
		const r = await pushOne(t, coach.token, second);
		expect(r).toMatchObject({ status: 'conflict', reason: 'field-conflict', conflicts: [expect.objectContaining({ entity: 'client-sensitive', mine: 'Kannabista viikoittain', server: 'Ei käyttöä' })] });
		expect(orgFileText(t)).not.toContain('Kannabista');
		const conflictId = r.status === 'conflict' ? r.conflicts[0]?.id : '';
		const pulled = (await t.pull('coach', coach.token)).changes.find((x) => x.id === conflictId);
		expect(pulled).toMatchObject({ entity: 'conflict', data: { mine: 'Kannabista viikoittain' } });
		expect(await pushOne(t, coach.token, { kind: 'conflict.resolve', data: { id: conflictId, keep: 'mine' } })).toMatchObject({ status: 'applied' });
		const row = t.org.db.select().from(clientSensitive).where(eq(clientSensitive.id, c.id)).get();
		expect(t.org.keyring.decryptField(row?.substanceUse ?? '', `client-sensitive.substanceUse:${c.id}`)).toBe('Kannabista viikoittain');
	});
});

describe('scope', () => {
	it('gives a worker their own unit, a coach the workshop; a supervisor no client, and nobody can name them responsible', async () => {
		const workshopClient = t.clientIds[8] ?? '';
		const forWorker = await t.pull('outreach-worker', worker.token);
		const workerClients = forWorker.changes.filter((c) => c.entity === 'client').map((c) => c.id);
		expect(workerClients).toEqual(expect.arrayContaining(t.clientIds.slice(0, 8)));
		expect(workerClients).not.toContain(workshopClient);
		expect(forWorker.changes.some((c) => (c.entity === 'consent' || c.entity === 'service') && (c.data as { clientId: string } | null)?.clientId === workshopClient)).toBe(false);

		const forCoach = await t.pull('coach', coach.token);
		expect(forCoach.changes.filter((c) => c.entity === 'client').map((c) => c.id)).toEqual(expect.arrayContaining(t.clientIds.slice(8)));
		expect(forCoach.changes.filter((c) => c.entity === 'consent' && (c.data as { clientId: string }).clientId === workshopClient)).toHaveLength(1);
		expect(forCoach.changes.filter((c) => c.entity === 'service' && (c.data as { clientId: string }).clientId === workshopClient)).toHaveLength(1);

		// The supervisor (client read `own`) is responsible for no client, and cannot be named: they see none.
		expect(t.org.db.select().from(clientWorkers).where(eq(clientWorkers.userId, t.userId('supervisor'))).all()).toEqual([]);
		const assign = await pushOne(t, coach.token, {
			kind: 'client.update',
			data: { id: workshopClient, baseVersion: 1, changes: { responsibleWorkerIds: { from: [t.userId('coach')], to: [t.userId('coach'), t.userId('supervisor')] } } }
		});
		expect(rejectedOn(assign).errors).toContainEqual(expect.objectContaining({ field: 'data.changes.responsibleWorkerIds', code: 'not-eligible' }));
		const sup = await t.registerDevice('supervisor');
		const forSup = await t.pull('supervisor', sup.token);
		expect(forSup.changes.filter((c) => c.entity === 'client' || c.entity === 'consent' || c.entity === 'client-sensitive')).toEqual([]);
		const write = await pushOne(t, sup.token, { kind: 'client.update', data: { id: workshopClient, baseVersion: 1, changes: { nickname: { from: null, to: 'X' } } } });
		expect(rejectedOn(write).code).toBe('forbidden');
		// A worker cannot write to a workshop client.
		const other = await pushOne(t, worker.token, { kind: 'memo.create', data: { id: randomUUID(), clientId: workshopClient, date: '2026-02-02', text: 'x' } });
		expect(rejectedOn(other).code).toBe('forbidden');
	});
});

describe('audit and history', () => {
	it('audits create, update, reads by pull and by device, and writes field history with encrypted background texts', async () => {
		const c = newClient(workshop, { workExperience: 'Kesätöitä kaupassa' });
		expect(await pushOne(t, coach.token, create(c))).toMatchObject({ status: 'applied' });
		expect(
			await pushOne(t, coach.token, {
				kind: 'client.update',
				data: { id: c.id, baseVersion: 1, changes: { workExperience: { from: 'Kesätöitä kaupassa', to: 'Varastotyötä vuoden' }, phone: { from: null, to: '+358 40 123 4567' } } }
			})
		).toMatchObject({ status: 'applied', version: 2 });
		const device = await t.registerDevice('coach');
		await t.pull('coach', device.token);
		expect(await pushOne(t, coach.token, { kind: 'client.viewed', data: { clientId: c.id, viewedAt: '2026-03-02T07:59:00.000Z' } })).toMatchObject({ status: 'applied' });
		const rows = t.org.db.select().from(auditLog).where(eq(auditLog.entityId, c.id)).all();
		expect(rows.map((r) => r.action)).toEqual(['client.create', 'client.update', 'client.read', 'client.read']);
		expect(rows[2]?.detail).toMatchObject({ via: 'pull' });
		expect(rows[3]?.detail).toMatchObject({ via: 'device', viewedAt: '2026-03-02T07:59:00.000Z' });
		expect(rows[1]?.detail).toMatchObject({ fields: ['phone', 'workExperience'] });
		expect(JSON.stringify(rows)).not.toContain('Varastotyötä');
		const history = t.org.db.select().from(fieldHistory).where(eq(fieldHistory.clientId, c.id)).all();
		const phone = history.find((h) => h.field === 'phone');
		expect(phone).toMatchObject({ protection: 'plain', fromValue: 'null', toValue: '"+358 40 123 4567"', actorId: t.userId('coach') });
		const work = history.find((h) => h.field === 'workExperience');
		expect(work?.protection).toBe('encrypted');
		expect(JSON.parse(t.org.keyring.decryptField(work?.toValue ?? '', `history:${work?.id ?? ''}`))).toBe('Varastotyötä vuoden');
		const file = orgFileText(t);
		expect(file).not.toContain('Varastotyötä');
		expect(file).not.toContain('Kesätöitä kaupassa');
		// A worker of another unit cannot claim to have read it.
		expect(rejectedOn(await pushOne(t, worker.token, { kind: 'client.viewed', data: { clientId: c.id, viewedAt: '2026-03-02T07:59:00.000Z' } })).code).toBe('forbidden');
	});
});

describe('/api/me', () => {
	it('carries the record settings, code overrides and colleagues of the user\'s units', async () => {
		const res = await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach') });
		const me = MeSchema.parse(await res.json());
		expect(me.settings).toEqual({ hetuUnitKinds: ['workshop', 'rehabilitative', 'employment', 'integration'], requiredClientFields: ['startDate'] });
		expect(me.codeOverrides).toEqual({});
		expect(me.colleagues.map((c) => c.id).sort()).toEqual([t.userId('coach'), t.userId('supervisor')].sort());
		expect(me.colleagues.find((c) => c.id === t.userId('supervisor'))?.unitIds).toEqual([workshop]);
		const forWorker = MeSchema.parse(await (await t.request('GET', '/api/me', { cookie: t.sessionCookie('outreach-worker') })).json());
		expect(forWorker.colleagues.map((c) => c.id).sort()).toEqual([t.userId('outreach-worker'), t.userId('supervisor')].sort());
		expect(outreach).toBeTruthy();
	});
});
