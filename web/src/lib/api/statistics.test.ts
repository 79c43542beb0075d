import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, NetworkError } from './client';
import { deliveryFileUrl, esfParticipantsUrl, statisticsQuery } from './statistics';

const createStatisticsApi = (options: { fetch: typeof fetch }) => createApiClient(options).statistics;

const UNIT_A = '0190f3a0-0000-7000-8000-00000000000a';
const UNIT_B = '0190f3a0-0000-7000-8000-00000000000b';

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

describe('statistics api', () => {
	it('puts the window and each unit in the query, and nothing else', () => {
		expect(statisticsQuery('national:jan-apr:2026', [UNIT_A, UNIT_B])).toBe(`window=national%3Ajan-apr%3A2026&unitId=${UNIT_A}&unitId=${UNIT_B}`);
		expect(statisticsQuery('year:year:2026', [], { workerId: null })).toBe('window=year%3Ayear%3A2026');
	});

	it('links a delivery file with its language', () => {
		expect(deliveryFileUrl(UNIT_A, 'xlsx', 'sv')).toBe(`/api/statistics/deliveries/${UNIT_A}/file.xlsx?lang=sv`);
	});

	it('links the ESF participant file with the window, units, project and language', () => {
		expect(esfParticipantsUrl('xlsx', 'year:year:2026', [UNIT_A], 'S30794', 'fi')).toBe(
			`/api/statistics/esf/participants.xlsx?window=year%3Ayear%3A2026&unitId=${UNIT_A}&project=S30794&lang=fi`
		);
		expect(esfParticipantsUrl('csv', 'year:year:2026', [], null, 'en')).toBe('/api/statistics/esf/participants.csv?window=year%3Ayear%3A2026&lang=en');
	});

	it('asks for one project’s ESF report and completeness, and for other reports no project', async () => {
		const fetch = vi.fn<typeof globalThis.fetch>(async () => json(500, { type: 'about:blank', title: 'x', status: 500, code: 'internal' }));
		const api = createStatisticsApi({ fetch });
		await api.report('esf', 'year:year:2026', [UNIT_A], 'S30794').catch(() => undefined);
		await api.completeness('esf', 'year:year:2026', [UNIT_A], 'S30794').catch(() => undefined);
		await api.report('youth-work', 'year:year:2026', [UNIT_A]).catch(() => undefined);
		expect(fetch.mock.calls.map(([url]) => url)).toEqual([
			`/api/statistics/reports/esf?window=year%3Ayear%3A2026&unitId=${UNIT_A}&project=S30794`,
			`/api/statistics/reports/esf/completeness?window=year%3Ayear%3A2026&unitId=${UNIT_A}&project=S30794`,
			`/api/statistics/reports/youth-work?window=year%3Ayear%3A2026&unitId=${UNIT_A}`
		]);
	});

	it('asks for the scope without caching and parses it with the shared schema', async () => {
		const scope = { units: [{ id: UNIT_A, name: 'Etsivä', kind: 'outreach' }], workers: [], threshold: 5 };
		const fetch = vi.fn<typeof globalThis.fetch>(async () => json(200, scope));
		await expect(createStatisticsApi({ fetch }).scope()).resolves.toEqual(scope);
		const [url, init] = fetch.mock.calls[0] ?? [];
		expect(url).toBe('/api/statistics/scope');
		expect(init?.cache).toBe('no-store');
		expect(init?.credentials).toBe('same-origin');
	});

	it('posts a delivery as JSON and turns a refusal into an ApiError', async () => {
		const fetch = vi.fn<typeof globalThis.fetch>(async () => json(422, { type: 'about:blank', title: 'Invalid', status: 422, code: 'validation-failed' }));
		const error = await createStatisticsApi({ fetch })
			.createDelivery({ reportId: 'youth-work', window: 'national:jan-apr:2026', unitIds: [UNIT_A] })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).code).toBe('validation-failed');
		const [url, init] = fetch.mock.calls[0] ?? [];
		expect(url).toBe('/api/statistics/deliveries');
		expect(init?.method).toBe('POST');
		expect(JSON.parse(String(init?.body))).toEqual({ reportId: 'youth-work', window: 'national:jan-apr:2026', unitIds: [UNIT_A] });
	});

	it('refuses a body that breaks the contract, and reports an unreachable server', async () => {
		const broken = createStatisticsApi({ fetch: async () => json(200, { units: 'nope' }) });
		await expect(broken.scope()).rejects.toBeInstanceOf(ApiError);
		const down = createStatisticsApi({
			fetch: async () => {
				throw new TypeError('Failed to fetch');
			}
		});
		await expect(down.deliveries('youth-work')).rejects.toBeInstanceOf(NetworkError);
	});
});
