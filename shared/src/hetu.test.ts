import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HetuSchema, hetuSchema, isValidHetu, parseHetu } from './hetu';

/**
 * Independent reference for the check character, written from DOMAIN.md 1.3's table (remainder →
 * character) rather than from the implementation's string, so a typo in either one shows up.
 */
const REMAINDER_TABLE: Record<number, string> = {
	0: '0', 1: '1', 2: '2', 3: '3', 4: '4', 5: '5', 6: '6', 7: '7', 8: '8', 9: '9',
	10: 'A', 11: 'B', 12: 'C', 13: 'D', 14: 'E', 15: 'F', 16: 'H', 17: 'J', 18: 'K', 19: 'L',
	20: 'M', 21: 'N', 22: 'P', 23: 'R', 24: 'S', 25: 'T', 26: 'U', 27: 'V', 28: 'W', 29: 'X', 30: 'Y'
};
function referenceCheckChar(ddmmyy: string, nnn: string): string {
	const digits = BigInt(ddmmyy + nnn);
	return REMAINDER_TABLE[Number(digits % 31n)]!;
}
function build(ddmmyy: string, sign: string, nnn: string): string {
	return `${ddmmyy}${sign}${nnn}${referenceCheckChar(ddmmyy, nnn)}`;
}

const SIGNS_BY_CENTURY: Record<number, string[]> = {
	1800: ['+'],
	1900: ['-', 'Y', 'X', 'W', 'V', 'U'],
	2000: ['A', 'B', 'C', 'D', 'E', 'F']
};

describe('parseHetu', () => {
	it.each([
		['010594Y9032', '1994-05-01', 'male', true],
		['020594X903P', '1994-05-02', 'male', true],
		['030594W903B', '1994-05-03', 'male', true],
		['010516B903X', '2016-05-01', 'male', true],
		['020504A902E', '2004-05-02', 'female', true],
		['020504B904H', '2004-05-02', 'female', true],
		['290296-7808', '1996-02-29', 'female', false],
		['010101-0101', '1901-01-01', 'female', false],
		['100190-999P', '1990-01-10', 'male', true],
		['100190Y999P', '1990-01-10', 'male', true],
		['131052-308T', '1952-10-13', 'female', false]
	] as const)('accepts DOMAIN.md vector %s', (code, birthDate, sex, temporary) => {
		expect(parseHetu(code)).toEqual({ valid: true, hetu: code, birthDate, sex, temporary });
		expect(isValidHetu(code)).toBe(true);
	});

	it('keeps the century sign: DVV 100190-999P and 100190Y999P are different people', () => {
		const a = parseHetu('100190-999P');
		const b = parseHetu('100190Y999P');
		expect(a.valid && b.valid).toBe(true);
		if (a.valid && b.valid) {
			expect(a.hetu).toBe('100190-999P');
			expect(b.hetu).toBe('100190Y999P');
			expect(a.hetu).not.toBe(b.hetu);
			expect(a.birthDate).toBe(b.birthDate);
		}
	});

	it('rejects the telp.fi example 010190-999K (its check character is W)', () => {
		expect(parseHetu('010190-999K')).toEqual({ valid: false, reason: 'checksum' });
		expect(parseHetu('010190Y999K')).toEqual({ valid: false, reason: 'checksum' });
		expect(parseHetu('010190-999W')).toMatchObject({ valid: true, birthDate: '1990-01-01' });
	});

	it('reads the century from every sign', () => {
		expect(parseHetu(build('010150', '+', '123'))).toMatchObject({ valid: true, birthDate: '1850-01-01' });
		for (const sign of SIGNS_BY_CENTURY[1900]!) {
			expect(parseHetu(build('010150', sign, '123'))).toMatchObject({ valid: true, birthDate: '1950-01-01' });
		}
		for (const sign of SIGNS_BY_CENTURY[2000]!) {
			expect(parseHetu(build('010110', sign, '123'))).toMatchObject({ valid: true, birthDate: '2010-01-01' });
		}
	});

	it.each(['|', '*', '/', '_', '.', ' ', '0', '9', 'G', 'Z', 'T', 'ä', '='])(
		'rejects %j in position 7 as a bad century sign',
		(junk) => {
			const good = build('010190', '-', '123');
			const code = good.slice(0, 6) + junk + good.slice(7);
			expect(parseHetu(code)).toEqual({ valid: false, reason: 'century' });
		}
	);

	it('uppercases a lowercase century sign and check character, and trims whitespace', () => {
		expect(parseHetu('020504a902e')).toMatchObject({ valid: true, hetu: '020504A902E' });
		expect(parseHetu('  010594y9032\n')).toMatchObject({ valid: true, hetu: '010594Y9032' });
		expect(parseHetu('\t131052-308t ')).toMatchObject({ valid: true, hetu: '131052-308T' });
	});

	it('rejects day 00 and month 00 and impossible dates', () => {
		expect(parseHetu(build('000190', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('010090', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('000000', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('011390', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('320190', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('310490', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('300290', '-', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('311290', '-', '123'))).toMatchObject({ valid: true, birthDate: '1990-12-31' });
		// The old finnish-ssn bug (issue #9): 000931-5511 passed.
		expect(parseHetu('000931-5511')).toEqual({ valid: false, reason: 'date' });
	});

	it('knows 29 February 1900 did not exist but 29 February 2000 did', () => {
		// Hard-coded, verified by hand: 290200123 mod 31 = 9, 290200002 mod 31 = 12 (C).
		expect(parseHetu('290200-1239')).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu('290200Y1239')).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu('290200A1239')).toMatchObject({ valid: true, birthDate: '2000-02-29' });
		expect(parseHetu('290200F002C')).toMatchObject({ valid: true, birthDate: '2000-02-29', sex: 'female' });
		// 1800 was not a leap year either; 2004 and 1996 were, 2001 was not.
		expect(parseHetu(build('290200', '+', '123'))).toEqual({ valid: false, reason: 'date' });
		expect(parseHetu(build('290204', 'B', '123'))).toMatchObject({ valid: true, birthDate: '2004-02-29' });
		expect(parseHetu(build('290201', 'A', '123'))).toEqual({ valid: false, reason: 'date' });
	});

	it('flags temporary codes 900–999 and refuses them with allowTemporary: false', () => {
		for (const nnn of ['900', '901', '950', '999']) {
			const code = build('010101', 'A', nnn);
			expect(parseHetu(code)).toMatchObject({ valid: true, temporary: true });
			expect(parseHetu(code, { allowTemporary: true })).toMatchObject({ valid: true, temporary: true });
			expect(parseHetu(code, { allowTemporary: false })).toEqual({ valid: false, reason: 'individual-number' });
			expect(isValidHetu(code, { allowTemporary: false })).toBe(false);
		}
		for (const nnn of ['002', '003', '899']) {
			const code = build('010101', 'A', nnn);
			expect(parseHetu(code, { allowTemporary: false })).toMatchObject({ valid: true, temporary: false });
		}
	});

	it('refuses individual numbers 000 and 001 even with a correct check character', () => {
		// 010101000 mod 31 = 23 (P), 010101001 mod 31 = 24 (R) — hard-coded, checked by hand.
		expect(parseHetu('010101-000P')).toEqual({ valid: false, reason: 'individual-number' });
		expect(parseHetu('010101-001R')).toEqual({ valid: false, reason: 'individual-number' });
		expect(parseHetu(build('010101', 'A', '000'))).toEqual({ valid: false, reason: 'individual-number' });
		expect(parseHetu(build('010101', 'A', '001'))).toEqual({ valid: false, reason: 'individual-number' });
		expect(parseHetu(build('010101', 'A', '002'))).toMatchObject({ valid: true, sex: 'female' });
	});

	it('derives sex from the parity of the individual number', () => {
		expect(parseHetu(build('010101', 'A', '002'))).toMatchObject({ sex: 'female' });
		expect(parseHetu(build('010101', 'A', '003'))).toMatchObject({ sex: 'male' });
	});

	it.each([
		'',
		'   ',
		'131052-308',
		'131052-308TT',
		'131052308T',
		'1310522-308T',
		'131052 -308T',
		'13105X-308T',
		'131052-3O8T',
		'131052-30 8T',
		'１３１０５２-308T'
	])('rejects %j as a format error', (code) => {
		expect(parseHetu(code)).toEqual({ valid: false, reason: 'format' });
	});

	it('rejects every wrong check character', () => {
		const wrong = '0123456789ABCDEFHJKLMNPRSUVWXYGIOQZ-+.'.split('').filter((c) => c !== 'T');
		for (const c of wrong) {
			expect(parseHetu(`131052-308${c}`)).toEqual({ valid: false, reason: 'checksum' });
		}
	});
});

describe('parseHetu properties', () => {
	const validCode = fc
		.record({
			// Whole-day offsets from 1800-01-01 to 2099-12-31 (UTC), so every real date is reachable.
			day: fc.integer({ min: 0, max: Math.round((Date.UTC(2099, 11, 31) - Date.UTC(1800, 0, 1)) / 86_400_000) }),
			individual: fc.integer({ min: 2, max: 999 }),
			signIndex: fc.nat()
		})
		.map(({ day, individual, signIndex }) => {
			const date = new Date(Date.UTC(1800, 0, 1) + day * 86_400_000);
			const iso = date.toISOString().slice(0, 10);
			const [yyyy = '', mm = '', dd = ''] = iso.split('-');
			const signs = SIGNS_BY_CENTURY[Math.floor(Number(yyyy) / 100) * 100]!;
			const sign = signs[signIndex % signs.length]!;
			const nnn = String(individual).padStart(3, '0');
			return { code: build(dd + mm + yyyy.slice(2), sign, nnn), iso, individual };
		});

	it('a generated code with the right check character parses back to its birth date', () => {
		fc.assert(
			fc.property(validCode, ({ code, iso, individual }) => {
				const result = parseHetu(code);
				expect(result).toEqual({
					valid: true,
					hetu: code,
					birthDate: iso,
					sex: individual % 2 === 1 ? 'male' : 'female',
					temporary: individual >= 900
				});
			}),
			{ numRuns: 2000 }
		);
	});

	it('changing the check character makes the code invalid', () => {
		const table = Object.values(REMAINDER_TABLE);
		fc.assert(
			fc.property(validCode, fc.integer({ min: 1, max: 30 }), ({ code }, shift) => {
				const current = table.indexOf(code[10]!);
				const other = table[(current + shift) % 31]!;
				expect(parseHetu(code.slice(0, 10) + other)).toEqual({ valid: false, reason: 'checksum' });
			}),
			{ numRuns: 2000 }
		);
	});

	it('never throws and never accepts a string that is not 11 characters after trimming', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 20 }), (s) => {
				const result = parseHetu(s);
				if (result.valid) expect(result.hetu).toHaveLength(11);
				else expect(['format', 'century', 'date', 'individual-number', 'checksum']).toContain(result.reason);
			})
		);
	});
});

describe('HetuSchema', () => {
	it('accepts a valid code and leaves it as typed', () => {
		expect(HetuSchema.parse('131052-308t')).toBe('131052-308t');
	});

	it('names the reason in the issue', () => {
		const result = HetuSchema.safeParse('131052-308X');
		expect(result.success).toBe(false);
		const issue = result.error?.issues[0];
		expect(issue?.code).toBe('custom');
		expect(issue?.message).toContain('checksum');
		expect(issue && 'params' in issue ? issue.params : undefined).toEqual({ reason: 'checksum', code: 'hetu-checksum' });
	});

	it('rejects non-strings', () => {
		expect(HetuSchema.safeParse(131052308).success).toBe(false);
	});

	it('strict variant refuses temporary codes', () => {
		expect(HetuSchema.safeParse('100190-999P').success).toBe(true);
		const strict = hetuSchema({ allowTemporary: false }).safeParse('100190-999P');
		expect(strict.success).toBe(false);
		expect(strict.error?.issues[0]?.message).toContain('individual-number');
	});
});
