/**
 * Field errors of the client record's forms, in the UI language. The record manager throws a
 * `SubmitValidationError` whose errors name the field of the input (`firstName`, `hetu`, `recipient`)
 * and carry a code (shared zod `params.code`, the server's problem codes, or zod's own issue codes).
 */
import type { FieldError } from '@polku/shared';
import { m } from '$lib/paraglide/messages.js';

export function fieldMessage(code: string): string {
	switch (code) {
		case 'required':
		case 'too_small':
			return m.field_required();
		case 'name-required':
			return m.client_error_name_required();
		case 'birth-year-mismatch':
			return m.record_error_birth_year_mismatch();
		case 'start-required':
			return m.record_error_start_required();
		case 'before-start':
			return m.record_error_before_start();
		case 'end-date-required':
			return m.record_error_end_date_required();
		case 'hetu-format':
		case 'hetu-century':
		case 'hetu-date':
		case 'hetu-individual-number':
			return m.record_error_hetu_invalid();
		case 'hetu-checksum':
			return m.record_error_hetu_checksum();
		case 'hetu-not-allowed':
			return m.record_error_hetu_not_allowed();
		case 'hetu-duplicate':
			return m.record_error_hetu_duplicate();
		case 'consent-missing':
			return m.record_error_consent_missing();
		case 'not-allowed':
			return m.record_error_not_allowed();
		case 'too-large':
			return m.record_error_too_large();
		case 'type-mismatch':
			return m.record_error_type_mismatch();
		case 'too_big':
			return m.field_too_long();
		case 'quarter-hours':
			return m.workshop_error_quarter_hours();
		case 'too-few-weekdays':
		case 'weekdays-order':
			return m.workshop_error_weekdays();
		case 'not-ended':
			return m.workshop_error_not_ended();
		case 'outside-period':
		case 'before-period':
		case 'marks-outside':
			return m.workshop_error_outside_period();
		case 'future':
			return m.workshop_error_future();
		case 'reason-required':
			return m.workshop_error_reason_required();
		case 'unit-kind':
			return m.workshop_error_unit_kind();
		case 'esf-duplicate':
			return m.record_error_esf_duplicate();
		case 'esf-not-ended':
			return m.record_error_esf_not_ended();
		case 'esf-declined':
			return m.record_error_esf_declined();
		case 'forbidden':
			return m.record_error_forbidden();
		case 'not-eligible':
			return m.record_error_not_eligible();
		default:
			return m.field_invalid();
	}
}

/** The field errors of a refused submit, first one per field; null for any other failure. */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
	if (!(error instanceof Error) || error.name !== 'SubmitValidationError' || !('errors' in error)) return null;
	const out: Record<string, string> = {};
	for (const e of (error as Error & { errors: FieldError[] }).errors) {
		const field = e.field.replace(/^data\./, '').split('.')[0] ?? e.field;
		if (!(field in out)) out[field] = fieldMessage(e.code);
	}
	return out;
}

/** Moves the focus to the first invalid control inside `form`, or to `fallback`. */
export function focusFirstInvalid(form: HTMLElement | null | undefined, fallback?: HTMLElement | null) {
	const first = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]');
	(first ?? fallback)?.focus();
}

/** Today as YYYY-MM-DD in the device's time zone. */
export function today(): string {
	const d = new Date();
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An empty text field is null. */
export function orNull(text: string): string | null {
	const t = text.trim();
	return t === '' ? null : t;
}
