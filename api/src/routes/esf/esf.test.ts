import { countReport, ESF_REPORT, resolveWindow, type EsfParticipationInput, type ResolvedWindow } from '@polku/shared';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { loadReportFacts } from '../../services/statistics-facts';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { newClient, pushOne } from '../../test/record-helpers';

/**
 * The ESF participant file and the `esf` report's facts (issue 6) on a fixture pushed through sync.
 * Window Jan–Apr 2026; ages at the participation's start.
 *
 * | client | unit     | gender  | born       | project | start      | end        | age | status at start | ISCED   | disadvantages | end            |
 * | A      | outreach | female  | 2008-03-02 | S30794  | 2026-03-02 | –          | 18* | unemployed      | 0-2     | disability    |                |
 * | B      | outreach | male    | 1990-05-05 | S30794  | 2025-09-01 | 2026-04-15 | 35  | long-term unemp.| 3-4     | –             | employed, yes  |
 * | C      | outreach | other   | year 1968  | T12345  | 2026-01-10 | 2026-05-01 | 57  | inactive        | unknown | (declined)    | education      |
 * | D      | workshop | unknown | –          | S30794  | 2026-04-30 | –          | –   | in education    | 0-2     | –             |                |
 * | E      | outreach | female  | 2000-01-01 | S30794  | 2025-01-01 | 2025-12-31 | (ended before the window)                                       |
 * (* birthday on the start date: 18, not 17.) Participant numbers follow the order made: A 1 … E 5.
 */
let t: TestApp;
let worker: { id: string; token: string };
let coach: { id: string; token: string };
const JAN_APR = 'national:jan-apr:2026';
const names = ['Aada', 'Bertta', 'Cecilia', 'Daavid', 'Eemeli'];

function participation(clientId: string, over: Partial<EsfParticipationInput>): EsfParticipationInput {
	return {
		id: randomUUID(),
		clientId,
		projectCode: 'S30794',
		startDate: '2026-01-01',
		employmentStatusAtStart: 'unknown',
		educationAtStart: 'unknown',
		disadvantages: [],
		disadvantageDeclined: false,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null,
		...over
	};
}

async function add(device: { token: string }, unit: number, client: Record<string, unknown>, esf: Partial<EsfParticipationInput>, name: string): Promise<void> {
	const c = newClient(t.unitIds[unit] ?? '', { firstName: name, lastName: 'Esimerkki', ...client });
	expect(await pushOne(t, device.token, { kind: 'client.create', data: c })).toMatchObject({ status: 'applied' });
	expect(await pushOne(t, device.token, { kind: 'esf-participation.create', data: participation(c.id, esf) })).toMatchObject({ status: 'applied' });
}

beforeAll(async () => {
	t = await createTestApp();
	worker = await t.registerDevice('outreach-worker');
	coach = await t.registerDevice('coach');
	await add(worker, 0, { gender: 'female', birthDate: '2008-03-02', birthYear: 2008 }, { startDate: '2026-03-02', employmentStatusAtStart: 'unemployed', educationAtStart: '0-2', disadvantages: ['disability'] }, names[0]!);
	await add(
		worker,
		0,
		{ gender: 'male', birthDate: '1990-05-05', birthYear: 1990 },
		{ startDate: '2025-09-01', endDate: '2026-04-15', employmentStatusAtStart: 'long-term-unemployed', educationAtStart: '3-4', employmentStatusAtEnd: 'employed', qualificationGained: 'yes' },
		names[1]!
	);
	await add(
		worker,
		0,
		{ gender: 'other', birthYear: 1968 },
		{ projectCode: 'T12345', startDate: '2026-01-10', endDate: '2026-05-01', employmentStatusAtStart: 'inactive', disadvantageDeclined: true, employmentStatusAtEnd: 'education', qualificationGained: 'unknown' },
		names[2]!
	);
	await add(coach, 1, { gender: 'unknown', birthYear: null }, { startDate: '2026-04-30', employmentStatusAtStart: 'inactive-in-education', educationAtStart: '0-2' }, names[3]!);
	await add(worker, 0, { gender: 'female', birthDate: '2000-01-01', birthYear: 2000 }, { startDate: '2025-01-01', endDate: '2025-12-31', employmentStatusAtStart: 'unemployed', educationAtStart: '0-2' }, names[4]!);
});
afterAll(() => t.close());

const get = (path: string, role: 'supervisor' | 'coach' | 'outreach-worker' | 'admin' = 'supervisor') => t.request('GET', path, { cookie: t.sessionCookie(role) });
const csvLines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').split('\r\n').slice(0, -1);

describe('get /api/statistics/esf/participants.csv', () => {
	it('lists the project’s participants of the window by participant number, naming nobody', async () => {
		const res = await get(`/api/statistics/esf/participants.csv?window=${JAN_APR}&project=S30794&lang=fi`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="esf-participants-S30794-national-jan-apr-2026.csv"');
		const text = await res.clone().text();
		for (const name of names) expect(text).not.toContain(name);
		expect(await csvLines(res)).toEqual([
			'Osallistujanumero;Hankekoodi;Alkupäivä;Ikä alussa;Sukupuoli;Työmarkkina-asema alussa;Koulutus (ISCED);Heikommassa asemassa;Päättymispäivä;Tilanne lähtiessä;Tutkinto tai todistus',
			'1;S30794;2026-03-02;18;Nainen;Työtön;ISCED 0–2 (perusaste tai vähemmän);Vammainen tai pitkäaikaissairas;;;',
			'2;S30794;2025-09-01;35;Mies;Pitkäaikaistyötön;ISCED 3–4 (toinen aste tai erikoisammattitutkinto);Ei mitään näistä;2026-04-15;Työllinen;Kyllä',
			'4;S30794;2026-04-30;;Ei tietoa;Opiskelija (työvoiman ulkopuolella, koulutuksessa);ISCED 0–2 (perusaste tai vähemmän);Ei mitään näistä;;;'
		]);
	});

	it('takes every project without `project`, and only the asked units', async () => {
		const all = await csvLines(await get(`/api/statistics/esf/participants.csv?window=${JAN_APR}&lang=en`));
		expect(all.slice(1).map((l) => l.split(';').slice(0, 2).join(';'))).toEqual(['1;S30794', '2;S30794', '3;T12345', '4;S30794']);
		expect(all[3]).toBe('3;T12345;2026-01-10;57;Non-binary;Inactive (not in education or training);No information;Declined to answer;2026-05-01;In education or training;No information');
		const workshop = await csvLines(await get(`/api/statistics/esf/participants.csv?window=${JAN_APR}&unitId=${t.unitIds[1]}`));
		expect(workshop.slice(1).map((l) => l.split(';')[0])).toEqual(['4']);
	});

	it('audits the download with the window, units, project, format and row count', async () => {
		await get(`/api/statistics/esf/participants.csv?window=${JAN_APR}&project=T12345`);
		const rows = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'statistics.export'), eq(auditLog.actorId, t.userId('supervisor')))).all();
		expect(rows.at(-1)?.detail).toEqual({ report: 'esf-participants', window: JAN_APR, units: [t.unitIds[0], t.unitIds[1]].sort(), project: 'T12345', format: 'csv', rows: 1 });
	});

	it('refuses bad input with a 422 naming it, a unit out of scope with 404, other roles with 403', async () => {
		const field = async (path: string) => {
			const res = await get(path);
			expect(res.status).toBe(422);
			expect(res.headers.get('content-type')).toContain('application/problem+json');
			return ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
		};
		expect(await field('/api/statistics/esf/participants.csv?window=national:jan-may:2026')).toEqual(['window']);
		expect(await field('/api/statistics/esf/participants.csv')).toEqual(['window']);
		expect(await field(`/api/statistics/esf/participants.csv?window=${JAN_APR}&project=esr1`)).toEqual(['project']);
		expect(await field(`/api/statistics/esf/participants.csv?window=${JAN_APR}&unitId=nope`)).toContain('unitId');
		expect((await get(`/api/statistics/esf/participants.csv?window=${JAN_APR}&unitId=${t.unitIds[2]}`)).status).toBe(404);
		for (const role of ['coach', 'outreach-worker', 'admin'] as const) {
			expect((await get(`/api/statistics/esf/participants.csv?window=${JAN_APR}`, role)).status).toBe(403);
		}
	});
});

describe('get /api/statistics/esf/participants.xlsx', () => {
	it('has the participants sheet and the `data` sheet of codes', async () => {
		const res = await get(`/api/statistics/esf/participants.xlsx?window=${JAN_APR}&project=S30794`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="esf-participants-S30794-national-jan-apr-2026.xlsx"');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await res.arrayBuffer());
		const data = workbook.getWorksheet('data')!;
		const values = (row: number) => (data.getRow(row).values as unknown[]).slice(1);
		expect(data.rowCount).toBe(4);
		expect(values(2)).toEqual([1, 'S30794', '2026-03-02', 18, 'female', 'unemployed', '0-2', 'disability']);
		expect(values(3)).toEqual([2, 'S30794', '2025-09-01', 35, 'male', 'long-term-unemployed', '3-4', 'none', '2026-04-15', 'employed', 'yes']);
		expect(workbook.getWorksheet('participants')!.getRow(2).getCell(5).value).toBe('Nainen');
	});
});

describe('the esf report', () => {
	const window = resolveWindow(JAN_APR) as ResolvedWindow;
	const facts = (project: string | null) =>
		loadReportFacts(t.org.db, 'esf', window, [...t.unitIds].sort(), {}, { keyring: t.org.keyring, esfProject: project });
	const figures = (project: string | null, id: string) => {
		const section = countReport(ESF_REPORT, facts(project)).sections.find((s) => s.id === id)!;
		return { total: section.total, ...Object.fromEntries(section.rows.filter((r) => r.value !== 0).map((r) => [r.code, r.value])) };
	};

	it('counts the participants of Jan–Apr from the organisation’s file (hand-computed)', () => {
		expect(figures(null, 'esf-gender')).toEqual({ total: 4, female: 1, male: 1, other: 1, unknown: 1 });
		expect(figures(null, 'esf-age')).toEqual({ total: 4, '18-29': 1, '30-54': 1, '55-plus': 1, unknown: 1 });
		expect(figures(null, 'esf-disadvantage')).toEqual({ total: 4, disability: 1, none: 2, declined: 1 });
		expect(figures(null, 'esf-end-status')).toEqual({ total: 1, employed: 1 });
		expect(figures('S30794', 'esf-employment')).toEqual({ total: 3, unemployed: 1, 'long-term-unemployed': 1, 'inactive-in-education': 1 });
		expect(figures('T12345', 'esf-qualification')).toEqual({ total: 0 });
	});

	it('is served suppressed by GET /api/statistics/reports/esf with the project', async () => {
		const res = await get(`/api/statistics/reports/esf?window=${JAN_APR}&project=S30794`);
		expect(res.status).toBe(200);
		const report = (await res.json()) as { reportId: string; sections: { id: string; total: { value: number | null; state: string } }[] };
		expect(report.reportId).toBe('esf');
		// 3 participants: under the threshold 5, never sent.
		expect(report.sections.find((s) => s.id === 'esf-gender')?.total).toEqual({ value: null, state: 'primary' });
		expect((await get(`/api/statistics/reports/esf?window=${JAN_APR}&project=x1`)).status).toBe(422);
	});
});
