import type { ClientFields } from '@polku/shared';
import { describe, expect, it } from 'vitest';
import { changed, draftOf, emptyDraft, fieldsOf, labelFor } from './client-draft';
import { fieldErrorsOf } from './record-errors';

describe('fieldsOf', () => {
	it('turns empty text into null and keeps codes', () => {
		const d = { ...emptyDraft(), nickname: '  Vene ', motherTongue: 'fi', motherTongueOther: 'ignored' };
		const { fields, errors } = fieldsOf(d);
		expect(errors).toEqual({});
		expect(fields).toMatchObject({ firstName: null, nickname: 'Vene', motherTongue: 'fi', motherTongueOther: null, gender: 'unknown', municipality: 'unknown', phone: null });
	});

	it('takes the birth year from a full birth date when no year is typed', () => {
		expect(fieldsOf({ ...emptyDraft(), birthDate: '1994-05-03' }).fields).toMatchObject({ birthDate: '1994-05-03', birthYear: 1994 });
	});

	it('refuses a birth year that is not four digits, at that field', () => {
		const { errors } = fieldsOf({ ...emptyDraft(), birthYear: '20x6' });
		expect(Object.keys(errors)).toEqual(['birthYear']);
	});

	it('round-trips a client through the draft', () => {
		const client: Partial<ClientFields> = { firstName: 'Aada', lastName: 'Esimerkki', nickname: null, birthYear: 2006, birthDate: null, birthDateEstimated: false, gender: 'female', municipality: '091', phone: '040 123 4567' };
		const { fields } = fieldsOf(draftOf(client));
		expect(changed(client, fields)).toEqual({});
	});
});

describe('changed', () => {
	it('lists only the fields whose value differs, arrays by value', () => {
		expect(changed<{ a: number; b: string[]; c: string | null }>({ a: 1, b: ['x'], c: null }, { a: 1, b: ['x'], c: 'y' })).toEqual({ c: 'y' });
		expect(changed({ b: ['x'] }, { b: ['x', 'z'] })).toEqual({ b: ['x', 'z'] });
	});
});

describe('labelFor', () => {
	it('marks the fields of the minimum data set', () => {
		expect(labelFor('Alkupäivä', 'startDate', ['startDate'])).toBe('Alkupäivä *');
		expect(labelFor('Puhelin', 'phone', ['startDate'])).toBe('Puhelin');
	});
});

describe('fieldErrorsOf', () => {
	it('names each field once, without the data. prefix, and ignores other errors', () => {
		const error = Object.assign(new Error('x'), {
			name: 'SubmitValidationError',
			errors: [
				{ field: 'data.hetu', code: 'hetu-checksum', message: '' },
				{ field: 'hetu', code: 'hetu-format', message: '' },
				{ field: 'endDate', code: 'before-start', message: '' }
			]
		});
		const out = fieldErrorsOf(error);
		expect(Object.keys(out ?? {})).toEqual(['hetu', 'endDate']);
		expect(fieldErrorsOf(new Error('network'))).toBeNull();
	});
});
