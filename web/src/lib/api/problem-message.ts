/**
 * Turns API failures into sentences for people, in the current locale. The server's own `title`
 * and field `message`s are English developer text; the UI never shows them.
 */
import type { FieldError } from '@polku/shared';
import { m } from '$lib/paraglide/messages.js';
import { ApiError, NetworkError } from './client';

export function problemMessage(error: unknown): string {
	if (error instanceof NetworkError) return m.error_no_connection();
	if (!(error instanceof ApiError)) return m.error_unexpected();
	switch (error.code) {
		case 'invalid-credentials':
			return m.login_error_invalid();
		case 'too-many-attempts': {
			const seconds = error.retryAfterSeconds;
			return seconds === null
				? m.login_error_too_many_later()
				: m.login_error_too_many({ minutes: String(Math.max(1, Math.ceil(seconds / 60))) });
		}
		case 'unauthenticated':
			return m.error_session_ended();
		case 'forbidden':
			return m.error_forbidden();
		case 'cross-origin':
			return m.error_cross_origin();
		case 'address-not-allowed':
			return m.error_address_not_allowed();
		case 'https-required':
			return m.error_https_required();
		case 'not-found':
			return m.error_not_found();
		case 'conflict':
			return m.error_conflict();
		case 'validation-failed':
			return m.error_validation();
		default:
			return m.error_unexpected();
	}
}

/** The first segment of a dotted field path: `roles.0` belongs to the `roles` field. */
export function fieldName(path: string): string {
	return path.split('.')[0] ?? '';
}

/** One localised message per field that has an error (the first error of a field wins). */
export function fieldMessages(errors: readonly FieldError[] | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const error of errors ?? []) {
		const field = fieldName(error.field);
		if (!(field in out)) out[field] = fieldMessage(field, error.code);
	}
	return out;
}

export function fieldMessage(field: string, code: string): string {
	if (field === 'username' && (code === 'conflict' || code === 'taken' || code === 'duplicate')) {
		return m.field_username_taken();
	}
	switch (code) {
		case 'self-grant':
			return m.user_self_grant_hint();
		case 'too_small':
			if (field === 'password') return m.field_password_too_short();
			if (field === 'roles') return m.field_roles_required();
			return m.field_required();
		case 'too_big':
			return m.field_too_long();
		case 'invalid_format':
		case 'invalid_string':
			if (field === 'username') return m.field_username_format();
			if (field === 'email') return m.field_email_format();
			return m.field_invalid();
		default:
			if (field === 'roles') return m.field_roles_required();
			return m.field_invalid();
	}
}
