/**
 * The web app's only `fetch`. Every call goes to the same origin under /api, with the session
 * cookie the browser holds (the app never reads it). Success bodies are parsed with the wire
 * schemas from @polku/shared; every non-2xx answer becomes an `ApiError` carrying a `Problem`
 * (RFC 9457) parsed with `ProblemSchema` — or synthesised from the status when the body is not
 * one, e.g. a proxy's HTML page. A request that never reached the server is a `NetworkError`.
 *
 * An `unauthenticated` answer from anything but the login call means the session is gone
 * (expired, logged out elsewhere, user deactivated): the registered handler sends the user to login.
 */
import {
	AttachmentSchema,
	AttendanceSummarySchema,
	ClientHistorySchema,
	CodeOverridesSchema,
	CreateUserSchema,
	ClientHetuSearchResultSchema,
	HetuRevealSchema,
	DeviceSchema,
	HeldItemSchema,
	MeSchema,
	OrganisationPublicKeySchema,
	PullResponseSchema,
	PushResponseSchema,
	RegisteredDeviceSchema,
	ProblemSchema,
	problemCodeForStatus,
	UnitSchema,
	UserSchema,
	type Attachment,
	type AttachmentKind,
	type AttendanceSummary,
	type ClientHistory,
	type CodeListOverride,
	type CodeOverrides,
	type ExtensibleListId,
	type Device,
	type HeldItem,
	type Client,
	type HetuReveal,
	type Login,
	type Me,
	type OrganisationPublicKey,
	type PullResponse,
	type PushRequest,
	type PushResponse,
	type RegisterDevice,
	type RegisteredDevice,
	type PatchUser,
	type Problem,
	type ProblemCode,
	type Unit,
	type User
} from '@polku/shared';
import { z } from 'zod';
import { statisticsEndpoints } from './statistics';

export class ApiError extends Error {
	override readonly name = 'ApiError';
	constructor(
		readonly problem: Problem,
		/** Seconds from the `Retry-After` header (429), when the server sent one. */
		readonly retryAfterSeconds: number | null = null
	) {
		super(problem.detail ?? problem.title);
	}
	get status(): number {
		return this.problem.status;
	}
	get code(): ProblemCode {
		return this.problem.code;
	}
}

/** The request did not reach the API: no connection, DNS, or the server is down. */
export class NetworkError extends Error {
	override readonly name = 'NetworkError';
}

/** Reads a failed response as a `Problem`, whatever its body is. */
export async function parseProblem(response: Response): Promise<Problem> {
	const text = await response.text().catch(() => '');
	if (text) {
		try {
			const parsed = ProblemSchema.safeParse(JSON.parse(text));
			if (parsed.success) return parsed.data;
		} catch {
			// Not JSON: fall through to a problem made from the status.
		}
	}
	return {
		type: 'about:blank',
		title: response.statusText || `HTTP ${response.status}`,
		status: response.status,
		code: problemCodeForStatus(response.status) ?? 'internal'
	};
}

/** `Retry-After` as seconds; accepts both delta-seconds and an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
	if (!value) return null;
	if (/^\d+$/.test(value.trim())) return Number(value.trim());
	const at = Date.parse(value);
	return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface ApiClientOptions {
	fetch?: typeof fetch;
	/** Called once per `unauthenticated` answer (not for a failed login). */
	onUnauthenticated?: () => void;
}

export function createApiClient(options: ApiClientOptions = {}) {
	const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
	let onUnauthenticated = options.onUnauthenticated;

	/** The fetch itself: a failure to reach the server is a NetworkError, a non-2xx an ApiError. */
	async function send(method: Method, path: string, init: { headers: Record<string, string>; body?: BodyInit }): Promise<Response> {
		let response: Response;
		try {
			response = await doFetch(`/api${path}`, { method, headers: init.headers, credentials: 'same-origin', body: init.body, cache: 'no-store' });
		} catch (err) {
			if (err instanceof DOMException && err.name === 'AbortError') throw err;
			throw new NetworkError(err instanceof Error ? err.message : String(err));
		}
		if (!response.ok) {
			const problem = await parseProblem(response);
			const error = new ApiError(problem, parseRetryAfter(response.headers.get('retry-after')));
			if (problem.code === 'unauthenticated') onUnauthenticated?.();
			throw error;
		}
		return response;
	}

	async function parsed<T>(method: Method, path: string, schema: z.ZodType<T>, response: Response): Promise<T> {
		const result = schema.safeParse(await response.json());
		if (!result.success) {
			console.error(`polku: ${method} /api${path} answered a body that does not match its schema`, result.error.issues);
			throw new ApiError({ type: 'about:blank', title: 'Unexpected response', status: 500, code: 'internal' });
		}
		return result.data;
	}

	async function request<T>(
		method: Method,
		path: string,
		schema: z.ZodType<T> | null,
		body?: unknown,
		extraHeaders: Record<string, string> = {}
	): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await send(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
		if (schema === null) return undefined as T;
		// The API broke its own contract when this fails: said loudly, the user sees a generic error.
		return parsed(method, path, schema, response);
	}

	return {
		setUnauthenticatedHandler(handler: () => void) {
			onUnauthenticated = handler;
		},
		login: (input: Login): Promise<Me> => request('POST', '/auth/login', MeSchema, input),
		logout: (): Promise<void> => request('POST', '/auth/logout', null, undefined),
		me: (): Promise<Me> => request('GET', '/me', MeSchema),
		listUnits: (): Promise<Unit[]> => request('GET', '/units', z.array(UnitSchema)),
		listUsers: (): Promise<User[]> => request('GET', '/users', z.array(UserSchema)),
		getUser: (id: string): Promise<User> => request('GET', `/users/${encodeURIComponent(id)}`, UserSchema),
		createUser: (input: z.input<typeof CreateUserSchema>): Promise<User> => request('POST', '/users', UserSchema, input),
		patchUser: (id: string, patch: PatchUser): Promise<User> =>
			request('PATCH', `/users/${encodeURIComponent(id)}`, UserSchema, patch),
		organisationPublicKey: (): Promise<OrganisationPublicKey> =>
			request('GET', '/organisation/public-key', OrganisationPublicKeySchema),
		/** Registers this device for the signed-in user (same id again rotates the token). */
		registerDevice: (input: RegisterDevice): Promise<RegisteredDevice> => request('POST', '/devices', RegisteredDeviceSchema, input),
		listDevices: (): Promise<Device[]> => request('GET', '/devices', z.array(DeviceSchema)),
		revokeDevice: (id: string): Promise<void> => request('DELETE', `/devices/${encodeURIComponent(id)}`, null),
		/** What a user's blocked devices pushed, held for an admin (kinds and times, never content). */
		listHeldItems: (userId: string): Promise<HeldItem[]> =>
			request('GET', `/users/${encodeURIComponent(userId)}/held-items`, z.array(HeldItemSchema)),
		/** Accept (apply as the user's own push) or refuse one held item. */
		decideHeldItem: (id: string, decision: 'accept' | 'refuse'): Promise<HeldItem> =>
			request('POST', `/held-items/${encodeURIComponent(id)}/${decision}`, HeldItemSchema, undefined),
		/** Accept or refuse every waiting held item of a user; answers all their held items. */
		decideAllHeldItems: (userId: string, decision: 'accept' | 'refuse'): Promise<HeldItem[]> =>
			request('POST', `/users/${encodeURIComponent(userId)}/held-items/${decision}-all`, z.array(HeldItemSchema), undefined),
		/** Sealed push, authenticated by the device token alone (works while the app is locked). */
		push: (token: string, body: PushRequest): Promise<PushResponse> =>
			request('POST', '/sync/push', PushResponseSchema, body, { authorization: `Bearer ${token}` }),
		/** Needs the session cookie AND the device token of the same user. */
		pull: (token: string, since: string | undefined, limit?: number): Promise<PullResponse> => {
			const query = new URLSearchParams();
			if (since !== undefined) query.set('since', since);
			if (limit !== undefined) query.set('limit', String(limit));
			const qs = query.toString();
			return request('GET', `/sync/pull${qs ? `?${qs}` : ''}`, PullResponseSchema, undefined, { authorization: `Bearer ${token}` });
		},
		/**
		 * Exact search by henkilötunnus, online only (the device holds nothing that can test a code).
		 * The code goes in the body, never in the address; the server audits the search.
		 */
		searchClientsByHetu: async (hetu: string): Promise<Client[]> =>
			(await request('POST', '/clients/search-by-hetu', ClientHetuSearchResultSchema, { hetu })).clients,
		/** Reveals a client's henkilötunnus (audited on the server; never cached). */
		revealHetu: (clientId: string): Promise<HetuReveal> =>
			request('POST', `/clients/${encodeURIComponent(clientId)}/hetu/reveal`, HetuRevealSchema, undefined),
		/** The client's field history and reads ("who has seen my data"). */
		clientHistory: (clientId: string): Promise<ClientHistory> =>
			request('GET', `/clients/${encodeURIComponent(clientId)}/history`, ClientHistorySchema),
		/**
		 * Uploads a file as the raw request body (the browser streams a Blob from disk), metadata in
		 * X-Attachment-* headers. The same id again with the same file is answered with the existing
		 * metadata, so a retry after a lost answer is safe.
		 */
		uploadAttachment: async (
			clientId: string,
			file: Blob,
			meta: { id: string; kind: AttachmentKind; label: string | null }
		): Promise<Attachment> => {
			const path = `/clients/${encodeURIComponent(clientId)}/attachments`;
			const headers: Record<string, string> = {
				accept: 'application/json',
				'content-type': file.type || 'application/octet-stream',
				'x-attachment-id': meta.id,
				'x-attachment-kind': meta.kind
			};
			if (meta.label !== null && meta.label !== '') headers['x-attachment-label'] = encodeURIComponent(meta.label);
			return parsed('POST', path, AttachmentSchema, await send('POST', path, { headers, body: file }));
		},
		/** The decrypted file (audited on the server; `no-store` both ways). */
		fetchAttachment: async (id: string): Promise<Blob> => {
			const response = await send('GET', `/attachments/${encodeURIComponent(id)}`, { headers: { accept: '*/*' } });
			return response.blob();
		},
		deleteAttachment: (id: string): Promise<void> => request('DELETE', `/attachments/${encodeURIComponent(id)}`, null),
		/**
		 * A workshop's attendance per participant and payer for a month (issue 5; audited on the server).
		 * Only ids and the month travel in the URL.
		 */
		attendanceSummary: (unitId: string, month: string): Promise<AttendanceSummary> =>
			request('GET', `/attendance/summary?${new URLSearchParams({ unitId, month }).toString()}`, AttendanceSummarySchema),
		/** The organisation's hidden national codes and local codes per list (also in /api/me). */
		getCodeLists: (): Promise<CodeOverrides> => request('GET', '/code-lists', CodeOverridesSchema),
		/** Replaces one list's override (admin); 422 names fields like `local.0.labels.fi`. Answers all lists. */
		putCodeList: (listId: ExtensibleListId, override: CodeListOverride): Promise<CodeOverrides> =>
			request('PUT', `/code-lists/${encodeURIComponent(listId)}`, CodeOverridesSchema, override),
		/** Statistics (issue 6): reports, completeness, the dashboard and deliveries (./statistics.ts). */
		statistics: statisticsEndpoints(request)
	};
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api = createApiClient();
