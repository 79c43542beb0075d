import { describe, expect, it } from 'vitest';
import { EDUCATION_LEVELS, iscedBand, MAIN_ACTIVITIES } from '../codes/client-codes';
import {
	ESF_AGE_GROUPS,
	ESF_DISADVANTAGES,
	ESF_EMPLOYMENT_STATUSES,
	ESF_END_STATUSES,
	esfAgeGroupOf,
	esfStatusOfMainActivity,
	ISCED_BANDS,
	QUALIFICATION_GAINED
} from '../codes/esf-codes';
import { EsfParticipantsQuerySchema, EsfParticipationInputSchema, EsfParticipationSchema, EsfParticipationUpdateSchema } from './esf';
import { MutationSchema, SyncChangeSchema } from './sync';

const base = {
	id: '0190a2c4-0000-7000-8000-000000000001',
	clientId: '0190a2c4-0000-7000-8000-000000000002',
	projectCode: 'S30794',
	startDate: '2026-02-01',
	employmentStatusAtStart: 'unemployed',
	educationAtStart: '0-2',
	disadvantages: [],
	disadvantageDeclined: false,
	endDate: null,
	employmentStatusAtEnd: null,
	qualificationGained: null
} as const;

const codesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string; params?: unknown }[] } }) =>
	(r.error?.issues ?? []).map((i) => `${i.path.join('.')}:${(i.params as { code?: string } | undefined)?.code ?? i.code}`);

describe('ESF code lists', () => {
	it('label every code in fi, sv and en and are provisional (DOMAIN.md §4.3 GUESS)', () => {
		for (const list of [ESF_EMPLOYMENT_STATUSES, ISCED_BANDS, ESF_DISADVANTAGES, ESF_END_STATUSES, QUALIFICATION_GAINED]) {
			expect(list.provisional).toBe(true);
			for (const entry of list.entries) for (const locale of ['fi', 'sv', 'en'] as const) expect(entry.labels[locale].trim()).not.toBe('');
		}
		for (const list of [ESF_EMPLOYMENT_STATUSES, ISCED_BANDS, ESF_END_STATUSES, QUALIFICATION_GAINED]) {
			expect(list.entries.at(-1)?.code).toBe('unknown');
		}
	});

	it('suggests an employment status for every main activity, and "unknown" for anything else', () => {
		for (const e of MAIN_ACTIVITIES.entries) expect(ESF_EMPLOYMENT_STATUSES.entries.map((s) => s.code)).toContain(esfStatusOfMainActivity(e.code));
		expect(esfStatusOfMainActivity('student')).toBe('inactive-in-education');
		expect(esfStatusOfMainActivity('pay-subsidised')).toBe('employed');
		expect(esfStatusOfMainActivity('local:koulu')).toBe('unknown');
		expect(esfStatusOfMainActivity(null)).toBe('unknown');
	});

	it('maps every education level to one of the ISCED band codes', () => {
		const bands = ISCED_BANDS.entries.map((e) => e.code as string);
		for (const e of EDUCATION_LEVELS.entries) expect(bands).toContain(iscedBand(e.code));
	});

	it('groups ages into the ESF groups, with no age as unknown', () => {
		expect(ESF_AGE_GROUPS.map((g) => g.code)).toEqual(['under-18', '18-29', '30-54', '55-plus']);
		expect([17, 18, 29, 30, 54, 55, 80].map(esfAgeGroupOf)).toEqual(['under-18', '18-29', '18-29', '30-54', '30-54', '55-plus', '55-plus']);
		expect(esfAgeGroupOf(null)).toBe('unknown');
		expect(esfAgeGroupOf(-1)).toBe('unknown');
	});
});

describe('EsfParticipationInputSchema', () => {
	it('accepts a participation that has only started', () => {
		expect(EsfParticipationInputSchema.safeParse(base).success).toBe(true);
	});

	it('takes an EURA project code: a capital letter and five digits', () => {
		for (const code of ['s30794', 'S3079', 'S307945', 'SS0794', ' S30794', '']) {
			expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, projectCode: code })), code).toEqual(['projectCode:invalid_format']);
		}
		expect(EsfParticipationInputSchema.safeParse({ ...base, projectCode: 'A00001' }).success).toBe(true);
	});

	it('refuses an end before the start, naming endDate', () => {
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, endDate: '2026-01-31' }))).toEqual(['endDate:before-start']);
		expect(EsfParticipationInputSchema.safeParse({ ...base, endDate: '2026-02-01', employmentStatusAtEnd: 'employed', qualificationGained: 'no' }).success).toBe(true);
	});

	it('records the end situation only once the participation has ended', () => {
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, employmentStatusAtEnd: 'employed', qualificationGained: 'yes' }))).toEqual([
			'employmentStatusAtEnd:esf-not-ended',
			'qualificationGained:esf-not-ended'
		]);
	});

	it('keeps disadvantages empty when the participant declined, each code at most once', () => {
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, disadvantages: ['disability'], disadvantageDeclined: true }))).toEqual(['disadvantages:esf-declined']);
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, disadvantages: ['rural', 'rural'] }))).toEqual(['disadvantages:duplicate']);
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, disadvantages: ['vegan'] }))).toEqual(['disadvantages.0:invalid_value']);
		expect(EsfParticipationInputSchema.safeParse({ ...base, disadvantages: [], disadvantageDeclined: true }).success).toBe(true);
	});

	it('refuses unknown keys and codes outside the lists', () => {
		expect(EsfParticipationInputSchema.safeParse({ ...base, hetu: '010594Y9032' }).success).toBe(false);
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, educationAtStart: 'basic' }))).toEqual(['educationAtStart:invalid_value']);
		expect(codesOf(EsfParticipationInputSchema.safeParse({ ...base, employmentStatusAtStart: null }))).toEqual(['employmentStatusAtStart:invalid_value']);
	});
});

describe('ESF sync shapes', () => {
	it('travels as esf-participation.create and .update', () => {
		expect(MutationSchema.safeParse({ kind: 'esf-participation.create', data: base }).success).toBe(true);
		const update = { id: base.id, baseVersion: 1, changes: { endDate: { from: null, to: '2026-05-31' } } };
		expect(MutationSchema.safeParse({ kind: 'esf-participation.update', data: update }).success).toBe(true);
		expect(EsfParticipationUpdateSchema.safeParse({ ...update, changes: {} }).success).toBe(false);
		expect(EsfParticipationUpdateSchema.safeParse({ ...update, changes: { unitId: { from: null, to: base.id } } }).success).toBe(false);
	});

	it('pulls with a participant number, and with the special categories withheld as null', () => {
		const meta = { unitId: '0190a2c4-0000-7000-8000-000000000003', participantNumber: 7, version: 1, createdBy: base.id, createdAt: '2026-02-01T10:00:00.000Z', updatedAt: '2026-02-01T10:00:00.000Z', deletedAt: null };
		const { id: _id, ...fields } = base;
		const change = { entity: 'esf-participation', id: base.id, version: 1, updatedAt: meta.updatedAt, deletedAt: null, data: { id: base.id, ...fields, ...meta, disadvantages: null, disadvantageDeclined: null } };
		expect(SyncChangeSchema.safeParse(change).success).toBe(true);
		expect(EsfParticipationSchema.safeParse({ ...change.data, participantNumber: 0 }).success).toBe(false);
	});
});

describe('EsfParticipantsQuerySchema', () => {
	it('parses the window and takes an optional project and units', () => {
		const parsed = EsfParticipantsQuerySchema.parse({ window: 'national:jan-apr:2026', project: 'S30794', unitId: base.clientId });
		expect(parsed).toMatchObject({ window: { from: '2026-01-01', to: '2026-04-30' }, project: 'S30794', unitId: [base.clientId] });
		expect(EsfParticipantsQuerySchema.safeParse({ window: 'national:jan-apr:2026', project: 'x' }).success).toBe(false);
		expect(EsfParticipantsQuerySchema.safeParse({ window: 'nope' }).success).toBe(false);
	});
});
