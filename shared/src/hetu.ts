/**
 * Finnish personal identity code (henkilötunnus, "hetu"): `DDMMYY C NNN Q`. See DOMAIN.md section 1.
 *
 * Invariants:
 * - The century sign is part of a person's identity since the 2023 reform (`100190-999P` and
 *   `100190Y999P` are two people). We never normalise it away and always return the full 11-character
 *   code; callers must store that string, never rebuild it from its parts.
 * - Normalisation is trim + uppercase only. The same normalisation feeds the server's blind index.
 * - Reasons are checked in a fixed order (format, century, date, individual number, checksum) so a
 *   code that is wrong in several ways always reports the same, earliest reason.
 */
import { z } from 'zod';

export type HetuInvalidReason = 'format' | 'century' | 'date' | 'individual-number' | 'checksum';

export type HetuResult =
	| {
			valid: true;
			/** The normalised full 11-character code, century sign included. */
			hetu: string;
			/** YYYY-MM-DD */
			birthDate: string;
			sex: 'male' | 'female';
			/** Individual number 900–999: temporary code, never in the population register. */
			temporary: boolean;
	  }
	| { valid: false; reason: HetuInvalidReason };

export type HetuOptions = {
	/** Accept individual numbers 900–999 (flagged `temporary: true`). Default true. */
	allowTemporary?: boolean;
};

export const HETU_INVALID_REASONS: readonly HetuInvalidReason[] = [
	'format',
	'century',
	'date',
	'individual-number',
	'checksum'
];

/** Index = (DDMMYYNNN mod 31). G, I, O, Q and Z are not used. */
const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** 2023 reform: `+` 1800s; `-`, Y, X, W, V, U 1900s; A, B, C, D, E, F 2000s. Nothing else. */
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
	'+': 1800,
	'-': 1900,
	Y: 1900,
	X: 1900,
	W: 1900,
	V: 1900,
	U: 1900,
	A: 2000,
	B: 2000,
	C: 2000,
	D: 2000,
	E: 2000,
	F: 2000
};

/** Everything but the century sign must be ASCII digits (the check character is checked later). */
const SHAPE = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})(.)$/;

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

export function parseHetu(input: string, opts: HetuOptions = {}): HetuResult {
	const allowTemporary = opts.allowTemporary ?? true;
	if (typeof input !== 'string') return { valid: false, reason: 'format' };
	const hetu = input.trim().toUpperCase();
	if (hetu.length !== 11) return { valid: false, reason: 'format' };
	const m = SHAPE.exec(hetu);
	if (!m) return { valid: false, reason: 'format' };
	const [, dd = '', mm = '', yy = '', sign = '', nnn = '', check = ''] = m;

	// Own-property lookup only: `CENTURY_BY_SIGN['constructor']` and the like must not count.
	const century = Object.hasOwn(CENTURY_BY_SIGN, sign) ? CENTURY_BY_SIGN[sign] : undefined;
	if (century === undefined) return { valid: false, reason: 'century' };

	const day = Number(dd);
	const month = Number(mm);
	const year = century + Number(yy);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		return { valid: false, reason: 'date' };
	}

	const individual = Number(nnn);
	if (individual < 2) return { valid: false, reason: 'individual-number' };
	const temporary = individual >= 900;
	if (temporary && !allowTemporary) return { valid: false, reason: 'individual-number' };

	if (CHECK_CHARS[Number(dd + mm + yy + nnn) % 31] !== check) {
		return { valid: false, reason: 'checksum' };
	}

	return {
		valid: true,
		hetu,
		birthDate: `${pad(year, 4)}-${mm}-${dd}`,
		sex: individual % 2 === 1 ? 'male' : 'female',
		temporary
	};
}

export function isValidHetu(input: string, opts?: HetuOptions): boolean {
	return parseHetu(input, opts).valid;
}

/**
 * Zod schema for a henkilötunnus. It validates only and leaves the string as given (no transform), so
 * a form keeps what the user typed; store `parseHetu(value).hetu`. A failing value yields one custom
 * issue whose message names the reason and whose `params` carry `{ reason, code: 'hetu-<reason>' }`
 * for i18n on the client.
 */
export function hetuSchema(opts?: HetuOptions) {
	return z.string().superRefine((value, ctx) => {
		const result = parseHetu(value, opts);
		if (!result.valid) {
			ctx.addIssue({
				code: 'custom',
				message: `Invalid henkilötunnus: ${result.reason}`,
				params: { reason: result.reason, code: `hetu-${result.reason}` }
			});
		}
	});
}

/** Accepts temporary codes (900–999); use `hetuSchema({ allowTemporary: false })` for strict mode. */
export const HetuSchema = hetuSchema();
