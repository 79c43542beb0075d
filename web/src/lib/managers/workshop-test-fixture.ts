/**
 * Test support only (imported by the workshop and kiosk manager tests, never by the app): a signed-in
 * coach with a workshop, a fake sync server that opens the real sealed envelopes, real WebCrypto and
 * fake-indexeddb, and wire records of the workshop's participants and periods.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { AttendanceSummary, Client, CoachingPeriod, Me, PullResponse, SyncChange } from '@polku/shared';
import { createApiClient } from '$lib/api/client';
import { openPolkuDb, type PolkuDb } from '$lib/offline/db';
import { ORG_ID, UNIT_ID, USER_A_ID, USER_B_ID, fakeSyncServer, wireClient, type OrgKeyPair, type ReceivedItem } from '$lib/offline/sync-test-server';
import { OfflineManager } from './offline-manager.svelte';

export const FAST = { iterations: 1_000, allowWeakForTests: true } as const;
export const PW = 'Paja-tiistaina-2026!';
export const WORKSHOP_ID = '0190a0b2-7c4e-7a11-8f00-0000000000f2';
export const OTHER_WORKSHOP_ID = '0190a0b2-7c4e-7a11-8f00-0000000000f4';
export const T = '2026-01-05T08:00:00.000Z';
/** Wednesday 4 March 2026, 11:00 in Helsinki. */
export const NOW = Date.parse('2026-03-04T09:00:00.000Z');
export const id = (n: number) => `0190a0b2-7c4e-7a11-8f00-${n.toString(16).padStart(12, '0')}`;

export function me(): Me {
	const unit = (uid: string, name: string, kind: 'outreach' | 'workshop') => ({ id: uid, name, kind, createdAt: T, updatedAt: T, deletedAt: null });
	return {
		user: { id: USER_A_ID, username: 'coach', displayName: 'Maija', roles: ['coach'], unitIds: [UNIT_ID, WORKSHOP_ID], locale: 'fi' },
		organisation: { id: ORG_ID, slug: 'demo', name: 'Demo' },
		units: [unit(UNIT_ID, 'Etsivä', 'outreach'), unit(WORKSHOP_ID, 'Puupaja', 'workshop'), unit(OTHER_WORKSHOP_ID, 'Kahvila', 'workshop')],
		session: { expiresAt: '2030-01-01T00:00:00.000Z', idleTimeoutSeconds: 1800, deviceLockSeconds: 900 },
		settings: { hetuUnitKinds: ['workshop'], requiredClientFields: [] },
		codeOverrides: {},
		colleagues: []
	};
}

export function clientChange(n: number, firstName: string, unitId = UNIT_ID): SyncChange {
	const c: Client = wireClient({
		id: id(n),
		unitId,
		firstName,
		lastName: 'Esimerkki',
		nickname: null,
		birthYear: 2004,
		gender: 'female',
		municipality: '091',
		version: 1,
		createdBy: USER_B_ID,
		createdAt: T,
		updatedAt: T,
		deletedAt: null
	});
	return { entity: 'client', id: c.id, version: 1, updatedAt: T, deletedAt: null, data: c };
}

export function period(n: number, clientN: number, over: Partial<CoachingPeriod> = {}): CoachingPeriod {
	return {
		id: id(n),
		clientId: id(clientN),
		unitId: WORKSHOP_ID,
		type: 'youth-workshop',
		workCoachId: USER_A_ID,
		individualCoachId: null,
		referringOrganisation: null,
		referringContact: null,
		payingOrganisation: 'Kaupungin sosiaalipalvelut',
		payingContact: null,
		contractStart: '2026-01-05',
		contractEnd: null,
		daysPerWeek: 5,
		hoursPerDay: 6,
		weekdays: [1, 2, 3, 4, 5],
		priceCents: null,
		priceUnit: null,
		expenseCompensationCents: 900,
		startDate: '2026-01-05',
		endDate: null,
		placementAfter: null,
		workTimePlan: null,
		version: 1,
		createdBy: USER_B_ID,
		createdAt: T,
		updatedAt: T,
		deletedAt: null,
		...over
	};
}

export function change<E extends SyncChange['entity']>(entity: E, data: { id: string; version: number; updatedAt: string }): SyncChange {
	return { entity, id: data.id, version: data.version, updatedAt: data.updatedAt, deletedAt: null, data } as SyncChange;
}

export class MemoryStorage {
	readonly map = new Map<string, string>();
	getItem(k: string) {
		return this.map.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.map.set(k, v);
	}
	removeItem(k: string) {
		this.map.delete(k);
	}
}

export interface Harness {
	factory: IDBFactory;
	db: PolkuDb;
	offline: OfflineManager;
	storage: MemoryStorage;
	/** What the fake server's pull hands out, in order (cursor = index). */
	log: SyncChange[];
	readonly received: ReceivedItem[];
	/** Requests to other API paths (the summary), as path + query. */
	requests: string[];
	state: { now: number; online: boolean; summary: AttendanceSummary | null };
	fetch: typeof globalThis.fetch;
}

/** A coach signed in on a fresh device, with the fake server's log as given, pulled once. */
export async function setUp(keys: OrgKeyPair, log: SyncChange[]): Promise<Harness> {
	const factory = new IDBFactory();
	const db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
	const state: Harness['state'] = { now: NOW, online: true, summary: null };
	const storage = new MemoryStorage();
	const requests: string[] = [];
	let server: ReturnType<typeof fakeSyncServer> | null = null;
	const fetch: typeof globalThis.fetch = async (input, init) => {
		if (!state.online) throw new TypeError('Failed to fetch');
		const url = new URL(String(input), 'http://device.test');
		if (url.pathname === '/api/organisation/public-key') return Response.json(keys.publicKey);
		if (url.pathname === '/api/devices') {
			const body = JSON.parse(String(init!.body)) as { id: string };
			const token = `pd1.${body.id}.secret`;
			server = fakeSyncServer({
				keys,
				token,
				pull: (since) => {
					const from = since ? Number(since) : 0;
					return { changes: log.slice(from), cursor: String(log.length), more: false, device: { status: 'active', wipe: false } } satisfies PullResponse;
				}
			});
			return Response.json({ id: body.id, token }, { status: 201 });
		}
		if (url.pathname.startsWith('/api/attendance/')) {
			requests.push(url.pathname + url.search);
			return Response.json(state.summary);
		}
		return server!.fetch(input, init);
	};
	const offline = new OfflineManager({
		db: () => db,
		api: createApiClient({ fetch }),
		storage: storage as unknown as Storage,
		kdf: FAST,
		autoStart: false,
		persist: async () => true,
		registerSync: async () => undefined,
		now: () => state.now
	});
	const harness: Harness = {
		factory,
		db,
		offline,
		storage,
		log,
		get received() {
			return server?.received ?? [];
		},
		requests,
		state,
		fetch
	};
	await offline.afterLogin(me(), PW);
	await offline.syncNow();
	return harness;
}
