/**
 * The text-field view of a client's basic and contact details that the create form and the
 * record's edit form share: every input is a string (or a code) while typing; `fieldsOf` turns
 * it back into `ClientFields` values (empty → null) and catches what only the form can know
 * (a birth year that is not four digits). The record manager validates the rest.
 */
import type { ClientFields, RequirableClientField } from '@polku/shared';
import { m } from '$lib/paraglide/messages.js';

export interface ClientDraft {
	firstName: string;
	lastName: string;
	nickname: string;
	birthDate: string;
	birthYear: string;
	birthDateEstimated: boolean;
	gender: string | null;
	motherTongue: string | null;
	motherTongueOther: string;
	municipality: string;
	phone: string;
	email: string;
	streetAddress: string;
	postalCode: string;
	postOffice: string;
	preferredContact: string | null;
}

export const BASIC_FIELDS = [
	'firstName',
	'lastName',
	'nickname',
	'birthDate',
	'birthYear',
	'birthDateEstimated',
	'gender',
	'motherTongue',
	'motherTongueOther',
	'municipality',
	'phone',
	'email',
	'streetAddress',
	'postalCode',
	'postOffice',
	'preferredContact'
] as const satisfies readonly (keyof ClientDraft)[];

export type BasicFields = Pick<ClientFields, (typeof BASIC_FIELDS)[number]>;

const s = (v: string | null | undefined) => v ?? '';

export function emptyDraft(): ClientDraft {
	return draftOf({});
}

export function draftOf(f: Partial<ClientFields>): ClientDraft {
	return {
		firstName: s(f.firstName),
		lastName: s(f.lastName),
		nickname: s(f.nickname),
		birthDate: s(f.birthDate),
		birthYear: f.birthYear === null || f.birthYear === undefined ? '' : String(f.birthYear),
		birthDateEstimated: f.birthDateEstimated ?? false,
		gender: f.gender ?? 'unknown',
		motherTongue: f.motherTongue ?? null,
		motherTongueOther: s(f.motherTongueOther),
		municipality: f.municipality ?? 'unknown',
		phone: s(f.phone),
		email: s(f.email),
		streetAddress: s(f.streetAddress),
		postalCode: s(f.postalCode),
		postOffice: s(f.postOffice),
		preferredContact: f.preferredContact ?? null
	};
}

const t = (v: string) => (v.trim() === '' ? null : v.trim());

/** The draft as client fields, or the form's own field errors. */
export function fieldsOf(d: ClientDraft): { fields: BasicFields; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const year = d.birthYear.trim();
	const date = d.birthDate.trim();
	let birthYear: number | null = null;
	if (year !== '') {
		if (/^\d{4}$/.test(year)) birthYear = Number(year);
		else errors.birthYear = m.client_error_birth_year();
	} else if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
		// A full date gives the year; the worker need not type it twice.
		birthYear = Number(date.slice(0, 4));
	}
	const fields: BasicFields = {
		firstName: t(d.firstName),
		lastName: t(d.lastName),
		nickname: t(d.nickname),
		birthDate: date === '' ? null : date,
		birthYear,
		birthDateEstimated: d.birthDateEstimated,
		// Checked against the code lists by the record manager (a SubmitValidationError names the field).
		gender: (d.gender ?? 'unknown') as ClientFields['gender'],
		motherTongue: d.motherTongue as ClientFields['motherTongue'],
		motherTongueOther: d.motherTongue === 'other' ? t(d.motherTongueOther) : null,
		municipality: d.municipality as ClientFields['municipality'],
		phone: t(d.phone),
		email: t(d.email),
		streetAddress: t(d.streetAddress),
		postalCode: t(d.postalCode),
		postOffice: t(d.postOffice),
		preferredContact: d.preferredContact as ClientFields['preferredContact']
	};
	return { fields, errors };
}

/** The fields of `next` that differ from `prev` (arrays compared by value). */
export function changed<T extends object>(prev: T, next: Partial<T>): Partial<T> {
	const out: Partial<T> = {};
	for (const key of Object.keys(next) as (keyof T)[]) {
		if (JSON.stringify(prev[key] ?? null) !== JSON.stringify(next[key] ?? null)) out[key] = next[key];
	}
	return out;
}

/** A label with the required marker when the organisation's minimum data set has the field. */
export function labelFor(label: string, field: string, required: readonly RequirableClientField[] | readonly string[]): string {
	return (required as readonly string[]).includes(field) ? `${label} *` : label;
}
