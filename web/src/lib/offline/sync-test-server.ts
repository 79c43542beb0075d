/**
 * Test support only (imported by *.test.ts, never by the app): a stand-in for the sync API that
 * opens sealed envelopes with its own, independent WebCrypto implementation of the seal format
 * (shared/src/seal.ts, "ECDH-ES+HKDF-SHA256+A256GCM" v1), so a device test proves the envelopes
 * are what the server will open. The real server is tested in api/.
 */
import {
	MutationSchema,
	syncAad,
	type DeviceStatus,
	type Mutation,
	type OrganisationPublicKey,
	type PullResponse,
	type PushRequest,
	type PushResult,
	type SealedEnvelope
} from '@polku/shared';

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
			const page = opts.pullPages?.[pullIndex++] ?? { changes: [], cursor: url.searchParams.get('since') ?? '0', more: false, device };
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
			const entity = mutation.kind === 'encounter.create' ? 'encounter' : mutation.kind === 'anonymous-contact.create' ? 'anonymous-contact' : 'client';
			results.push({ mutationId: item.mutationId, status: 'applied', entity, id: mutation.data.id, version: 1 });
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
