import type { Me } from '@polku/shared';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError, createApiClient, parseProblem, parseRetryAfter } from './client';

const me: Me = {
	user: {
		id: '0190f3a0-0000-7000-8000-000000000001',
		username: 'worker',
		displayName: 'Ville Worker',
		roles: ['outreach-worker'],
		unitIds: ['0190f3a0-0000-7000-8000-000000000002'],
		locale: 'fi'
	},
	organisation: { id: '0190f3a0-0000-7000-8000-000000000003', slug: 'demo', name: 'Demo-järjestö' },
	units: [],
	session: { expiresAt: '2030-01-01T00:00:00.000Z', idleTimeoutSeconds: 1800, deviceLockSeconds: 900 },
	settings: { hetuUnitKinds: ['workshop'], requiredClientFields: ['startDate'] },
	codeOverrides: {},
	colleagues: []
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	const type = status >= 400 ? 'application/problem+json' : 'application/json';
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': type, ...headers } });
}

describe('api client', () => {
	it('sends JSON to /api and parses the answer with the shared schema', async () => {
		const fetch = vi.fn<typeof globalThis.fetch>(async () => json(200, me));
		const api = createApiClient({ fetch });
		await expect(api.login({ organisation: 'demo', username: 'worker', password: 'secret' })).resolves.toEqual(me);
		const [url, init] = fetch.mock.calls[0] ?? [];
		expect(url).toBe('/api/auth/login');
		expect(init?.method).toBe('POST');
		expect(init?.credentials).toBe('same-origin');
		expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
		expect(JSON.parse(String(init?.body))).toEqual({ organisation: 'demo', username: 'worker', password: 'secret' });
	});

	it('turns a problem+json answer into an ApiError with field errors', async () => {
		const problem = {
			type: 'https://polku.fi/problems/validation-failed',
			title: 'Validation failed',
			status: 422,
			code: 'validation-failed',
			errors: [{ field: 'password', code: 'too_small', message: 'Too small' }]
		};
		const api = createApiClient({ fetch: async () => json(422, problem) });
		const error = await api.createUser({ username: 'x', displayName: 'X', password: 'short', roles: [] }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).code).toBe('validation-failed');
		expect((error as ApiError).problem.errors?.[0]?.field).toBe('password');
	});

	it('reads Retry-After of a refused login', async () => {
		const problem = { type: 'about:blank', title: 'Too many attempts', status: 429, code: 'too-many-attempts' };
		const api = createApiClient({ fetch: async () => json(429, problem, { 'retry-after': '300' }) });
		const error = (await api.login({ organisation: 'demo', username: 'a', password: 'b' }).catch((e: unknown) => e)) as ApiError;
		expect(error.code).toBe('too-many-attempts');
		expect(error.retryAfterSeconds).toBe(300);
	});

	it('makes a problem from the status when the body is not one', async () => {
		const response = new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
		await expect(parseProblem(response)).resolves.toMatchObject({ status: 502, code: 'internal', title: 'Bad Gateway' });
		const forbidden = new Response('{"nope":true}', { status: 403 });
		await expect(parseProblem(forbidden)).resolves.toMatchObject({ status: 403, code: 'forbidden' });
	});

	it('reports an unreachable server as a NetworkError', async () => {
		const api = createApiClient({
			fetch: async () => {
				throw new TypeError('Failed to fetch');
			}
		});
		await expect(api.me()).rejects.toBeInstanceOf(NetworkError);
	});

	it('calls the unauthenticated handler for an ended session but not for a failed login', async () => {
		const onUnauthenticated = vi.fn();
		const unauthenticated = { type: 'about:blank', title: 'Unauthenticated', status: 401, code: 'unauthenticated' };
		const invalid = { type: 'about:blank', title: 'Invalid credentials', status: 401, code: 'invalid-credentials' };
		const answers = [json(401, invalid), json(401, unauthenticated)];
		const api = createApiClient({ fetch: async () => answers.shift() ?? json(500, {}), onUnauthenticated });
		await expect(api.login({ organisation: 'demo', username: 'a', password: 'b' })).rejects.toBeInstanceOf(ApiError);
		expect(onUnauthenticated).not.toHaveBeenCalled();
		await expect(api.me()).rejects.toBeInstanceOf(ApiError);
		expect(onUnauthenticated).toHaveBeenCalledTimes(1);
	});

	it('refuses a success body that breaks the contract', async () => {
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const api = createApiClient({ fetch: async () => json(200, { user: { id: 'not-a-uuid' } }) });
		await expect(api.me()).rejects.toMatchObject({ code: 'internal' });
		expect(error).toHaveBeenCalled();
		error.mockRestore();
	});

	it('reads and replaces a code list, naming nested label fields of a refused override', async () => {
		const overrides = {
			'mother-tongue': { hidden: ['fi'], local: [{ code: 'local:karjala', labels: { fi: 'karjala', sv: 'karelska', en: 'Karelian' }, mapsTo: 'other', hidden: false }] }
		};
		const fetch = vi.fn<typeof globalThis.fetch>(async (_url, init) => {
			if (init?.method === 'PUT' && JSON.parse(String(init.body)).local[0].labels.fi === '') {
				return json(422, {
					type: 'about:blank',
					title: 'Validation failed',
					status: 422,
					code: 'validation-failed',
					errors: [{ field: 'local.0.labels.fi', code: 'too_small', message: 'Too small' }]
				});
			}
			return json(200, overrides);
		});
		const api = createApiClient({ fetch });
		await expect(api.getCodeLists()).resolves.toEqual(overrides);
		expect(fetch.mock.calls[0]?.[0]).toBe('/api/code-lists');
		const next = overrides['mother-tongue'];
		await expect(api.putCodeList('mother-tongue', next)).resolves.toEqual(overrides);
		const [url, init] = fetch.mock.calls[1] ?? [];
		expect(url).toBe('/api/code-lists/mother-tongue');
		expect(init?.method).toBe('PUT');
		expect(JSON.parse(String(init?.body))).toEqual(next);
		const bad = { ...next, local: [{ ...next.local[0]!, labels: { ...next.local[0]!.labels, fi: '' } }] };
		const error = (await api.putCodeList('mother-tongue', bad).catch((e: unknown) => e)) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.problem.errors?.map((e) => e.field)).toEqual(['local.0.labels.fi']);
	});

	it('treats a 204 logout as success', async () => {
		const api = createApiClient({ fetch: async () => new Response(null, { status: 204 }) });
		await expect(api.logout()).resolves.toBeUndefined();
	});
});

describe('parseRetryAfter', () => {
	it('accepts seconds and HTTP dates', () => {
		expect(parseRetryAfter('120')).toBe(120);
		expect(parseRetryAfter(new Date(61_000).toUTCString(), 0)).toBe(61);
		expect(parseRetryAfter(null)).toBeNull();
		expect(parseRetryAfter('soon')).toBeNull();
	});
});
