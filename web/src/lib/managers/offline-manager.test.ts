import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Client, Me, PullResponse, SyncChange } from '@polku/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/client';
import { openPolkuDb, setMeta, userKeyOf, type PolkuDb } from '$lib/offline/db';
import { encryptRecord, recordAad, unlockVault, type TimerFns } from '$lib/offline/vault';
import {
	CLIENT_ID,
	ORG_ID,
	UNIT_ID,
	USER_A_ID,
	USER_B_ID,
	ME_RECORD_DEFAULTS,
	dumpIndexedDb,
	wireClient,
	fakeClientStore,
	fakeSyncServer,
	makeOrgKeyPair,
	type OrgKeyPair
} from '$lib/offline/sync-test-server';
import type { EncounterDraft } from '$lib/offline/types';
import { recordIdOf } from '$lib/offline/outbox';
import { ClientNotCachedError, LAST_USER_KEY, OfflineManager, SubmitValidationError, VaultChangedError, VaultLockedError, WrongPasswordError } from './offline-manager.svelte';

const FAST = { iterations: 1_000, allowWeakForTests: true } as const;
const A = userKeyOf(ORG_ID, USER_A_ID);
const B = userKeyOf(ORG_ID, USER_B_ID);
const PW_A = 'Sade-kadulla-2024!';
const PW_B = 'toinen salasana ä';

function me(userId: string, displayName: string, deviceLockSeconds = 900): Me {
	return {
		user: { id: userId, username: `u-${userId.slice(-1)}`, displayName, roles: ['outreach-worker'], unitIds: [UNIT_ID], locale: 'fi' },
		organisation: { id: ORG_ID, slug: 'demo', name: 'Demo-järjestö' },
		units: [],
		session: { expiresAt: '2030-01-01T00:00:00.000Z', idleTimeoutSeconds: 1800, deviceLockSeconds },
		...ME_RECORD_DEFAULTS
	};
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

/** The API as the device sees it: public key, device registration and the sync fake. */
function fakeApi(
	keys: OrgKeyPair,
	opts: {
		online?: () => boolean;
		device?: () => { status: 'active' | 'revoked'; wipe: boolean };
		pullStatus?: () => number | undefined;
		pullPages?: () => PullResponse[];
		/** Device ids the server revoked: registering them again is a 409 `device-revoked`. */
		revokedIds?: Set<string>;
	} = {}
) {
	const tokens = new Map<string, string>();
	const servers = new Map<string, ReturnType<typeof fakeSyncServer>>();
	const received: { token: string; kind: string; id: string }[] = [];
	let n = 0;
	const fetch: typeof globalThis.fetch = async (input, init) => {
		if (opts.online && !opts.online()) throw new TypeError('Failed to fetch');
		const url = new URL(String(input), 'http://device.test');
		if (url.pathname === '/api/organisation/public-key') return Response.json(keys.publicKey);
		if (url.pathname === '/api/devices' && init?.method === 'POST') {
			const body = JSON.parse(String(init.body)) as { id: string };
			if (opts.revokedIds?.has(body.id)) {
				return Response.json({ type: 'about:blank', title: 'Device revoked', status: 409, code: 'device-revoked' }, { status: 409, headers: { 'content-type': 'application/problem+json' } });
			}
			const token = `pd1.${body.id}.secret${n++}`;
			tokens.set(body.id, token);
			return Response.json({ id: body.id, token }, { status: 201 });
		}
		const auth = new Headers(init?.headers).get('authorization') ?? '';
		const token = auth.replace('Bearer ', '');
		let server = servers.get(token);
		if (!server) {
			server = fakeSyncServer({
				keys,
				token,
				get device() {
					return opts.device?.() ?? { status: 'active', wipe: false };
				},
				get pullStatus() {
					return opts.pullStatus?.();
				},
				get pullPages() {
					return opts.pullPages?.();
				},
				decide: (item) => {
					received.push({ token, kind: item.mutation.kind, id: recordIdOf(item.mutation) });
					return 'default';
				}
			});
			servers.set(token, server);
		}
		return server.fetch(input, init);
	};
	return { api: createApiClient({ fetch }), received, tokens };
}

function draft(overrides: Partial<EncounterDraft> = {}): EncounterDraft {
	return {
		occurredAt: '2025-05-01T12:30',
		channel: 'street',
		subject: { kind: 'anonymous-new', nickname: 'Kettu-Ville', birthYearEstimate: 2007, gender: 'male', municipality: '091' },
		topics: ['substances'],
		actions: ['discussion'],
		durationMinutes: 10,
		note: 'Puhuttiin päihteistä ja asunnosta',
		followUpDate: '2025-05-08',
		unitId: null,
		...overrides
	};
}

let keys: OrgKeyPair;
let factory: IDBFactory;
let db: PolkuDb;
let storage: MemoryStorage;
let online: boolean;

beforeAll(async () => {
	keys = await makeOrgKeyPair(ORG_ID);
});
beforeEach(() => {
	factory = new IDBFactory();
	db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
	storage = new MemoryStorage();
	online = true;
});
afterEach(async () => {
	await db.delete();
});

function manager(fake: ReturnType<typeof fakeApi>) {
	return new OfflineManager({
		db: () => db,
		api: fake.api,
		storage: storage as unknown as Storage,
		kdf: FAST,
		autoStart: false,
		persist: async () => true,
		registerSync: async () => {}
	});
}

describe('OfflineManager', () => {
	it('after login: creates the vault, registers the device, keeps the public key and points at the user by id only', async () => {
		const fake = fakeApi(keys);
		const sut = manager(fake);
		await sut.afterLogin(me(USER_A_ID, 'Maija Työntekijä'), PW_A);
		expect(sut.state).toBe('unlocked');
		expect(sut.userKey).toBe(A);
		expect(sut.persisted).toBe(true);
		expect((await db.devices.get(A))?.token).toMatch(/^pd1\./);
		expect((await db.meta.get([A, 'publicKey']))?.value).toEqual(keys.publicKey);
		expect(JSON.parse(storage.getItem(LAST_USER_KEY)!)).toEqual({ organisationId: ORG_ID, userId: USER_A_ID, deviceLockSeconds: 900 });
		await sut.syncNow();
		expect(sut.lastSyncError).toBeNull();
		expect(sut.lastSyncAt).toEqual(expect.any(Number));
		const dump = await dumpIndexedDb(factory);
		expect(dump).not.toContain('Maija');
		expect(dump).not.toContain('Demo-järjestö');
	});

	it('renews the device token at every sign-in (same id); a revoked id keeps its token so the queue is handed over and the device wipes', async () => {
		const revokedIds = new Set<string>();
		let revoked = false;
		const fake = fakeApi(keys, { revokedIds, device: () => (revoked ? { status: 'revoked', wipe: true } : { status: 'active', wipe: false }) });
		const sut = manager(fake);
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		const first = await db.devices.get(A);
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		const second = await db.devices.get(A);
		expect(second?.deviceId).toBe(first?.deviceId);
		expect(second?.token).not.toBe(first?.token);
		expect(second?.token).toBe(fake.tokens.get(second?.deviceId ?? ''));

		await sut.submitEncounter(sut.newEncounterId(), draft());
		revokedIds.add(second?.deviceId ?? '');
		revoked = true;
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		await sut.syncNow();
		// No new id was made: the old token delivered the queue, then the device was wiped.
		expect([...fake.tokens.keys()]).toEqual([second?.deviceId]);
		expect(fake.received.map((r) => r.kind)).toEqual(['anonymous-contact.create', 'encounter.create']);
		expect(sut.wiped).toBe(true);
		expect(await db.outbox.where('userKey').equals(A).count()).toBe(0);
	});

	it('submits offline: anonymous contact before its encounter, sealed, draft gone, nothing readable on disk; then delivers once', async () => {
		online = false;
		const fake = fakeApi(keys, { online: () => online });
		const sut = manager(fake);
		// Log in online, then lose the connection.
		online = true;
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		await sut.syncNow();
		online = false;

		const id = sut.newEncounterId();
		await sut.saveDraft(id, draft());
		expect(sut.counts.drafts).toBe(1);
		expect(await sut.loadDraft(id)).toEqual(draft());
		await sut.submitEncounter(id, draft());
		await sut.syncNow();
		expect(sut.lastSyncError).toBe('offline');
		expect(await sut.loadDraft(id)).toBeNull();
		const rows = await db.outbox.orderBy('mutationId').toArray();
		expect(rows.map((r) => r.kind)).toEqual(['anonymous-contact.create', 'encounter.create']);
		expect(rows[1]?.recordId).toBe(id);
		expect(sut.counts).toMatchObject({ drafts: 0, queued: 2 });
		expect(await sut.unsentCount()).toBe(2);

		const listed = await sut.listEncounters();
		expect(listed).toHaveLength(1);
		expect(listed[0]).toMatchObject({ id, pending: true, outboxState: 'queued', note: 'Puhuttiin päihteistä ja asunnosta', subject: { kind: 'anonymous', nickname: 'Kettu-Ville' } });
		expect(listed[0]?.occurredAt).toBe(new Date('2025-05-01T12:30').toISOString());
		expect((await sut.searchAnonymousContacts('kettu'))[0]?.nickname).toBe('Kettu-Ville');

		const dump = await dumpIndexedDb(factory);
		for (const secret of ['Kettu-Ville', 'päihteistä', 'asunnosta', 'substances', 'Maija']) expect(dump).not.toContain(secret);

		online = true;
		await sut.syncNow();
		expect(fake.received.map((r) => r.kind)).toEqual(['anonymous-contact.create', 'encounter.create']);
		expect(await db.outbox.count()).toBe(0);
		expect(sut.counts.queued).toBe(0);
		await sut.syncNow();
		expect(fake.received).toHaveLength(2);
	});

	it('refuses an incomplete encounter naming the draft fields, and queues nothing', async () => {
		const sut = manager(fakeApi(keys));
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		const error = await sut
			.submitEncounter(sut.newEncounterId(), draft({ channel: null, subject: null, occurredAt: '', durationMinutes: 0 }))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SubmitValidationError);
		const fields = (error as SubmitValidationError).errors.map((e) => e.field).sort();
		expect(fields).toEqual(['channel', 'durationMinutes', 'occurredAt', 'subject']);
		const anon = await sut
			.submitEncounter(sut.newEncounterId(), draft({ subject: { kind: 'anonymous-new', nickname: ' ', birthYearEstimate: 3000, gender: 'x', municipality: '091' } }))
			.catch((e: unknown) => e);
		expect((anon as SubmitValidationError).errors.map((e) => e.field).sort()).toEqual(['subject.birthYearEstimate', 'subject.gender', 'subject.nickname']);
		expect(await db.outbox.count()).toBe(0);
	});

	it('locks and unlocks offline; a wrong password unlocks nothing', async () => {
		const sut = manager(fakeApi(keys));
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		const id = sut.newEncounterId();
		await sut.saveDraft(id, draft());
		sut.lock();
		expect(sut.state).toBe('locked');
		await expect(sut.loadDraft(id)).rejects.toBeInstanceOf(VaultLockedError);

		// A reload: a new manager over the same storage knows the last user and starts locked.
		const reloaded = manager(fakeApi(keys, { online: () => false }));
		await reloaded.start();
		expect(reloaded.state).toBe('locked');
		expect(reloaded.counts.drafts).toBe(1);
		await expect(reloaded.unlock('väärä')).rejects.toBeInstanceOf(WrongPasswordError);
		expect(reloaded.state).toBe('locked');
		await reloaded.unlock(PW_A);
		expect(reloaded.state).toBe('unlocked');
		expect(await reloaded.loadDraft(id)).toEqual(draft());
	});

	describe('organisation context after an offline reload (settings, local codes, colleagues)', () => {
		const COLLEAGUE_ID = '0190a0b2-7c4e-7a11-8f00-0000000000c1';
		const WORKSHOP_ID = '0190a0b2-7c4e-7a11-8f00-0000000000f2';
		const at = '2025-01-01T00:00:00.000Z';
		function withRecord(base: Me, colleagueName: string, localLabel: string): Me {
			return {
				...base,
				user: { ...base.user, unitIds: [UNIT_ID, WORKSHOP_ID] },
				units: [
					{ id: UNIT_ID, name: 'Etsivät Itä', kind: 'outreach', createdAt: at, updatedAt: at, deletedAt: null },
					{ id: WORKSHOP_ID, name: 'Paja Länsi', kind: 'workshop', createdAt: at, updatedAt: at, deletedAt: null }
				],
				settings: { hetuUnitKinds: ['workshop', 'outreach'], requiredClientFields: ['startDate', 'educationLevel', 'motherTongue'] },
				codeOverrides: {
					'mother-tongue': {
						hidden: ['se'],
						local: [{ code: 'local:karjala', labels: { fi: localLabel, sv: 'Karelska-sv', en: 'Karelian-en' }, mapsTo: 'other', hidden: false }]
					}
				},
				colleagues: [{ id: COLLEAGUE_ID, displayName: colleagueName, unitIds: [WORKSHOP_ID] }]
			};
		}
		const pick = (m: Me) => ({ settings: m.settings, codeOverrides: m.codeOverrides, colleagues: m.colleagues, units: m.units, unitIds: m.user.unitIds });

		it('keeps them in the encrypted profile: a fresh manager unlocked offline has them, IndexedDB holds none in plain text', async () => {
			const first = withRecord(me(USER_A_ID, 'Maija'), 'Pekka Kollegainen', 'Karjalan kieli');
			const sut = manager(fakeApi(keys));
			await sut.afterLogin(first, PW_A);
			expect(sut.orgContext).toMatchObject(pick(first));
			sut.lock();
			expect(sut.orgContext).toBeNull();

			const reloaded = manager(fakeApi(keys, { online: () => false }));
			await reloaded.start();
			expect(reloaded.orgContext).toBeNull();
			await reloaded.unlock(PW_A);
			expect(reloaded.orgContext).toEqual({ userId: USER_A_ID, displayName: 'Maija', roles: ['outreach-worker'], ...pick(first) });
			expect(reloaded.recordContext()).toEqual(reloaded.orgContext);
			expect(reloaded.units).toEqual(first.units);

			const dump = await dumpIndexedDb(factory);
			for (const secret of ['Pekka', 'Kollegainen', 'Karjalan kieli', 'Karelska-sv', 'local:karjala', 'educationLevel', 'motherTongue', 'Paja Länsi', 'Etsivät']) {
				expect(dump).not.toContain(secret);
			}
		});

		it('refreshes the stored profile from every /api/me: at once while unlocked, at the next unlock while locked', async () => {
			const first = withRecord(me(USER_A_ID, 'Maija'), 'Pekka Kollegainen', 'Karjalan kieli');
			const sut = manager(fakeApi(keys));
			await sut.afterLogin(first, PW_A);
			const revision = sut.revision;

			// Online refresh while unlocked: an admin added a colleague and renamed the local code.
			const second = withRecord(first, 'Pekka Kollegainen', 'karjala (uusi nimi)');
			second.colleagues = [...second.colleagues, { id: USER_B_ID, displayName: 'Liisa Uusi', unitIds: [UNIT_ID] }];
			await sut.rememberMe(second);
			expect(sut.orgContext).toMatchObject(pick(second));
			expect(sut.revision).toBeGreaterThan(revision);
			sut.lock();
			const reloaded = manager(fakeApi(keys, { online: () => false }));
			await reloaded.start();
			await reloaded.unlock(PW_A);
			expect(reloaded.orgContext).toMatchObject(pick(second));

			// /api/me answered while the vault was locked (an online reload): stored at the next unlock.
			reloaded.lock();
			const third = { ...second, settings: { hetuUnitKinds: ['integration' as const], requiredClientFields: ['startDate' as const] } };
			await reloaded.rememberMe(third);
			expect(reloaded.orgContext).toBeNull();
			await reloaded.unlock(PW_A);
			expect(reloaded.orgContext?.settings).toEqual(third.settings);
			reloaded.lock();
			const again = manager(fakeApi(keys, { online: () => false }));
			await again.start();
			await again.unlock(PW_A);
			expect(again.orgContext).toMatchObject(pick(third));

			// Another user's /api/me never touches this user's profile.
			await again.rememberMe(withRecord(me(USER_B_ID, 'Bertta'), 'Vieras Kollega', 'vieras'));
			expect(again.orgContext).toMatchObject(pick(third));

			const dump = await dumpIndexedDb(factory);
			for (const secret of ['Liisa', 'Pekka', 'uusi nimi', 'Vieras', 'integration']) expect(dump).not.toContain(secret);
		});

		it('a profile stored before issue 4 unlocks with the organisation defaults', async () => {
			const sut = manager(fakeApi(keys));
			await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
			// Rewrite the stored profile as an issue-3 device wrote it (no record settings).
			const legacy = { organisationId: ORG_ID, organisationSlug: 'demo', organisationName: 'Demo', userId: USER_A_ID, displayName: 'Maija', unitIds: [UNIT_ID], units: [], deviceLockSeconds: 900 };
			const dek = await unlockVault(db, A, PW_A);
			await setMeta(db, A, 'profile', await encryptRecord(dek, recordAad(A, 'meta', 'profile'), legacy));
			sut.lock();
			await sut.unlock(PW_A);
			expect(sut.orgContext).toMatchObject({ roles: [], colleagues: [], codeOverrides: {}, settings: { requiredClientFields: ['startDate'] } });
		});
	});

	it('locks itself after deviceLockSeconds without activity', async () => {
		// The idle timer is driven by hand, so a busy machine cannot make the test early or late.
		const pending = new Map<number, { fn: () => void; ms: number }>();
		let handle = 0;
		const timers: TimerFns = {
			setTimeout: (fn, ms) => {
				pending.set(++handle, { fn, ms });
				return handle;
			},
			clearTimeout: (h) => pending.delete(h as number)
		};
		const sut = new OfflineManager({
			db: () => db,
			api: fakeApi(keys).api,
			storage: storage as unknown as Storage,
			kdf: FAST,
			autoStart: false,
			persist: async () => true,
			registerSync: async () => {},
			timers
		});
		await sut.afterLogin(me(USER_A_ID, 'Maija', 1), PW_A);
		expect(sut.state).toBe('unlocked');
		expect([...pending.values()].map((t) => t.ms)).toEqual([1000]);
		const first = [...pending.keys()];
		sut.touch();
		// Activity replaces the timer: the old one can no longer lock the vault.
		expect(first.some((h) => pending.has(h))).toBe(false);
		expect(pending.size).toBe(1);
		expect(sut.state).toBe('unlocked');
		for (const { fn } of [...pending.values()]) fn();
		expect(sut.state).toBe('locked');
	});

	it("says the vault changed when the login password no longer opens it", async () => {
		const sut = manager(fakeApi(keys));
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		sut.lock();
		await expect(sut.afterLogin(me(USER_A_ID, 'Maija'), 'uusi salasana')).rejects.toBeInstanceOf(VaultChangedError);
		await sut.recoverVault(me(USER_A_ID, 'Maija'), PW_A, 'uusi salasana');
		await sut.afterLogin(me(USER_A_ID, 'Maija'), 'uusi salasana');
		expect(sut.state).toBe('unlocked');
	});

	it("another user's login leaves the first user's unsent items and drafts intact", async () => {
		const fake = fakeApi(keys, { online: () => online });
		const sut = manager(fake);
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		online = false;
		const kept = sut.newEncounterId();
		await sut.saveDraft(kept, draft({ note: 'A:n keskeneräinen' }));
		await sut.submitEncounter(sut.newEncounterId(), draft());
		await sut.syncNow();
		sut.lock();
		online = true;

		await sut.afterLogin(me(USER_B_ID, 'Pekka'), PW_B);
		await sut.syncNow();
		expect(sut.userKey).toBe(B);
		expect(sut.counts).toMatchObject({ drafts: 0, queued: 0 });
		expect(await sut.listDrafts()).toEqual([]);
		expect(await sut.listEncounters()).toEqual([]);
		expect(await db.outbox.where('userKey').equals(A).count()).toBe(2);
		expect(await db.drafts.where('userKey').equals(A).count()).toBe(1);
		expect(fake.received).toHaveLength(0);

		// A signs in again: their items go with A's device token.
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		await sut.syncNow();
		expect(fake.received.map((r) => r.kind)).toEqual(['anonymous-contact.create', 'encounter.create']);
		expect(await sut.loadDraft(kept)).toMatchObject({ note: 'A:n keskeneräinen' });
	});

	it('wipes the user on a wipe answer after pushing their queue, and nobody else', async () => {
		let revoked = false;
		const fake = fakeApi(keys, { online: () => online, device: () => (revoked ? { status: 'revoked', wipe: true } : { status: 'active', wipe: false }) });
		const sut = manager(fake);
		await sut.afterLogin(me(USER_B_ID, 'Pekka'), PW_B);
		await sut.saveDraft(sut.newEncounterId(), draft());
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		online = false;
		await sut.submitEncounter(sut.newEncounterId(), draft());
		await sut.syncNow();
		online = true;
		revoked = true;
		await sut.syncNow();
		expect(fake.received.map((r) => r.kind)).toEqual(['anonymous-contact.create', 'encounter.create']);
		expect(sut.wiped).toBe(true);
		expect(sut.state).toBe('none');
		expect(storage.getItem(LAST_USER_KEY)).toBeNull();
		for (const table of [db.vaults, db.devices, db.drafts, db.outbox]) {
			expect((await table.toArray()).map((r) => r.userKey).filter((k) => k === A)).toEqual([]);
		}
		expect(await db.vaults.get(B)).toBeDefined();
		expect(await db.drafts.where('userKey').equals(B).count()).toBe(1);
	});

	it('pulls clients for offline search and marks a session that ended, while pushes still go', async () => {
		const T = '2025-05-01T10:00:00.000Z';
		const clientChange: SyncChange = {
			entity: 'client',
			id: CLIENT_ID,
			version: 1,
			updatedAt: T,
			deletedAt: null,
			data: wireClient({ id: CLIENT_ID, unitId: UNIT_ID, firstName: 'Aada', lastName: 'Esimerkki', nickname: 'Ädä', birthYear: 2006, gender: 'female', municipality: '091', version: 1, createdBy: USER_B_ID, createdAt: T, updatedAt: T, deletedAt: null })
		};
		const status: { pull?: number } = {};
		const fake = fakeApi(keys, {
			pullStatus: () => status.pull,
			pullPages: () => [{ changes: [clientChange], cursor: '1', more: false, device: { status: 'active', wipe: false } }]
		});
		const sut = manager(fake);
		await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
		await sut.syncNow();
		expect(await sut.searchClients('aada')).toEqual([{ id: CLIENT_ID, displayName: 'Aada Esimerkki', nickname: 'Ädä', birthYear: 2006 }]);
		expect((await sut.searchClients('ADA'))[0]?.id).toBe(CLIENT_ID);
		expect(await sut.searchClients('leo')).toEqual([]);

		status.pull = 401;
		await sut.submitEncounter(sut.newEncounterId(), draft({ subject: { kind: 'client', clientId: CLIENT_ID } }));
		await sut.syncNow();
		expect(sut.lastSyncError).toBe('unauthenticated');
		expect(fake.received.map((r) => r.kind)).toEqual(['encounter.create']);
		expect(await db.outbox.count()).toBe(0);
	});

	describe('client edits and conflicts (issue 3, point 5)', () => {
		const T = '2025-05-01T10:00:00.000Z';
		const seed = (): Client =>
			wireClient({
			id: CLIENT_ID,
			unitId: UNIT_ID,
			firstName: 'Venla',
			lastName: 'Näytetty',
			nickname: 'Vene',
			birthYear: 2006,
			gender: 'other',
			municipality: '853',
			version: 1,
			createdBy: USER_A_ID,
			createdAt: T,
			updatedAt: T,
			deletedAt: null
			});

		/** One user's device API against the shared store; `online()` false = no network. */
		function storeApi(store: ReturnType<typeof fakeClientStore>, userId: string, online: () => boolean = () => true) {
			const received: { kind: string; data: unknown }[] = [];
			let server: ReturnType<typeof fakeSyncServer> | null = null;
			const fetch: typeof globalThis.fetch = async (input, init) => {
				if (!online()) throw new TypeError('Failed to fetch');
				const url = new URL(String(input), 'http://device.test');
				if (url.pathname === '/api/organisation/public-key') return Response.json(keys.publicKey);
				if (url.pathname === '/api/devices' && init?.method === 'POST') {
					const body = JSON.parse(String(init.body)) as { id: string };
					const token = `pd1.${body.id}.secret`;
					server = fakeSyncServer({
						keys,
						token,
						pull: (since) => store.pull(since, userId),
						decide: (item) => {
							received.push({ kind: item.mutation.kind, data: item.mutation.data });
							return store.decide(item, userId);
						}
					});
					return Response.json({ id: body.id, token }, { status: 201 });
				}
				if (!server) return new Response(null, { status: 401 });
				return server.fetch(input, init);
			};
			return { api: createApiClient({ fetch }), received };
		}

		function deviceOf(api: ReturnType<typeof storeApi>, database: PolkuDb, store: MemoryStorage) {
			return new OfflineManager({
				db: () => database,
				api: api.api,
				storage: store as unknown as Storage,
				kdf: FAST,
				autoStart: false,
				persist: async () => true,
				registerSync: async () => {}
			});
		}

		it('edits a cached client as a field patch against its version; a field changed on both sides becomes a conflict its author resolves, nothing lost', async () => {
			const store = fakeClientStore([seed()]);
			const netB = { online: true };
			const apiA = storeApi(store, USER_A_ID);
			const apiB = storeApi(store, USER_B_ID, () => netB.online);
			const dbB = openPolkuDb({ indexedDB: new IDBFactory(), IDBKeyRange });
			const a = deviceOf(apiA, db, storage);
			const b = deviceOf(apiB, dbB, new MemoryStorage());
			try {
				await a.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
				await b.afterLogin(me(USER_B_ID, 'Pekka'), PW_B);
				await a.syncNow();
				await b.syncNow();
				expect(await a.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Vene', birthYear: 2006, version: 1, pending: false });
				expect(await a.getClient('0190a0b2-7c4e-7a11-8f00-0000000000c9')).toBeNull();

				// B is offline and edits the nickname; A edits nickname and birth year and syncs first.
				netB.online = false;
				expect(await b.updateClient(CLIENT_ID, { nickname: 'Venski', firstName: 'Venla' })).toBe(true);
				expect(await b.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Venski', pending: true, version: 1 });
				await b.refreshCounts();
				expect(b.counts.queued).toBe(1);
				expect(await a.updateClient(CLIENT_ID, { nickname: 'Veikka', birthYear: 2005 })).toBe(true);
				await a.syncNow();
				expect(apiA.received).toEqual([
					{ kind: 'client.update', data: { id: CLIENT_ID, baseVersion: 1, changes: { nickname: { from: 'Vene', to: 'Veikka' }, birthYear: { from: 2006, to: 2005 } } } }
				]);
				expect(await a.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Veikka', birthYear: 2005, version: 2, pending: false });

				// B comes online: the birth year merges, the nickname is a conflict B sees.
				netB.online = true;
				await b.syncNow();
				expect(apiB.received).toEqual([{ kind: 'client.update', data: { id: CLIENT_ID, baseVersion: 1, changes: { nickname: { from: 'Vene', to: 'Venski' } } } }]);
				expect(b.counts).toMatchObject({ queued: 0, rejected: 0, conflicts: 1 });
				const conflicts = await b.listConflicts();
				expect(conflicts).toHaveLength(1);
				expect(conflicts[0]).toMatchObject({ field: 'nickname', mine: 'Venski', server: 'Veikka', base: 'Vene', entityId: CLIENT_ID });
				expect(await b.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Veikka', birthYear: 2005, version: 2, pending: false });
				expect(await a.listConflicts()).toEqual([]);
				// Nothing readable on B's disk.
				expect(await dumpIndexedDb(factory)).not.toContain('Venski');

				// B keeps theirs: queued as conflict.resolve, and the server takes it.
				await b.resolveConflict(conflicts[0]!.id, 'mine');
				expect(await b.listConflicts()).toEqual([]);
				await b.syncNow();
				expect(apiB.received.at(-1)).toEqual({ kind: 'conflict.resolve', data: { id: conflicts[0]!.id, keep: 'mine' } });
				expect(b.counts).toMatchObject({ queued: 0, rejected: 0, conflicts: 0 });
				expect(await b.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Venski', birthYear: 2005, version: 3 });
				expect(store.clients.get(CLIENT_ID)).toMatchObject({ nickname: 'Venski', birthYear: 2005, version: 3 });
			} finally {
				await dbB.delete();
			}
		});

		it('shows conflicts that arrive only by pull (the service worker pushed without the device key)', async () => {
			const store = fakeClientStore([seed()]);
			const net = { online: true };
			const apiB = storeApi(store, USER_B_ID, () => net.online);
			const b = deviceOf(apiB, db, storage);
			await b.afterLogin(me(USER_B_ID, 'Pekka'), PW_B);
			await b.syncNow();
			net.online = false;
			await b.updateClient(CLIENT_ID, { nickname: 'Venski' });
			await b.syncNow();
			expect(await db.outbox.count()).toBe(1);
			// Someone else changed the nickname on the server meanwhile.
			const current = store.clients.get(CLIENT_ID)!;
			store.clients.set(CLIENT_ID, { ...current, nickname: 'Veikka', version: 2 });
			b.lock();
			net.online = true;
			await b.syncNow(); // push only: the vault is locked, as in the service worker
			expect(await db.outbox.count()).toBe(0);
			expect(await db.records.where('[userKey+entity]').equals([B, 'conflict']).count()).toBe(0);
			await b.unlock(PW_B);
			await b.syncNow();
			expect(await b.listConflicts()).toMatchObject([{ field: 'nickname', mine: 'Venski', server: 'Veikka' }]);
			expect(b.counts.conflicts).toBe(1);
		});

		it('discarding a refused client edit drops the edited copy and brings the server version back', async () => {
			const store = fakeClientStore([seed()]);
			const accept = store.decide;
			store.decide = (item, authorId) =>
				item.mutation.kind === 'client.update'
					? {
							mutationId: item.mutationId,
							status: 'rejected',
							problem: { type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', errors: [{ field: 'data.id', code: 'forbidden', message: 'x' }] }
						}
					: accept(item, authorId);
			const sut = deviceOf(storeApi(store, USER_A_ID), db, storage);
			await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
			await sut.syncNow();
			await sut.updateClient(CLIENT_ID, { nickname: 'Venski' });
			await sut.syncNow();
			const [item] = await sut.listQuarantine();
			expect(item).toMatchObject({ kind: 'client.update' });
			expect(await sut.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Venski', pending: true });
			await sut.discardQuarantined(item!.mutationId);
			await sut.syncNow();
			expect(await sut.listQuarantine()).toEqual([]);
			expect(await sut.getClient(CLIENT_ID)).toMatchObject({ nickname: 'Vene', version: 1, pending: false });
		});

		it('refuses invalid edits naming client fields, queues nothing for no change, and needs a cached client', async () => {
			const store = fakeClientStore([seed()]);
			const sut = deviceOf(storeApi(store, USER_A_ID), db, storage);
			await sut.afterLogin(me(USER_A_ID, 'Maija'), PW_A);
			await sut.syncNow();
			await expect(sut.updateClient(CLIENT_ID, { birthYear: 1800, gender: 'nope' as 'unknown' })).rejects.toMatchObject({
				name: 'SubmitValidationError',
				errors: [expect.objectContaining({ field: 'birthYear' }), expect.objectContaining({ field: 'gender' })]
			});
			await expect(sut.updateClient(CLIENT_ID, { nickname: ' ', lastName: null })).rejects.toBeInstanceOf(SubmitValidationError);
			expect(await sut.updateClient(CLIENT_ID, { nickname: 'Vene', birthYear: 2006 })).toBe(false);
			await expect(sut.updateClient('0190a0b2-7c4e-7a11-8f00-0000000000c9', { nickname: 'X' })).rejects.toBeInstanceOf(ClientNotCachedError);
			expect(await db.outbox.count()).toBe(0);
		});
	});
});
