/**
 * The submit of a client-record form: `busy` while it runs, the field errors of a refused submit
 * shown on their fields with the focus on the first invalid one, any other failure as a toast (or,
 * for a form with its own error notice, in that notice).
 */
import { tick } from 'svelte';
import { m } from '$lib/paraglide/messages.js';
import { handleError } from '$lib/utils/handle-error';
import { fieldErrorsOf, focusFirstInvalid } from './record-errors';

type FormElement = HTMLElement | null | undefined;
type FieldErrors = Record<string, string>;

export interface RecordFormOptions {
	/** Id of the form's error notice: it shows `formError` and takes the focus when no field can. */
	noticeId?: string;
	/** Reads the field errors out of a failure (default `fieldErrorsOf`); null when it has none. */
	fieldErrors?: (error: unknown) => FieldErrors | null;
	/** The toast's lead sentence for any other failure. */
	failed?: () => string;
}

/** All the field errors of a refused submit on `field`, for a form with a single field. */
export function onto(field: string): (error: unknown) => FieldErrors | null {
	return (error) => {
		const found = fieldErrorsOf(error);
		return found && { [field]: found[field] ?? Object.values(found)[0] ?? m.field_invalid() };
	};
}

export class RecordForm {
	busy = $state(false);
	errors = $state<FieldErrors>({});
	formError = $state<string | null>(null);
	readonly #options: RecordFormOptions;

	constructor(options: RecordFormOptions = {}) {
		this.#options = options;
	}

	/** Shows `errors` (from the form's own checks or a refused submit) and focuses the first invalid control. */
	async fail(form: FormElement, errors: FieldErrors): Promise<void> {
		const { noticeId } = this.#options;
		this.errors = errors;
		if (noticeId) this.formError = m.error_validation();
		await tick();
		focusFirstInvalid(form, noticeId ? document.getElementById(noticeId) : undefined);
	}

	/** Runs `action` (the save, its toast, the reset and the reload) with the form busy; a failure is shown. */
	async submit(form: FormElement, action: () => Promise<void>): Promise<void> {
		const { noticeId, fieldErrors = fieldErrorsOf, failed } = this.#options;
		this.errors = {};
		this.formError = null;
		this.busy = true;
		try {
			await action();
		} catch (error) {
			const found = fieldErrors(error);
			if (found) await this.fail(form, found);
			else if (noticeId) {
				this.formError = m.error_unexpected();
				await tick();
				document.getElementById(noticeId)?.focus();
			} else handleError(error, failed?.());
		} finally {
			this.busy = false;
		}
	}
}
