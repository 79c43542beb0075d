import { describe, expect, it } from 'vitest';
import { MAIN_ACTIVITIES, REFERRAL_SOURCES } from './client-codes';
import {
	checkCodeListOverride,
	codeLabel,
	codeOrLocal,
	CodeListOverrideSchema,
	isKnownCode,
	nationalCode,
	pickerEntries,
	type CodeOverrides
} from './local-codes';

const overrides: CodeOverrides = {
	'referral-source': {
		hidden: ['defence-forces'],
		local: [
			{ code: 'local:kirkonkylan-koulu', labels: { fi: 'Kirkonkylän koulu', sv: 'Kyrkbyns skola', en: 'Village school' }, mapsTo: 'basic-education', hidden: false },
			{ code: 'local:vanha-hanke', labels: { fi: 'Vanha hanke', sv: 'Gammalt projekt', en: 'Old project' }, mapsTo: 'other', hidden: true }
		]
	}
};

describe('local codes', () => {
	it('accepts national and well-formed local codes, nothing else', () => {
		const schema = codeOrLocal(REFERRAL_SOURCES);
		expect(schema.safeParse('self').success).toBe(true);
		expect(schema.safeParse('local:kirkonkylan-koulu').success).toBe(true);
		for (const bad of ['local:', 'local:Iso', 'local:-x', 'locale:x', 'nope', `local:${'a'.repeat(41)}`]) {
			expect(schema.safeParse(bad).success, bad).toBe(false);
		}
	});

	it('offers visible national codes, then visible local codes, with other and unknown last', () => {
		const codes = pickerEntries(REFERRAL_SOURCES, overrides, 'fi').map((e) => e.code);
		expect(codes).not.toContain('defence-forces');
		expect(codes).not.toContain('local:vanha-hanke');
		expect(codes.slice(-3)).toEqual(['local:kirkonkylan-koulu', 'other', 'unknown']);
		expect(pickerEntries(MAIN_ACTIVITIES, overrides, 'sv')).toHaveLength(MAIN_ACTIVITIES.entries.length);
	});

	it('counts a local code as its national code, and a hidden one keeps its label', () => {
		expect(nationalCode(REFERRAL_SOURCES, overrides, 'local:kirkonkylan-koulu')).toBe('basic-education');
		expect(nationalCode(REFERRAL_SOURCES, overrides, 'local:removed-somehow')).toBe('other');
		expect(nationalCode(REFERRAL_SOURCES, overrides, 'self')).toBe('self');
		expect(nationalCode(REFERRAL_SOURCES, overrides, null)).toBeNull();
		expect(codeLabel(REFERRAL_SOURCES, overrides, 'local:vanha-hanke', 'en')).toBe('Old project');
		expect(codeLabel(REFERRAL_SOURCES, overrides, 'defence-forces', 'fi')).toMatch(/Puolustusvoimat/);
	});

	it('knows which codes an organisation may store', () => {
		expect(isKnownCode(REFERRAL_SOURCES, overrides, 'defence-forces')).toBe(true);
		expect(isKnownCode(REFERRAL_SOURCES, overrides, 'local:vanha-hanke')).toBe(true);
		expect(isKnownCode(REFERRAL_SOURCES, overrides, 'local:muu')).toBe(false);
		expect(isKnownCode(REFERRAL_SOURCES, undefined, 'local:kirkonkylan-koulu')).toBe(false);
	});

	it('refuses unknown, unhideable and unmapped codes, duplicates and removed local codes', () => {
		const next = CodeListOverrideSchema.parse({
			hidden: ['unknown', 'nope'],
			local: [
				{ code: 'local:a', labels: { fi: 'A', sv: 'A', en: 'A' }, mapsTo: 'nope' },
				{ code: 'local:a', labels: { fi: 'A', sv: 'A', en: 'A' }, mapsTo: 'self' }
			]
		});
		const issues = checkCodeListOverride('referral-source', next, overrides['referral-source']);
		expect(issues.map((i) => [i.field, i.code])).toEqual([
			['hidden.0', 'not-hideable'],
			['hidden.1', 'unknown-code'],
			['local.0.mapsTo', 'bad-mapping'],
			['local.1.code', 'duplicate'],
			['local', 'local-removed'],
			['local', 'local-removed']
		]);
		expect(checkCodeListOverride('referral-source', overrides['referral-source']!, overrides['referral-source'])).toEqual([]);
	});
});
