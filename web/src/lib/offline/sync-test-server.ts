/**
 * Test support only (imported by *.test.ts, never by the app): a stand-in for the sync API that
 * opens sealed envelopes with its own, independent WebCrypto implementation of the seal format
 * (shared/src/seal.ts, "ECDH-ES+HKDF-SHA256+A256GCM" v1), so a device test proves the envelopes
 * are what the server will open. The real server is tested in api/.
 */
import {
	CLIENT_FIELD_DEFAULTS,
	DEFAULT_HETU_UNIT_KINDS,
	MutationSchema,
	mergeFields,
	syncAad,
	type Client,
	type ClientFields,
	type DeviceStatus,
	type Me,
	type SyncEntity,
	type Mutation,
	type OrganisationPublicKey,
	type PullResponse,
	type PushRequest,
	type PushResult,
	type SealedEnvelope,
	type SyncChange,
	type SyncConflict
} from '@polku/shared';
import { recordIdOf } from './outbox';

const utf8 = (s: string) => new TextEncoder().encode(s);

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
	const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
	const bin = atob(b64);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

export interface OrgKeyPair {
	organisationId: string;
	publicKey: OrganisationPublicKey;
	privateKey: CryptoKey;
}

export async function makeOrgKeyPair(organisationId: string, kid = 'org-key-1'): Promise<OrgKeyPair> {
	const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
	const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
	return {
		organisationId,
		privateKey: pair.privateKey,
		publicKey: { kid, alg: 'ECDH-ES+HKDF-SHA256+A256GCM', jwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } }
	};
}

/** Opens an envelope from first principles; throws on any failure. */
export async function openEnvelope(keys: OrgKeyPair, envelope: SealedEnvelope, aad: string): Promise<Uint8Array> {
	if (envelope.v !== 1 || envelope.kid !== keys.publicKey.kid) throw new Error('wrong version or kid');
	const curve = { name: 'ECDH', namedCurve: 'P-256' };
	const epk = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: envelope.epk.x, y: envelope.epk.y, ext: true }, curve, true, []);
	const z = await crypto.subtle.deriveBits({ name: 'ECDH', public: epk }, keys.privateKey, 256);
	const ikm = await crypto.subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
	const r = keys.publicKey.jwk;
	const info = utf8(['polku-seal-v1', envelope.kid, envelope.epk.x, envelope.epk.y, r.x, r.y].join('\u0000'));
	const key = await crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
		ikm,
		{ name: 'AES-GCM', length: 256 },
		false,
		['decrypt']
	);
	const plain = await crypto.subtle.decrypt(
		{ name: 'AES-GCM', iv: fromB64url(envelope.iv), additionalData: utf8(aad), tagLength: 128 },
		key,
		fromB64url(envelope.ct)
	);
	return new Uint8Array(plain);
}

export interface ReceivedItem {
	mutationId: string;
	mutation: Mutation;
}

export type Decide = (item: ReceivedItem) => PushResult | 'default';

export interface FakeServerOptions {
	keys: OrgKeyPair;
	token: string;
	/** Per-item answer; 'default' = applied (or duplicate when seen with the same content). */
	decide?: Decide;
	device?: DeviceStatus;
	/** Per-request failure: throw (network) or answer a status. */
	fail?: (requestIndex: number) => 'network' | number | null;
	pullPages?: PullResponse[];
	pullStatus?: number;
	/** Answers pulls from a live source (wins over pullPages). */
	pull?: (since: string | null) => PullResponse;
}

/** A fetch that plays POST /api/sync/push and GET /api/sync/pull. */
export function fakeSyncServer(opts: FakeServerOptions) {
	const received: ReceivedItem[] = [];
	const batches: string[][] = [];
	const seen = new Map<string, string>();
	const pullQueries: (string | null)[] = [];
	let requests = 0;
	let pullIndex = 0;

	const json = (status: number, body: unknown) =>
		new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
	const problem = (status: number, code: string) => json(status, { type: 'about:blank', title: code, status, code });

	const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const index = requests++;
		const failure = opts.fail?.(index) ?? null;
		if (failure === 'network') throw new TypeError('Failed to fetch');
		if (typeof failure === 'number') return problem(failure, failure >= 500 ? 'internal' : 'forbidden');
		const url = new URL(String(input), 'http://device.test');
		const auth = new Headers(init?.headers).get('authorization');
		if (auth !== `Bearer ${opts.token}`) return problem(401, 'device-unknown');
		const device = opts.device ?? { status: 'active', wipe: false };

		if (url.pathname === '/api/sync/pull') {
			pullQueries.push(url.searchParams.get('since'));
			if (opts.pullStatus) return problem(opts.pullStatus, opts.pullStatus === 401 ? 'unauthenticated' : 'internal');
			const live = opts.pull?.(url.searchParams.get('since'));
			const page = live ?? opts.pullPages?.[pullIndex++] ?? { changes: [], cursor: url.searchParams.get('since') ?? '0', more: false, device };
			return json(200, page);
		}
		if (url.pathname !== '/api/sync/push' || init?.method !== 'POST') return problem(404, 'not-found');

		const body = JSON.parse(String(init.body)) as PushRequest;
		batches.push(body.items.map((i) => i.mutationId));
		const results: PushResult[] = [];
		for (const item of body.items) {
			const aad = syncAad(opts.keys.organisationId, item.mutationId, item.schemaVersion);
			let text: string;
			try {
				text = new TextDecoder().decode(await openEnvelope(opts.keys, item.envelope, aad));
			} catch {
				results.push({
					mutationId: item.mutationId,
					status: 'rejected',
					problem: { type: 'about:blank', title: 'seal', status: 422, code: 'seal-invalid', errors: [{ field: 'envelope', code: 'seal-invalid', message: 'x' }] }
				});
				continue;
			}
			const mutation = MutationSchema.parse(JSON.parse(text));
			const entry = { mutationId: item.mutationId, mutation };
			received.push(entry);
			const decided = opts.decide?.(entry) ?? 'default';
			if (decided !== 'default') {
				results.push(decided);
				continue;
			}
			if (seen.has(item.mutationId)) {
				results.push(
					seen.get(item.mutationId) === text
						? { mutationId: item.mutationId, status: 'duplicate' }
						: { mutationId: item.mutationId, status: 'conflict', reason: 'mutation-reused', server: null, conflicts: [] }
				);
				continue;
			}
			seen.set(item.mutationId, text);
			results.push({ mutationId: item.mutationId, status: 'applied', entity: entityOfKind(mutation.kind), id: recordIdOf(mutation), version: 1 });
		}
		return json(200, { results, device, serverTime: new Date().toISOString() });
	};

	return { fetch, received, batches, pullQueries, get requests() { return requests; } };
}

/** Every value of every object store of every database, with byte arrays as text, as one string. */
export async function dumpIndexedDb(factory: IDBFactory): Promise<string> {
	const parts: string[] = [];
	const bytesText = (u: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(u) + '|' + String.fromCharCode(...u);
	const replacer = (_k: string, v: unknown) => (v instanceof Uint8Array ? bytesText(v) : v instanceof ArrayBuffer ? bytesText(new Uint8Array(v)) : v);
	for (const info of await factory.databases()) {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = factory.open(info.name!);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		for (const store of Array.from(db.objectStoreNames)) {
			const values = await new Promise<unknown[]>((resolve, reject) => {
				const req = db.transaction(store, 'readonly').objectStore(store).getAll();
				req.onsuccess = () => resolve(req.result as unknown[]);
				req.onerror = () => reject(req.error);
			});
			parts.push(`${info.name}/${store}:` + JSON.stringify(values, replacer));
		}
		db.close();
	}
	return parts.join('\n');
}

/** The entity a mutation kind writes (for the fake's `applied` answers). */
export function entityOfKind(kind: Mutation['kind']): SyncEntity {
	const head = kind.slice(0, kind.indexOf('.'));
	if (kind === 'conflict.resolve') return 'conflict';
	if (kind === 'client.merge' || kind === 'client.unmerge') return 'client-merge';
	return head as SyncEntity;
}

/** What issue 4 added to `Me`, for tests that build one by hand. */
export const ME_RECORD_DEFAULTS: Pick<Me, 'settings' | 'codeOverrides' | 'colleagues'> = {
	settings: { hetuUnitKinds: [...DEFAULT_HETU_UNIT_KINDS], requiredClientFields: [] },
	codeOverrides: {},
	colleagues: []
};

/** A wire client (ClientSchema) from the issue-3 fields: the issue-4 fields take their defaults. */
export function wireClient(c: Omit<Client, keyof typeof CLIENT_FIELD_DEFAULTS | 'hetuMasked'> & Partial<Client>): Client {
	return { ...CLIENT_FIELD_DEFAULTS, hetuMasked: null, ...c };
}

export const ORG_ID = '0190a0b2-7c4e-7a11-8f00-000000000001';
export const USER_A_ID = '0190a0b2-7c4e-7a11-8f00-00000000000a';
export const USER_B_ID = '0190a0b2-7c4e-7a11-8f00-00000000000b';
export const UNIT_ID = '0190a0b2-7c4e-7a11-8f00-0000000000f1';
export const CLIENT_ID = '0190a0b2-7c4e-7a11-8f00-0000000000c1';

/** A valid encounter.create; `n` makes the id and the note distinct. */
export function encounterMutation(n: number, note = `Tapasimme kadulla ${n}`): Mutation {
	const id = `0190a0b2-7c4e-7a11-8f00-${n.toString(16).padStart(12, '0')}`;
	return {
		kind: 'encounter.create',
		data: {
			id,
			unitId: UNIT_ID,
			occurredAt: '2025-05-01T10:00:00.000Z',
			channel: 'street',
			clientId: CLIENT_ID,
			anonymousContactId: null,
			topics: ['housing'],
			actions: ['discussion'],
			durationMinutes: 15,
			note,
			followUpDate: null
		}
	};
}

/**
 * Shared clients on the fake server, merged field by field like the real one (api/, tested there):
 * `client.update` applies mergeFields against the current record and stores the losing fields as
 * conflicts of the author; `conflict.resolve` keeps 'mine' or 'server'. Pull returns the change log
 * after the cursor, conflicts only to their author.
 */
export function fakeClientStore(initial: Client[]) {
	const clients = new Map(initial.map((c) => [c.id, { ...c }]));
	const conflicts = new Map<string, SyncConflict & { version: number }>();
	const log: { change: SyncChange; authorId: string | null }[] = [];
	const seen = new Set<string>();
	let n = 0;
	const stamp = () => new Date(Date.UTC(2025, 4, 2, 8, 0, n++)).toISOString();
	const logClient = (c: Client) => log.push({ change: { entity: 'client', id: c.id, version: c.version, updatedAt: c.updatedAt, deletedAt: null, data: { ...c } }, authorId: null });
	const logConflict = (c: SyncConflict & { version: number }) => {
		const { version, ...data } = c;
		log.push({ change: { entity: 'conflict', id: c.id, version, updatedAt: c.resolvedAt ?? c.createdAt, deletedAt: null, data }, authorId: c.authorId });
	};
	for (const c of clients.values()) logClient(c);

	/** `authorId`: the device owner (the fake has one store for several users). */
	function decide(item: ReceivedItem, authorId: string): PushResult | 'default' {
		const { mutation, mutationId } = item;
		if (mutation.kind !== 'client.update' && mutation.kind !== 'conflict.resolve') return 'default';
		if (seen.has(mutationId)) return { mutationId, status: 'duplicate' };
		seen.add(mutationId);
		if (mutation.kind === 'conflict.resolve') {
			const conflict = conflicts.get(mutation.data.id);
			if (!conflict || conflict.resolvedAt !== null) return { mutationId, status: 'duplicate' };
			const at = stamp();
			if (mutation.data.keep === 'mine') {
				const client = clients.get(conflict.entityId)!;
				const next = { ...client, [conflict.field]: conflict.mine, version: client.version + 1, updatedAt: at };
				clients.set(client.id, next);
				logClient(next);
			}
			const resolved = { ...conflict, resolvedAt: at, resolution: mutation.data.keep, version: 2 };
			conflicts.set(conflict.id, resolved);
			logConflict(resolved);
			return { mutationId, status: 'applied', entity: 'conflict', id: conflict.id, version: 2 };
		}
		const client = clients.get(mutation.data.id)!;
		const merged = mergeFields<ClientFields>(client, mutation.data.changes);
		const at = stamp();
		let current = client;
		if (merged.applied.length > 0) {
			current = { ...client, ...merged.next, version: client.version + 1, updatedAt: at };
			clients.set(client.id, current);
			logClient(current);
		}
		if (merged.conflicts.length === 0) return { mutationId, status: 'applied', entity: 'client', id: client.id, version: current.version };
		const made = merged.conflicts.map((c, i) => {
			const conflict = {
				id: `0190a0b2-7c4e-7a11-8f00-${(0xcf0000 + conflicts.size + i).toString(16).padStart(12, '0')}`,
				entity: 'client' as const,
				entityId: client.id,
				field: String(c.field),
				base: c.base,
				mine: c.mine,
				server: c.server,
				mutationId,
				authorId,
				createdAt: at,
				resolvedAt: null,
				resolution: null,
				version: 1
			};
			return conflict;
		});
		for (const c of made) {
			conflicts.set(c.id, c);
			logConflict(c);
		}
		const { version: serverVersion, updatedAt } = current;
		return {
			mutationId,
			status: 'conflict',
			reason: 'field-conflict',
			server: { entity: 'client', id: client.id, version: serverVersion, updatedAt, deletedAt: null, data: { ...current } },
			conflicts: made.map(({ version: _v, ...c }) => c)
		};
	}

	function pull(since: string | null, userId: string, device: DeviceStatus = { status: 'active', wipe: false }): PullResponse {
		const from = since ? Number(since) : 0;
		const changes = log
			.slice(from)
			.filter((e) => e.authorId === null || e.authorId === userId)
			.map((e) => e.change);
		return { changes, cursor: String(log.length), more: false, device };
	}

	return { clients, conflicts, decide, pull };
}
