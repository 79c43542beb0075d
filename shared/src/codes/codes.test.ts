import { describe, expect, it } from 'vitest';
import { ENCOUNTER_ACTIONS, ENCOUNTER_CHANNELS, ENCOUNTER_TOPICS, GENDERS } from './encounter-codes';
import { labelOf, UNKNOWN_CODE, type CodeList } from './code-list';
import { MUNICIPALITIES, MunicipalitySchema } from './municipalities';
import * as clientCodes from './client-codes';
import { EXTENSIBLE_CODE_LISTS } from './local-codes';

const CLIENT_LISTS = (Object.values(clientCodes) as unknown[]).filter(
	(v): v is CodeList => typeof v === 'object' && v !== null && 'id' in v && Array.isArray((v as CodeList).entries)
);
const LISTS: CodeList[] = [ENCOUNTER_CHANNELS, ENCOUNTER_TOPICS, ENCOUNTER_ACTIONS, GENDERS, MUNICIPALITIES, ...CLIENT_LISTS];

/** Codes that are answers but not municipalities: abroad, and "no information". */
const NON_MUNICIPAL = ['200', UNKNOWN_CODE];
const municipalities = MUNICIPALITIES.entries.filter((e) => !NON_MUNICIPAL.includes(e.code));

describe('code lists', () => {
	it.each(LISTS.map((l) => [l.id, l] as const))('%s has unique codes and fi/sv/en labels', (_id, list) => {
		const codes = list.entries.map((e) => e.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const entry of list.entries) {
			for (const locale of ['fi', 'sv', 'en'] as const) {
				expect(entry.labels[locale].trim(), `${list.id} ${entry.code} ${locale}`).not.toBe('');
			}
		}
	});
});

describe('client-record code lists', () => {
	it('ships every list of the record with a distinct id', () => {
		expect(CLIENT_LISTS.length).toBeGreaterThanOrEqual(15);
		expect(new Set(LISTS.map((l) => l.id)).size).toBe(LISTS.length);
	});

	it.each(Object.entries(EXTENSIBLE_CODE_LISTS))('%s (statistical) answers "no information" or "other"', (_id, list) => {
		const codes = list.entries.map((e) => e.code as string);
		expect(codes.includes(UNKNOWN_CODE) || codes.includes('other')).toBe(true);
	});

	it('maps every education level to an ISCED band, and "unknown" to unknown', () => {
		for (const e of clientCodes.EDUCATION_LEVELS.entries) {
			expect(['0-2', '3-4', '5-8', 'unknown']).toContain(clientCodes.iscedBand(e.code));
		}
		expect(clientCodes.iscedBand('basic')).toBe('0-2');
		expect(clientCodes.iscedBand('upper-secondary-vocational')).toBe('3-4');
		expect(clientCodes.iscedBand('master')).toBe('5-8');
		expect(clientCodes.iscedBand(null)).toBe('unknown');
	});

	it('groups mother tongues as the national statistics do', () => {
		expect(clientCodes.motherTongueGroup('fi')).toBe('fi');
		expect(clientCodes.motherTongueGroup('sv')).toBe('sv');
		expect(clientCodes.motherTongueGroup('se')).toBe('se');
		expect(clientCodes.motherTongueGroup('ar')).toBe('other');
		expect(clientCodes.motherTongueGroup('unknown')).toBe('unknown');
		expect(clientCodes.motherTongueGroup(null)).toBe('unknown');
	});
});

describe('MUNICIPALITIES', () => {
	it('holds every municipality in force (309 since 2021) plus abroad and unknown', () => {
		expect(municipalities).toHaveLength(309);
		expect(MUNICIPALITIES.entries).toHaveLength(309 + NON_MUNICIPAL.length);
		expect(MUNICIPALITIES.entries.map((e) => e.code)).toEqual(expect.arrayContaining(NON_MUNICIPAL));
	});

	it('uses three-digit Statistics Finland codes, in ascending order', () => {
		const codes = municipalities.map((e) => e.code);
		for (const code of codes) expect(code).toMatch(/^\d{3}$/);
		expect([...codes].sort()).toEqual(codes);
	});

	it('names municipalities in Finnish and Swedish', () => {
		expect(labelOf(MUNICIPALITIES, '091', 'fi')).toBe('Helsinki');
		expect(labelOf(MUNICIPALITIES, '091', 'sv')).toBe('Helsingfors');
		expect(labelOf(MUNICIPALITIES, '049', 'fi')).toBe('Espoo');
		expect(labelOf(MUNICIPALITIES, '049', 'sv')).toBe('Esbo');
		expect(labelOf(MUNICIPALITIES, '853', 'sv')).toBe('Åbo');
		expect(labelOf(MUNICIPALITIES, '478', 'fi')).toBe('Maarianhamina');
		expect(labelOf(MUNICIPALITIES, '478', 'sv')).toBe('Mariehamn');
		// A municipality without a Swedish name keeps its Finnish one.
		expect(labelOf(MUNICIPALITIES, '179', 'sv')).toBe('Jyväskylä');
		expect(labelOf(MUNICIPALITIES, '179', 'en')).toBe('Jyväskylä');
	});

	it('no longer lists merged municipalities', () => {
		// Honkajoki (099) joined Kankaanpää (214) in 2021; Valtimo (911) joined Nurmes (541) in 2020.
		expect(MunicipalitySchema.safeParse('099').success).toBe(false);
		expect(MunicipalitySchema.safeParse('911').success).toBe(false);
		expect(MunicipalitySchema.safeParse('214').success).toBe(true);
	});

	it('validates through MunicipalitySchema', () => {
		expect(MunicipalitySchema.parse('092')).toBe('092');
		expect(MunicipalitySchema.safeParse('92').success).toBe(false);
		expect(MunicipalitySchema.safeParse('Helsinki').success).toBe(false);
	});
});
