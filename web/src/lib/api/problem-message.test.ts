import { afterAll, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime.js';
import { ApiError, NetworkError } from './client';
import { fieldMessages, problemMessage } from './problem-message';

// Node has no localStorage or browser languages: pin the locale the messages see.
const original = getLocale;
let locale: Locale = 'fi';
overwriteGetLocale(() => locale);
const setLocale = (next: Locale) => (locale = next);
afterAll(() => overwriteGetLocale(original));

const problem = (status: number, code: ApiError['code']) => ({ type: 'about:blank', title: 'x', status, code });

describe('problemMessage', () => {
	it('says the same thing for every refused login, in the chosen language', () => {
		setLocale('fi');
		expect(problemMessage(new ApiError(problem(401, 'invalid-credentials')))).toBe(
			'Väärä organisaatio, käyttäjätunnus tai salasana.'
		);
		setLocale('en');
		expect(problemMessage(new ApiError(problem(401, 'invalid-credentials')))).toBe('Wrong organisation, username or password.');
	});

	it('tells how many minutes to wait after too many attempts', () => {
		setLocale('en');
		expect(problemMessage(new ApiError(problem(429, 'too-many-attempts'), 150))).toBe('Too many attempts. Try again in 3 min.');
		expect(problemMessage(new ApiError(problem(429, 'too-many-attempts')))).toBe('Too many attempts. Try again later.');
	});

	it('says there is no connection when the server cannot be reached', () => {
		setLocale('sv');
		expect(problemMessage(new NetworkError('Failed to fetch'))).toMatch(/^Ingen anslutning/);
	});
});

describe('fieldMessages', () => {
	it('puts one message on each field, using the first segment of the path', () => {
		setLocale('en');
		const out = fieldMessages([
			{ field: 'password', code: 'too_small', message: '' },
			{ field: 'roles', code: 'too_small', message: '' },
			{ field: 'unitIds.1', code: 'invalid_format', message: '' },
			{ field: 'password', code: 'too_big', message: '' }
		]);
		expect(out).toEqual({
			password: 'The password must be at least 12 characters long.',
			roles: 'Choose at least one role.',
			unitIds: 'Please check this field.'
		});
	});
});
