import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
	HETU_MASK,
	parseHetu,
	type Client,
	type ClientMerge,
	type EsfParticipationFields,
	type Me,
	type PullResponse,
	type PushResult,
	type Situation,
	type SyncChange
} from '@polku/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/client';
import { openPolkuDb, type PolkuDb } from '$lib/offline/db';
import {
	ORG_ID,
	UNIT_ID,
	USER_A_ID,
	USER_B_ID,
	dumpIndexedDb,
	fakeSyncServer,
	makeOrgKeyPair,
	wireClient,
	type OrgKeyPair,
	type ReceivedItem
} from '$lib/offline/sync-test-server';
import { ClientNotCachedError, ClientRecordManager, OnlineRequiredError, SubmitValidationError, nameableColleagues } from './client-record-manager.svelte';
import { OfflineManager } from './offline-manager.svelte';

const FAST = { iterations: 1_000, allowWeakForTests: true } as const;
const PW = 'Sade-kadulla-2024!';
const WORKSHOP_ID = '0190a0b2-7c4e-7a11-8f00-0000000000f2';
const OTHER_UNIT_ID = '0190a0b2-7c4e-7a11-8f00-0000000000f3';
const T = '2025-05-01T10:00:00.000Z';
const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const HETU = '131052-308T';
const id = (n: number) => `0190a0b2-7c4e-7a11-8f00-${n.toString(16).padStart(12, '0')}`;

function me(settings: Partial<Me['settings']> = {}): Me {
	const unit = (uid: string, kind: 'outreach' | 'workshop') => ({ id: uid, name: kind, kind, createdAt: T, updatedAt: T, deletedAt: null });
	return {
		user: { id: USER_A_ID, username: 'coach', displayName: 'Maija', roles: ['coach', 'outreach-worker'], unitIds: [UNIT_ID, WORKSHOP_ID], locale: 'fi' },
		organisation: { id: ORG_ID, slug: 'demo', name: 'Demo' },
		units: [unit(UNIT_ID, 'outreach'), unit(WORKSHOP_ID, 'workshop')],
		session: { expiresAt: '2030-01-01T00:00:00.000Z', idleTimeoutSeconds: 1800, deviceLockSeconds: 900 },
		settings: { hetuUnitKinds: ['workshop'], requiredClientFields: ['startDate'], ...settings },
		codeOverrides: {},
		colleagues: []
	};
}

function clientChange(n: number, over: Partial<Client> = {}, version = 1): SyncChange {
	const c = wireClient({
		id: id(n),
		unitId: WORKSHOP_ID,
		firstName: `Etu${n}`,
		lastName: 'Esimerkki',
		nickname: null,
		birthYear: 2004,
		gender: 'female',
		municipality: '091',
		version,
		createdBy: USER_B_ID,
		createdAt: T,
		updatedAt: T,
		deletedAt: null,
		...over
	});
	return { entity: 'client', id: c.id, version, updatedAt: T, deletedAt: null, data: c };
}

class MemoryStorage {
	#m = new Map<string, string>();
	getItem(k: string) {
		return this.#m.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.#m.set(k, v);
	}
	removeItem(k: string) {
		this.#m.delete(k);
	}
}

let keys: OrgKeyPair;
let factory: IDBFactory;
let db: PolkuDb;
let now: number;
let online: boolean;
/** What the fake server's pull hands out, in order (cursor = index). */
let log: SyncChange[];
let decide: (item: ReceivedItem) => PushResult | 'default';
let received: ReceivedItem[];
let pullQueries: (string | null)[];
let uploads: { headers: Headers; body: Blob; url: string }[];
/** The fake server's henkilötunnus of each client (clientId → code), which only it knows. */
let serverHetus: Map<string, string>;
/** Every request the device made: method, address and body. */
let requests: { method: string; url: string; body: string }[];
let offline: OfflineManager;
let records: ClientRecordManager;

beforeAll(async () => {
	keys = await makeOrgKeyPair(ORG_ID);
});

beforeEach(async () => {
	factory = new IDBFactory();
	db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
	now = NOW;
	online = true;
	log = [];
	decide = () => 'default';
	uploads = [];
	serverHetus = new Map();
	requests = [];
	let token = '';
	let server: ReturnType<typeof fakeSyncServer> | null = null;
	const fetch: typeof globalThis.fetch = async (input, init) => {
		if (!online) throw new TypeError('Failed to fetch');
		const url = new URL(String(input), 'http://device.test');
		requests.push({ method: init?.method ?? 'GET', url: url.href, body: typeof init?.body === 'string' ? init.body : '' });
		if (url.pathname === '/api/organisation/public-key') return Response.json(keys.publicKey);
		if (url.pathname === '/api/clients/search-by-hetu' && init?.method === 'POST') {
			const { hetu } = JSON.parse(String(init.body)) as { hetu: string };
			const code = parseHetu(hetu);
			const ids = [...serverHetus].filter(([, h]) => code.valid && h === code.hetu).map(([clientId]) => clientId);
			const clients = log.filter((c) => c.entity === 'client' && ids.includes(c.id)).map((c) => c.data);
			return Response.json({ clients });
		}
		if (url.pathname === '/api/devices') {
			const body = JSON.parse(String(init!.body)) as { id: string };
			token = `pd1.${body.id}.secret`;
			server = fakeSyncServer({
				keys,
				token,
				decide: (item) => decide(item),
				pull: (since) => {
					const from = since ? Number(since) : 0;
					return { changes: log.slice(from), cursor: String(log.length), more: false, device: { status: 'active', wipe: false } } satisfies PullResponse;
				}
			});
			received = server.received;
			pullQueries = server.pullQueries;
			return Response.json({ id: body.id, token }, { status: 201 });
		}
		if (url.pathname.endsWith('/attachments') && init?.method === 'POST') {
			const headers = new Headers(init.headers);
			uploads.push({ headers, body: init.body as Blob, url: url.pathname });
			const clientId = url.pathname.split('/')[3]!;
			return Response.json(
				{
					id: headers.get('x-attachment-id'),
					clientId,
					unitId: WORKSHOP_ID,
					kind: headers.get('x-attachment-kind'),
					contentType: headers.get('content-type'),
					size: (init.body as Blob).size,
					label: decodeURIComponent(headers.get('x-attachment-label') ?? ''),
					version: 1,
					createdBy: USER_A_ID,
					createdAt: new Date(now).toISOString(),
					updatedAt: new Date(now).toISOString(),
					deletedAt: null
				},
				{ status: 201 }
			);
		}
		return server!.fetch(input, init);
	};
	offline = new OfflineManager({
		db: () => db,
		api: createApiClient({ fetch }),
		storage: new MemoryStorage() as unknown as Storage,
		kdf: FAST,
		autoStart: false,
		persist: async () => true,
		registerSync: async () => undefined,
		now: () => now
	});
	records = new ClientRecordManager({ offline, api: createApiClient({ fetch }), online: () => online, newId: (() => { let n = 0x500; return () => id(n++); })() });
	await offline.afterLogin(me(), PW);
	await offline.syncNow();
});

afterEach(() => {
	offline.lock();
	db.close();
});

async function outboxKinds(): Promise<string[]> {
	return (await db.outbox.orderBy('mutationId').toArray()).map((r) => r.kind);
}

describe('ClientRecordManager', () => {
	it('creates and updates a client as pending local copies, queued in order, confirmed by pull', async () => {
		online = false;
		const clientId = await records.create({ unitId: WORKSHOP_ID, firstName: ' Aada ', lastName: 'Esimerkki', startDate: '2026-02-01', birthDate: '2004-05-06', email: '' });
		let view = await records.get(clientId);
		expect(view?.client).toMatchObject({ firstName: 'Aada', birthYear: 2004, email: null, pending: true, version: 0, gender: 'unknown' });
		expect(view?.can).toEqual({ update: true, sensitive: true, hetu: true, merge: true, responsible: true });
		expect(await records.update(clientId, { phone: '+358 40 123 4567' })).toBe(true);
		expect(await records.update(clientId, { phone: '+358 40 123 4567' })).toBe(false);
		expect((await records.get(clientId))?.client.phone).toBe('+358 40 123 4567');
		expect(await outboxKinds()).toEqual(['client.create', 'client.viewed', 'client.update']);

		online = true;
		await offline.syncNow();
		expect(received.map((r) => r.mutation.kind)).toEqual(['client.create', 'client.viewed', 'client.update']);
		const update = received[2]!.mutation;
		expect(update.kind === 'client.update' && update.data).toEqual({ id: clientId, baseVersion: 0, changes: { phone: { from: null, to: '+358 40 123 4567' } } });
		log.push(clientChange(0, { id: clientId, firstName: 'Aada', phone: '+358 40 123 4567', createdBy: USER_A_ID }, 2));
		await offline.syncNow();
		view = await records.get(clientId);
		expect(view?.client).toMatchObject({ pending: false, version: 2, phone: '+358 40 123 4567' });
	});

	it('refuses invalid input naming the fields of the input, queueing nothing', async () => {
		online = false;
		const errors = async (p: Promise<unknown>) => {
			const err = await p.then(
				() => null,
				(e: unknown) => e
			);
			expect(err).toBeInstanceOf(SubmitValidationError);
			return Object.fromEntries((err as SubmitValidationError).errors.map((e) => [e.field, e.code]));
		};
		expect(await errors(records.create({ unitId: WORKSHOP_ID, email: 'not-an-email', postalCode: '123', endDate: '2026-01-01', startDate: '2026-02-01' }))).toMatchObject({
			nickname: 'name-required',
			email: 'invalid_format',
			postalCode: 'invalid_format',
			endDate: 'before-start'
		});
		// The minimum data set (startDate) and the henkilötunnus rules of the unit kind.
		expect(await errors(records.create({ unitId: WORKSHOP_ID, nickname: 'Kettu', hetu: '131052-308A' }))).toEqual({ startDate: 'required', hetu: 'hetu-checksum' });
		expect(await errors(records.create({ unitId: UNIT_ID, nickname: 'Kettu', startDate: '2026-01-01', hetu: HETU }))).toEqual({ hetu: 'hetu-not-allowed' });
		expect(await errors(records.create({ unitId: WORKSHOP_ID, nickname: 'Kettu', startDate: '2026-01-01', motherTongue: 'local:klingon' }))).toEqual({ motherTongue: 'unknown-code' });

		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Kettu', startDate: '2026-01-01' });
		expect(await errors(records.update(clientId, { startDate: null }))).toEqual({ startDate: 'required' });
		expect(await errors(records.addService(clientId, { type: 'individual-guidance', status: 'planned', startDate: '2026-02-01', endDate: '2026-01-01' }))).toEqual({ endDate: 'before-start' });
		expect(await errors(records.addSituation(clientId, { date: '2026-01-01', phase: 'start', mainActivity: null, meansOfLiving: null, housing: null, arrivalBasis: 'refugee' }))).toHaveProperty('arrivalBasis');
		expect(
			await errors(records.addConsent(clientId, { purpose: 'disclosure', recipient: null, channel: null, textVersion: '2026-1', method: 'written', attachmentId: null, givenAt: T }))
		).toEqual({ recipient: 'required' });
		expect(await errors(records.addFollowUp(clientId, { monthsAfter: 6, checkedOn: '2026-02-01', placement: 'degree-education' }))).toMatchObject({ checkedOn: 'not-ended' });
		expect(await outboxKinds()).toEqual(['client.create']);
		await expect(records.update(id(0xdead), { nickname: 'X' })).rejects.toBeInstanceOf(ClientNotCachedError);
	});

	it('finds by exact henkilötunnus online only, the code in the body and never in the address', async () => {
		serverHetus.set(id(1), HETU);
		log.push(clientChange(1, { hetuMasked: HETU_MASK, firstName: 'Hilla' }), clientChange(2, { firstName: 'Hanna' }));
		await offline.syncNow();
		const found = await records.find({ query: ` ${HETU.toLowerCase()} `, scope: 'all', status: 'all' });
		expect(found.map((c) => [c.id, c.matchedHetu, c.hetuMasked])).toEqual([[id(1), true, HETU_MASK]]);
		const asked = requests.filter((r) => r.url.includes('/search-by-hetu'));
		expect(asked.map((r) => [r.method, JSON.parse(r.body)])).toEqual([['POST', { hetu: HETU }]]);
		expect(requests.filter((r) => r.url.toUpperCase().includes(HETU) || r.url.includes(HETU.slice(7)))).toEqual([]);
		expect(await records.find({ query: HETU.replace('308', '309'), scope: 'all', status: 'all' })).toEqual([]);

		// Offline a typed code cannot be searched (the device holds nothing to match it against);
		// names still can.
		online = false;
		await expect(records.find({ query: HETU, scope: 'all', status: 'all' })).rejects.toBeInstanceOf(OnlineRequiredError);
		expect((await records.find({ query: 'hilla', scope: 'all', status: 'all' })).map((c) => [c.id, c.matchedHetu])).toEqual([[id(1), false]]);
	});

	it('keeps nothing on the device from which a henkilötunnus could be computed', async () => {
		serverHetus.set(id(1), HETU);
		log.push(clientChange(1, { hetuMasked: HETU_MASK, firstName: 'Hilla' }));
		await offline.syncNow();
		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Uusi', startDate: '2026-01-01', hetu: '010594Y9032' });
		expect((await records.get(clientId))?.client.hetuMasked).toBe(HETU_MASK);
		expect((await records.find({ query: 'Uusi', scope: 'all', status: 'all' })).map((c) => c.hetuMasked)).toEqual([HETU_MASK]);
		await offline.syncNow();
		// The code travelled sealed: the fake server opened it from the envelope.
		expect(received.find((r) => r.mutation.kind === 'client.set-hetu')?.mutation.data).toEqual({ clientId, hetu: '010594Y9032' });

		// No search key was asked for, and none is kept.
		expect(requests.filter((r) => r.url.includes('search-key'))).toEqual([]);
		expect((await db.meta.toArray()).map((m) => m.key).sort()).not.toContain('searchKey');

		// Everything stored, as stored (encrypted) and as the unlocked device reads it back.
		const entities = [...new Set((await db.records.toArray()).map((r) => r.entity))];
		const readable: unknown[] = [];
		for (const entity of entities) readable.push(...(await offline.cachedRecords(entity)).map((r) => r.data));
		const text = (await dumpIndexedDb(factory)) + JSON.stringify(readable);
		for (const secret of [HETU, '131052308T', '131052-', '308T', '010594Y9032', '010594Y', '9032']) expect(text).not.toContain(secret);
		const clients = readable.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && 'firstName' in d);
		expect(clients.length).toBeGreaterThanOrEqual(2);
		for (const c of clients) {
			expect(Object.keys(c).filter((k) => /hetu|tag|digest|hash/i.test(k))).toEqual(['hetuMasked']);
			expect(c.hetuMasked).toBe(HETU_MASK);
			// No value that looks like a keyed digest (HMAC-SHA-256 as base64url or hex).
			expect(Object.values(c).filter((v) => typeof v === 'string' && /^(?:[A-Za-z0-9_-]{43}|[0-9a-f]{64})$/.test(v))).toEqual([]);
		}
	});

	it('never shows the birth-date mask a copy cached by an older version may still hold', async () => {
		// Written as an older app kept it (today's schema refuses such a mask on the wire).
		const old = { ...clientChange(1, { firstName: 'Hilla' }).data, hetuMasked: '131052-****' };
		await offline.queueMutations([], [{ entity: 'client', id: id(1), data: old, version: 1 }]);
		expect((await records.get(id(1)))?.client.hetuMasked).toBe(HETU_MASK);
		expect((await records.find({ query: 'Hilla', scope: 'all', status: 'all' })).map((c) => c.hetuMasked)).toEqual([HETU_MASK]);
	});

	it('filters by scope (mine / unit / all) and status (active / ended / all)', async () => {
		log.push(
			clientChange(1, { firstName: 'Oma', createdBy: USER_A_ID }),
			clientChange(2, { firstName: 'Vastuu', unitId: OTHER_UNIT_ID, responsibleWorkerIds: [USER_A_ID] }),
			clientChange(3, { firstName: 'Yksikon', unitId: UNIT_ID }),
			clientChange(4, { firstName: 'Paattynyt', startDate: '2025-01-01', endDate: '2026-01-31', birthYear: 1999 }),
			clientChange(5, { firstName: 'Tuleva', startDate: '2025-01-01', endDate: '2026-12-31' })
		);
		await offline.syncNow();
		const ids = async (scope: 'mine' | 'unit' | 'all', status: 'active' | 'ended' | 'all', query = '') =>
			(await records.find({ query, scope, status })).map((c) => c.id).sort();
		expect(await ids('mine', 'all')).toEqual([id(1), id(2)]);
		expect(await ids('unit', 'all')).toEqual([id(1), id(3), id(4), id(5)]);
		expect(await ids('all', 'all')).toHaveLength(5);
		expect(await ids('all', 'ended')).toEqual([id(4)]);
		expect(await ids('all', 'active')).toEqual([id(1), id(2), id(3), id(5)]);
		expect(await ids('all', 'all', '1999')).toEqual([id(4)]);
		expect(await ids('all', 'all', 'paat esim')).toEqual([id(4)]);
		expect(await ids('all', 'all', 'simerkki')).toEqual([]);
	});

	it('merges an anonymous contact at once, then the pull confirms it', async () => {
		const anonId = id(0xa1);
		const enc = (n: number, at: string): SyncChange => ({
			entity: 'encounter',
			id: id(n),
			version: 1,
			updatedAt: T,
			deletedAt: null,
			data: { id: id(n), unitId: UNIT_ID, occurredAt: at, channel: 'street', clientId: null, anonymousContactId: anonId, topics: [], actions: [], durationMinutes: 10, note: 'Kadulla', followUpDate: null, version: 1, createdBy: USER_A_ID, createdAt: T, updatedAt: T, deletedAt: null }
		});
		log.push(
			clientChange(1, { nickname: null, gender: 'unknown', municipality: 'unknown', birthYear: null }),
			{ entity: 'anonymous-contact', id: anonId, version: 1, updatedAt: T, deletedAt: null, data: { id: anonId, unitId: UNIT_ID, nickname: 'Kettu', birthYearEstimate: 2006, gender: 'male', municipality: '853', version: 1, createdBy: USER_A_ID, createdAt: T, updatedAt: T, deletedAt: null } },
			enc(0xe1, '2025-04-01T10:00:00.000Z'),
			enc(0xe2, '2025-04-08T10:00:00.000Z')
		);
		await offline.syncNow();
		online = false;
		const mergeId = await records.merge(id(1), { entity: 'anonymous-contact', id: anonId });
		expect(await records.anonymousContacts('')).toEqual([]);
		expect(await offline.searchAnonymousContacts('')).toEqual([]);
		const view = await records.get(id(1));
		expect(view?.client).toMatchObject({ nickname: 'Kettu', birthYear: 2006, birthDateEstimated: true, gender: 'male', municipality: '853' });
		expect(view?.merges.map((m) => [m.id, m.undoable, m.filledFields.sort()])).toEqual([[mergeId, true, ['birthDateEstimated', 'birthYear', 'gender', 'municipality', 'nickname']]]);
		const timeline = await records.timeline(id(1));
		expect(timeline.filter((t) => t.kind === 'encounter').map((t) => [t.id, t.pending])).toEqual([
			[id(0xe1), true],
			[id(0xe2), true]
		]);

		online = true;
		await offline.syncNow();
		expect(received.find((r) => r.mutation.kind === 'client.merge')?.mutation.data).toEqual({ id: mergeId, targetId: id(1), source: { entity: 'anonymous-contact', id: anonId } });
		const merged: ClientMerge = {
			id: mergeId, targetId: id(1), sourceEntity: 'anonymous-contact', sourceId: anonId, moved: { encounter: [id(0xe1), id(0xe2)] },
			filledFields: ['nickname'], undoUntil: '2026-03-31T09:00:00.000Z', undoneAt: null, undoneBy: null, unitId: WORKSHOP_ID,
			version: 1, createdBy: USER_A_ID, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z', deletedAt: null
		};
		const moved = (c: SyncChange): SyncChange => (c.entity === 'encounter' && c.data ? { ...c, version: 2, data: { ...c.data, clientId: id(1), anonymousContactId: null, version: 2 } } : c);
		log.push(
			{ entity: 'client-merge', id: mergeId, version: 1, updatedAt: T, deletedAt: null, data: merged },
			{ entity: 'anonymous-contact', id: anonId, version: 2, updatedAt: T, deletedAt: T, data: null },
			moved(log[2]!),
			moved(log[3]!),
			clientChange(1, { nickname: 'Kettu', gender: 'male', municipality: '853', birthYear: 2006, birthDateEstimated: true }, 2)
		);
		await offline.syncNow();
		const after = await records.get(id(1));
		expect(after?.client.pending).toBe(false);
		expect(after?.merges.map((m) => m.id)).toEqual([mergeId]);
		expect((await records.timeline(id(1))).filter((t) => t.kind === 'encounter').every((t) => !t.pending)).toBe(true);
		expect(await db.records.where('[userKey+entity]').equals([offline.userKey!, 'anonymous-contact']).count()).toBe(0);
	});

	it('undoes a merge on the device when the server refuses it, and pulls from the start', async () => {
		const anonId = id(0xa2);
		log.push(clientChange(1), {
			entity: 'anonymous-contact', id: anonId, version: 1, updatedAt: T, deletedAt: null,
			data: { id: anonId, unitId: UNIT_ID, nickname: 'Susi', birthYearEstimate: null, gender: 'unknown', municipality: 'unknown', version: 1, createdBy: USER_A_ID, createdAt: T, updatedAt: T, deletedAt: null }
		});
		await offline.syncNow();
		decide = (item) =>
			item.mutation.kind === 'client.merge'
				? { mutationId: item.mutationId, status: 'rejected', problem: { type: 'about:blank', title: 'x', status: 403, code: 'forbidden', errors: [{ field: 'data.source.id', code: 'forbidden', message: 'x' }] } }
				: 'default';
		online = false;
		await records.merge(id(1), { entity: 'anonymous-contact', id: anonId });
		expect(await records.anonymousContacts('su')).toEqual([]);
		const pullsBefore = pullQueries.length;
		online = true;
		await offline.syncNow();
		expect(pullQueries.slice(pullsBefore)).toContain(null);
		expect((await records.anonymousContacts('su')).map((a) => a.id)).toEqual([anonId]);
		expect((await records.get(id(1)))?.merges).toEqual([]);
		expect(offline.counts.rejected).toBe(1);
	});

	it('builds the timeline oldest first from every part of the record', async () => {
		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Aikajana', startDate: '2025-01-10' });
		await records.addService(clientId, { type: 'individual-guidance', status: 'completed', startDate: '2025-02-01', endDate: '2025-06-30' });
		const consentId = await records.addConsent(clientId, { purpose: 'follow-up', recipient: null, channel: null, textVersion: '2025-1', method: 'written', attachmentId: null, givenAt: '2025-01-10T12:00:00.000Z' });
		await records.addMemo(clientId, { date: '2025-03-03', text: 'Sovittiin tavoitteista' });
		await records.addSituation(clientId, { date: '2025-01-10', phase: 'start', mainActivity: 'employed', meansOfLiving: null, housing: null, arrivalBasis: null });
		await records.update(clientId, { endDate: '2025-07-01', endReason: 'unknown' });
		const followUp = await records.addFollowUp(clientId, { monthsAfter: 6, checkedOn: '2026-01-05', placement: 'degree-education' });
		await records.withdrawConsent(consentId, '2026-02-01T08:00:00.000Z');

		const items = await records.timeline(clientId);
		expect(items.map((i) => i.kind)).toEqual([
			'relationship-start',
			'situation',
			'consent',
			'service-start',
			'memo',
			'service-end',
			'relationship-end',
			'follow-up',
			'consent-withdrawn'
		]);
		expect(items.find((i) => i.id === followUp)?.detail).toEqual({ monthsAfter: 6, placement: 'degree-education' });
		expect(items.every((i) => i.pending)).toBe(true);
		const view = await records.get(clientId);
		// Withdrawn: no follow-up is due any more.
		expect(view?.followUpsDue).toEqual([]);
		expect(view?.consents[0]?.withdrawnAt).toBe('2026-02-01T08:00:00.000Z');
	});

	it('lists follow-ups due while the consent is in force', async () => {
		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Seuranta', startDate: '2025-01-10', endDate: '2025-08-31' });
		await records.addConsent(clientId, { purpose: 'follow-up', recipient: null, channel: null, textVersion: '2025-1', method: 'oral', attachmentId: null, givenAt: '2025-08-30T12:00:00.000Z' });
		await records.addFollowUp(clientId, { monthsAfter: 6, checkedOn: '2026-02-28', placement: 'degree-education' });
		expect((await records.get(clientId))?.followUpsDue).toEqual([
			{ monthsAfter: 12, dueOn: '2026-08-31' },
			{ monthsAfter: 24, dueOn: '2027-08-31' }
		]);
	});

	it('queues client.viewed at most once per client per 10 minutes', async () => {
		log.push(clientChange(1), clientChange(2));
		await offline.syncNow();
		online = false;
		await records.get(id(1));
		await records.get(id(1));
		await records.get(id(2));
		now += 9 * 60 * 1000;
		// A new page (new manager) sees the queued item and does not queue again.
		const again = new ClientRecordManager({ offline, online: () => online });
		await again.get(id(1));
		expect((await db.outbox.toArray()).filter((r) => r.kind === 'client.viewed').map((r) => r.recordId)).toEqual([id(1), id(2)]);
		now += 2 * 60 * 1000;
		await records.get(id(1));
		expect((await db.outbox.toArray()).filter((r) => r.kind === 'client.viewed')).toHaveLength(3);
		// No plaintext copy of a read is kept.
		expect(await db.records.where('[userKey+entity]').equals([offline.userKey!, 'mutation']).count()).toBe(0);
	});

	it('shows a situation field conflict on /sync like a client one, with its client, and resolves it', async () => {
		const situationId = id(0x51);
		const situation: Situation = { id: situationId, clientId: id(1), unitId: WORKSHOP_ID, date: '2026-01-05', phase: 'check', mainActivity: 'employed', meansOfLiving: null, housing: null, arrivalBasis: null, version: 1, createdBy: USER_B_ID, createdAt: T, updatedAt: T, deletedAt: null };
		log.push(clientChange(1, { firstName: 'Ristiriita' }), { entity: 'situation', id: situationId, version: 1, updatedAt: T, deletedAt: null, data: situation });
		await offline.syncNow();
		decide = (item) => {
			if (item.mutation.kind !== 'situation.update') return 'default';
			return {
				mutationId: item.mutationId,
				status: 'conflict',
				reason: 'field-conflict',
				server: { entity: 'situation', id: situationId, version: 2, updatedAt: T, deletedAt: null, data: { ...situation, mainActivity: 'unemployed', version: 2 } },
				conflicts: [{ id: id(0xc0), entity: 'situation', entityId: situationId, field: 'mainActivity', base: 'employed', mine: 'student', server: 'unemployed', mutationId: item.mutationId, authorId: USER_A_ID, createdAt: T, resolvedAt: null, resolution: null }]
			};
		};
		expect(await records.updateSituation(situationId, { mainActivity: 'student' })).toBe(true);
		await offline.syncNow();
		const conflicts = await offline.listConflicts();
		expect(conflicts.map((c) => [c.entity, c.entityId, c.field])).toEqual([['situation', situationId, 'mainActivity']]);
		expect(await records.conflictClient(conflicts[0]!)).toEqual({ clientId: id(1), displayName: 'Ristiriita Esimerkki' });
		await offline.resolveConflict(conflicts[0]!.id, 'mine');
		expect(await offline.listConflicts()).toEqual([]);
		await offline.syncNow();
		expect(received.at(-1)?.mutation).toEqual({ kind: 'conflict.resolve', data: { id: id(0xc0), keep: 'mine' } });
	});

	it('online-only calls: OnlineRequiredError offline; upload streams the Blob with the X-Attachment headers', async () => {
		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Liite', startDate: '2026-01-01' });
		const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' });
		online = false;
		await expect(records.uploadAttachment(clientId, jpeg, 'signed-form', 'Suostumus')).rejects.toBeInstanceOf(OnlineRequiredError);
		await expect(records.revealHetu(clientId)).rejects.toBeInstanceOf(OnlineRequiredError);
		await expect(records.history(clientId)).rejects.toBeInstanceOf(OnlineRequiredError);
		await expect(records.fetchAttachment(id(9))).rejects.toBeInstanceOf(OnlineRequiredError);
		await expect(records.uploadAttachment(clientId, new Blob(['x'], { type: 'text/html' }), 'signed-form', null)).rejects.toMatchObject({
			errors: [{ field: 'file', code: 'type-mismatch' }]
		});
		online = true;
		const attachment = await records.uploadAttachment(clientId, jpeg, 'signed-form', 'Suostumus ä');
		expect(uploads).toHaveLength(1);
		expect(uploads[0]!.body).toBe(jpeg);
		expect(uploads[0]!.url).toBe(`/api/clients/${clientId}/attachments`);
		expect(uploads[0]!.headers.get('x-attachment-id')).toBe(attachment.id);
		expect(uploads[0]!.headers.get('x-attachment-kind')).toBe('signed-form');
		expect(uploads[0]!.headers.get('x-attachment-label')).toBe(encodeURIComponent('Suostumus ä'));
		expect((await records.get(clientId))?.attachments.map((a) => a.id)).toEqual([attachment.id]);
		// A consent by photo may name it.
		await records.addConsent(clientId, { purpose: 'processing', recipient: null, channel: null, textVersion: '1', method: 'photo', attachmentId: attachment.id, givenAt: T });
	});

	it('keeps no personal data in plain text in IndexedDB', async () => {
		const clientId = await records.create({
			unitId: WORKSHOP_ID,
			firstName: 'Salainen',
			lastName: 'Henkilö',
			startDate: '2026-01-01',
			phone: '+358 40 765 4321',
			streetAddress: 'Piilokatu 7',
			goals: 'Ammattiin valmistuminen'
		});
		await records.updateSensitive(clientId, { health: 'Astma ja uniongelmat' });
		await records.addMemo(clientId, { date: '2026-01-02', text: 'Muistio luottamuksellinen' });
		await records.setHetu(clientId, HETU);
		await records.get(clientId);
		expect((await records.get(clientId))?.sensitive).toMatchObject({ health: 'Astma ja uniongelmat', pending: true });
		const dump = await dumpIndexedDb(factory);
		for (const secret of ['Salainen', 'Henkilö', '765 4321', 'Piilokatu', 'Ammattiin', 'Astma', 'luottamuksellinen', HETU, '308T']) {
			expect(dump).not.toContain(secret);
		}
	});
});

describe('ClientRecordManager: ESF participation', () => {
	const start: Pick<EsfParticipationFields, 'startDate' | 'disadvantages' | 'disadvantageDeclined' | 'endDate' | 'employmentStatusAtEnd' | 'qualificationGained'> = {
		startDate: '2026-02-01',
		disadvantages: [],
		disadvantageDeclined: false,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null
	};
	const errorsOf = async (p: Promise<unknown>) => {
		const err = await p.then(
			() => null,
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(SubmitValidationError);
		return Object.fromEntries((err as SubmitValidationError).errors.map((e) => [e.field, e.code]));
	};
	const esfChange = (data: Record<string, unknown>, version = 1): SyncChange =>
		({ entity: 'esf-participation', id: data.id as string, version, updatedAt: T, deletedAt: null, data: { ...data, version } }) as SyncChange;

	it('suggests the start from the record, adds offline as pending, and the pull gives the participant number', async () => {
		online = false;
		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Esr', startDate: '2026-01-10', educationLevel: 'upper-secondary-vocational' });
		await records.addSituation(clientId, { date: '2026-01-20', phase: 'check', mainActivity: 'employed', meansOfLiving: null, housing: null, arrivalBasis: null });
		await records.addSituation(clientId, { date: '2026-01-10', phase: 'start', mainActivity: 'student', meansOfLiving: null, housing: null, arrivalBasis: null });
		expect((await records.get(clientId))?.esfPrefill).toEqual({ employmentStatusAtStart: 'inactive-in-education', educationAtStart: '3-4' });

		const esfId = await records.addEsfParticipation(clientId, {
			...start,
			projectCode: ' s30794 ',
			employmentStatusAtStart: 'inactive-in-education',
			educationAtStart: '3-4',
			disadvantages: ['disability']
		});
		let view = await records.get(clientId);
		expect(view?.esf).toEqual([expect.objectContaining({ id: esfId, projectCode: 'S30794', participantNumber: null, pending: true, disadvantages: ['disability'] })]);

		online = true;
		await offline.syncNow();
		const sent = received.find((r) => r.mutation.kind === 'esf-participation.create')?.mutation;
		expect(sent?.data).toEqual({ ...start, id: esfId, clientId, projectCode: 'S30794', employmentStatusAtStart: 'inactive-in-education', educationAtStart: '3-4', disadvantages: ['disability'] });
		log.push(esfChange({ ...(sent!.data as object), unitId: WORKSHOP_ID, participantNumber: 7, createdBy: USER_A_ID, createdAt: T, updatedAt: T, deletedAt: null }));
		await offline.syncNow();
		view = await records.get(clientId);
		expect(view?.esf[0]).toMatchObject({ participantNumber: 7, pending: false, version: 1 });

		// Ending it: a field patch of what changed, from the pulled version.
		expect(await records.updateEsfParticipation(esfId, { endDate: '2026-05-31', employmentStatusAtEnd: 'education', qualificationGained: 'no' })).toBe(true);
		expect(await records.updateEsfParticipation(esfId, { endDate: '2026-05-31' })).toBe(false);
		await offline.syncNow();
		expect(received.at(-1)?.mutation).toEqual({
			kind: 'esf-participation.update',
			data: {
				id: esfId,
				baseVersion: 1,
				changes: { endDate: { from: null, to: '2026-05-31' }, employmentStatusAtEnd: { from: null, to: 'education' }, qualificationGained: { from: null, to: 'no' } }
			}
		});
		// Disability is a special category: nowhere in IndexedDB in plain text.
		expect(await dumpIndexedDb(factory)).not.toContain('disability');
	});

	it('refuses invalid input naming the fields, and a second record of the same project', async () => {
		online = false;
		const clientId = await records.create({ unitId: WORKSHOP_ID, nickname: 'Kahdesti', startDate: '2026-01-01' });
		const fields: EsfParticipationFields = { ...start, projectCode: 'S30794', employmentStatusAtStart: 'unemployed', educationAtStart: '0-2' };
		expect(await errorsOf(records.addEsfParticipation(clientId, { ...fields, projectCode: 'ESR-1' }))).toEqual({ projectCode: 'invalid_format' });
		expect(await errorsOf(records.addEsfParticipation(clientId, { ...fields, endDate: '2026-01-31' }))).toEqual({ endDate: 'before-start' });
		expect(await errorsOf(records.addEsfParticipation(clientId, { ...fields, qualificationGained: 'yes' }))).toEqual({ qualificationGained: 'esf-not-ended' });
		expect(await errorsOf(records.addEsfParticipation(clientId, { ...fields, disadvantages: ['rural'], disadvantageDeclined: true }))).toEqual({ disadvantages: 'esf-declined' });
		const first = await records.addEsfParticipation(clientId, fields);
		expect(await errorsOf(records.addEsfParticipation(clientId, { ...fields, startDate: '2026-06-01' }))).toEqual({ projectCode: 'esf-duplicate' });
		const other = await records.addEsfParticipation(clientId, { ...fields, projectCode: 'T12345' });
		expect(await errorsOf(records.updateEsfParticipation(other, { projectCode: 's30794' }))).toEqual({ projectCode: 'esf-duplicate' });
		expect(await errorsOf(records.updateEsfParticipation(first, { employmentStatusAtEnd: 'employed' }))).toEqual({ employmentStatusAtEnd: 'esf-not-ended' });
		expect(await outboxKinds()).toEqual(['client.create', 'esf-participation.create', 'esf-participation.create']);
	});

	it('keeps disadvantages to those who reach the special categories', async () => {
		// A colleague's client in my unit: I may update it, but its special categories are not mine.
		log.push(clientChange(1));
		const esfId = id(0xe5);
		log.push(
			esfChange({
				id: esfId, clientId: id(1), unitId: WORKSHOP_ID, projectCode: 'S30794', startDate: '2026-01-01', employmentStatusAtStart: 'unemployed',
				educationAtStart: 'unknown', disadvantages: null, disadvantageDeclined: null, endDate: null, employmentStatusAtEnd: null, qualificationGained: null,
				participantNumber: 3, createdBy: USER_B_ID, createdAt: T, updatedAt: T, deletedAt: null
			})
		);
		await offline.syncNow();
		online = false;
		const view = await records.get(id(1));
		expect(view?.can.sensitive).toBe(false);
		expect(view?.esf[0]).toMatchObject({ participantNumber: 3, disadvantages: null, disadvantageDeclined: null });
		expect(await errorsOf(records.updateEsfParticipation(esfId, { disadvantages: ['rural'] }))).toEqual({ disadvantages: 'forbidden' });
		expect(await records.updateEsfParticipation(esfId, { educationAtStart: '0-2' })).toBe(true);
		expect(await errorsOf(records.addEsfParticipation(id(1), { ...start, projectCode: 'T12345', employmentStatusAtStart: 'unknown', educationAtStart: 'unknown', disadvantageDeclined: true }))).toEqual({
			disadvantages: 'forbidden'
		});
		await records.addEsfParticipation(id(1), { ...start, projectCode: 'T12345', employmentStatusAtStart: 'unknown', educationAtStart: 'unknown' });
		expect((await outboxKinds()).filter((k) => k.startsWith('esf'))).toEqual(['esf-participation.update', 'esf-participation.create']);
	});
});

describe('responsible workers and merges (shared client-workers.ts)', () => {
	const USER_C_ID = id(0xc);
	const ADMIN_ID = id(0xad);
	/** Colleagues of the workshop: B a coach, C an outreach worker of the other unit only, an admin-only account. */
	async function withColleagues(): Promise<void> {
		await offline.rememberMe({
			...me(),
			colleagues: [
				{ id: USER_A_ID, displayName: 'Maija', unitIds: [UNIT_ID, WORKSHOP_ID], roles: ['coach', 'outreach-worker'] },
				{ id: USER_B_ID, displayName: 'Bea', unitIds: [WORKSHOP_ID], roles: ['coach'] },
				{ id: USER_C_ID, displayName: 'Cecilia', unitIds: [UNIT_ID], roles: ['outreach-worker'] },
				{ id: ADMIN_ID, displayName: 'Admin', unitIds: [WORKSHOP_ID], roles: ['admin'] }
			]
		});
	}
	const codesOf = async (p: Promise<unknown>) => {
		const err = await p.then(
			() => null,
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(SubmitValidationError);
		return Object.fromEntries((err as SubmitValidationError).errors.map((e) => [e.field, e.code]));
	};

	it('offers only who may be named, hides the choice from a colleague who is not responsible, and refuses what the server would', async () => {
		await withColleagues();
		online = false;
		expect(nameableColleagues(offline.recordContext().colleagues, WORKSHOP_ID).map((w) => w.id)).toEqual([USER_A_ID, USER_B_ID]);
		expect(await codesOf(records.create({ unitId: WORKSHOP_ID, nickname: 'Kettu', startDate: '2026-01-01', responsibleWorkerIds: [USER_C_ID] }))).toEqual({
			responsibleWorkerIds: 'not-eligible'
		});
		expect(await codesOf(records.create({ unitId: WORKSHOP_ID, nickname: 'Kettu', startDate: '2026-01-01', responsibleWorkerIds: [ADMIN_ID] }))).toEqual({
			responsibleWorkerIds: 'not-eligible'
		});
		const mine = await records.create({ unitId: WORKSHOP_ID, nickname: 'Kettu', startDate: '2026-01-01', responsibleWorkerIds: [USER_A_ID] });
		expect(await records.update(mine, { responsibleWorkerIds: [USER_A_ID, USER_B_ID] })).toBe(true);

		// A colleague's client (made by B, B responsible): A edits it but does not name workers.
		online = true;
		log.push(clientChange(7, { createdBy: USER_B_ID, responsibleWorkerIds: [USER_B_ID] }));
		await offline.syncNow();
		const view = await records.get(id(7));
		expect(view?.can).toMatchObject({ update: true, sensitive: false, responsible: false });
		expect(await codesOf(records.update(id(7), { responsibleWorkerIds: [USER_B_ID, USER_A_ID] }))).toEqual({ responsibleWorkerIds: 'forbidden' });
		expect(await records.update(id(7), { phone: '+358 40 765 4321' })).toBe(true);
	});

	it('refuses merging a colleague\'s client into one\'s own: its special categories are not the user\'s', async () => {
		await withColleagues();
		log.push(clientChange(8, { createdBy: USER_B_ID, responsibleWorkerIds: [USER_B_ID] }), clientChange(9, { createdBy: USER_A_ID }));
		await offline.syncNow();
		expect(await codesOf(records.merge(id(9), { entity: 'client', id: id(8) }))).toEqual({ source: 'forbidden' });
		expect(await codesOf(records.merge(id(8), { entity: 'client', id: id(9) }))).toEqual({ targetId: 'forbidden' });
		expect((await outboxKinds()).filter((k) => k === 'client.merge')).toEqual([]);
	});
});
