/**
 * A simulated field device: signs in as a user, registers itself, fetches the organisation's public
 * key, pulls the clients it may see, writes encounters, seals each one exactly as the web app does
 * (`sealForOrg` + `syncAad` from @polku/shared, WebCrypto) and keeps them in an in-memory outbox that
 * it pushes — through whatever base URL it is given, e.g. the fault proxy — until every item is
 * answered `applied` or `duplicate`. Anything else (rejected, conflict) is recorded as a failure.
 */
import {
	ENCOUNTER_ACTIONS,
	ENCOUNTER_CHANNELS,
	ENCOUNTER_TOPICS,
	EncounterInputSchema,
	MeSchema,
	OrganisationPublicKeySchema,
	PullResponseSchema,
	PushResponseSchema,
	RegisteredDeviceSchema,
	SYNC_SCHEMA_VERSION,
	sealForOrg,
	syncAad,
	type EncounterInput,
	type Me,
	type Mutation,
	type OrganisationPublicKey,
	type PushItem,
	type SyncChange
} from '@polku/shared';
import { v7 as uuidv7 } from 'uuid';
import type { Random } from './prng';

export type Credentials = { organisation: string; username: string; password: string };

export type OutboxItem = { mutationId: string; recordId: string; item: PushItem };

export type PushLog = {
	requests: number;
	networkErrors: number;
	httpErrors: number;
	applied: number;
	duplicate: number;
	/** mutationId → what went wrong (rejected / conflict): each one fails a fault run. */
	failures: { mutationId: string; status: string; detail: string }[];
};

const NOTE_SENTENCES = [
	'Tavattiin kauppakeskuksen edessä, juteltiin koulun aloituksesta.',
	'Nuori kertoi, että asunnon vuokra on maksamatta kahdelta kuukaudelta.',
	'Sovittiin, että mennään yhdessä Kelan toimistoon ensi viikolla.',
	'Puhuttiin harrastuksista; kiinnostusta kuntosaliin ja musiikkiin.',
	'Ohjattiin nuorisotyöpajan infotilaisuuteen, esite annettu.',
	'Huoli jaksamisesta, ei halua vielä terveysasemalle. Palataan asiaan.',
	'Kävimme läpi työnhakuprofiilin ja CV:n luonnoksen.',
	'Kaveriporukka paikalla, tilanne rauhallinen, vaihdettiin yhteystiedot.',
	'Ungdomen berättade om problem med studiebidraget, vi hjälpte med blanketten.',
	'Keskusteltiin päihteiden käytöstä viikonloppuisin; ei akuuttia huolta.'
];

async function readJson(res: Response): Promise<unknown> {
	const text = await res.text();
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new Error(`HTTP ${res.status}: not JSON: ${text.slice(0, 200)}`);
	}
}

export class SimDevice {
	readonly deviceId = uuidv7();
	me!: Me;
	publicKey!: OrganisationPublicKey;
	cookie = '';
	token = '';
	clientIds: string[] = [];
	readonly outbox: OutboxItem[] = [];
	/** Every mutation id this device made, in order. */
	readonly sentMutationIds: string[] = [];
	readonly log: PushLog = { requests: 0, networkErrors: 0, httpErrors: 0, applied: 0, duplicate: 0, failures: [] };

	constructor(
		readonly apiUrl: string,
		readonly credentials: Credentials,
		readonly rnd: Random,
		readonly label = 'Fault bench device',
		/** In-process benchmarks pass the Hono app's `request` here instead of the network. */
		readonly fetchImpl: (url: string, init: RequestInit) => Response | Promise<Response> = fetch
	) {}

	private async call(method: string, path: string, init: { json?: unknown; bearer?: boolean; base?: string } = {}) {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (init.bearer) headers.authorization = `Bearer ${this.token}`;
		if (init.json !== undefined) headers['content-type'] = 'application/json';
		return this.fetchImpl(`${init.base ?? this.apiUrl}${path}`, {
			method,
			headers,
			body: init.json === undefined ? undefined : JSON.stringify(init.json),
			signal: AbortSignal.timeout(30_000)
		});
	}

	/** Login, device registration, public key and a first pull for the client ids. */
	async setUp(): Promise<void> {
		const login = await this.call('POST', '/api/auth/login', { json: this.credentials });
		if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
		this.me = MeSchema.parse(await readJson(login));
		const cookie = login.headers.getSetCookie().find((c) => c.startsWith('polku_session='));
		if (!cookie) throw new Error('login set no polku_session cookie');
		this.cookie = cookie.split(';')[0] ?? '';

		const reg = await this.call('POST', '/api/devices', { json: { id: this.deviceId, label: this.label } });
		if (reg.status !== 201 && reg.status !== 200) throw new Error(`POST /api/devices answered ${reg.status}: ${await reg.text()}`);
		this.token = RegisteredDeviceSchema.parse(await readJson(reg)).token;

		const key = await this.call('GET', '/api/organisation/public-key');
		if (key.status !== 200) throw new Error(`public-key answered ${key.status}`);
		this.publicKey = OrganisationPublicKeySchema.parse(await readJson(key));

		const changes = await this.pullAll();
		this.clientIds = changes.filter((c) => c.entity === 'client' && c.data !== null).map((c) => c.id);
		if (this.clientIds.length === 0) throw new Error('the pull returned no clients to record encounters with');
	}

	/** Every page of the pull, straight to `base` (default: the device's API URL). */
	async pullAll(base?: string): Promise<SyncChange[]> {
		const all: SyncChange[] = [];
		let since: string | undefined;
		for (let page = 0; page < 10_000; page++) {
			const qs = new URLSearchParams({ limit: '1000', ...(since === undefined ? {} : { since }) });
			const res = await this.call('GET', `/api/sync/pull?${qs}`, { bearer: true, base });
			if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
			const body = PullResponseSchema.parse(await readJson(res));
			all.push(...body.changes);
			since = body.cursor;
			if (!body.more) return all;
		}
		throw new Error('pull did not end');
	}

	/** A realistic encounter a worker might record: channel, topics, actions, a note of 1–4 sentences. */
	makeEncounter(): EncounterInput {
		const r = this.rnd;
		const unitId = this.me.user.unitIds[0];
		if (!unitId) throw new Error('the user has no unit');
		const occurred = new Date(Date.now() - r.int(0, 30 * 24 * 3600) * 1000);
		const follow = r.chance(0.4) ? new Date(occurred.getTime() + r.int(1, 21) * 86_400_000).toISOString().slice(0, 10) : null;
		const note = r.sample(NOTE_SENTENCES, r.int(1, 4)).join(' ');
		return EncounterInputSchema.parse({
			id: uuidv7(),
			unitId,
			occurredAt: occurred.toISOString(),
			channel: r.pick(ENCOUNTER_CHANNELS.entries).code,
			clientId: r.pick(this.clientIds),
			anonymousContactId: null,
			topics: r.sample(ENCOUNTER_TOPICS.entries, r.int(1, 3)).map((e) => e.code),
			actions: r.sample(ENCOUNTER_ACTIONS.entries, r.int(1, 3)).map((e) => e.code),
			durationMinutes: r.chance(0.8) ? r.int(5, 120) : null,
			note,
			followUpDate: follow
		});
	}

	/** Seals a mutation exactly as the device does and appends it to the outbox (mutationId order). */
	async enqueue(mutation: Mutation, recordId: string): Promise<OutboxItem> {
		const mutationId = uuidv7();
		const plaintext = new TextEncoder().encode(JSON.stringify(mutation));
		const envelope = await sealForOrg(
			this.publicKey.jwk,
			this.publicKey.kid,
			plaintext,
			syncAad(this.me.organisation.id, mutationId, SYNC_SCHEMA_VERSION)
		);
		const entry: OutboxItem = { mutationId, recordId, item: { mutationId, schemaVersion: SYNC_SCHEMA_VERSION, envelope } };
		this.outbox.push(entry);
		this.sentMutationIds.push(mutationId);
		return entry;
	}

	/**
	 * Pushes the outbox in batches (oldest first) to `base` until it is empty. Network errors and
	 * non-200 answers keep every item and retry after a short backoff; per-item `applied` and
	 * `duplicate` remove the item; anything else removes it and records a failure.
	 */
	async pushUntilEmpty(base: string, opts: { batchSize?: number; maxRequests?: number; backoffMs?: number } = {}): Promise<void> {
		const batchSize = opts.batchSize ?? 100;
		const maxRequests = opts.maxRequests ?? 10_000;
		const backoff = opts.backoffMs ?? 20;
		while (this.outbox.length > 0) {
			if (this.log.requests >= maxRequests) throw new Error(`gave up after ${maxRequests} push requests`);
			const batch = this.outbox.slice(0, batchSize);
			this.log.requests++;
			let res: Response;
			let body: unknown;
			try {
				res = await this.call('POST', '/api/sync/push', { json: { items: batch.map((b) => b.item) }, bearer: true, base });
				body = await readJson(res);
			} catch {
				this.log.networkErrors++;
				await new Promise((r) => setTimeout(r, backoff));
				continue;
			}
			if (res.status !== 200) {
				this.log.httpErrors++;
				if (res.status < 500) throw new Error(`push answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
				await new Promise((r) => setTimeout(r, backoff));
				continue;
			}
			const parsed = PushResponseSchema.parse(body);
			if (parsed.results.length !== batch.length) throw new Error(`push answered ${parsed.results.length} results for ${batch.length} items`);
			const done = new Set<string>();
			parsed.results.forEach((result, i) => {
				const sent = batch[i];
				if (!sent || result.mutationId !== sent.mutationId) throw new Error('push results are not in the order of the items');
				done.add(result.mutationId);
				if (result.status === 'applied') this.log.applied++;
				else if (result.status === 'duplicate') this.log.duplicate++;
				else {
					const detail = result.status === 'rejected' ? JSON.stringify(result.problem) : result.status === 'held' ? 'held for an admin' : result.reason;
					this.log.failures.push({ mutationId: result.mutationId, status: result.status, detail });
				}
			});
			for (let i = this.outbox.length - 1; i >= 0; i--) {
				const item = this.outbox[i];
				if (item && done.has(item.mutationId)) this.outbox.splice(i, 1);
			}
		}
	}
}
