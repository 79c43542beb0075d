/**
 * Typed errors. Services throw these; `middlewares/on-error.ts` turns each into one
 * application/problem+json answer (STYLE.md §4). Never build an error body anywhere else.
 */
import type { FieldError, ProblemCode } from '@polku/shared';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class AppError extends Error {
	constructor(
		readonly code: ProblemCode,
		readonly status: ContentfulStatusCode,
		detail?: string,
		readonly errors?: FieldError[],
		/** Extra response headers, e.g. Retry-After. */
		readonly headers?: Record<string, string>
	) {
		super(detail ?? code);
		this.name = new.target.name;
	}

	/** Human-readable detail for the problem body, if one was given. */
	get detail(): string | undefined {
		return this.message === this.code ? undefined : this.message;
	}
}

export class NotFound extends AppError {
	constructor(detail = 'The resource was not found.') {
		super('not-found', 404, detail);
	}
}

export class Conflict extends AppError {
	constructor(detail: string, errors?: FieldError[]) {
		super('conflict', 409, detail, errors);
	}
}

export class Forbidden extends AppError {
	constructor(detail = 'Your role does not allow this.') {
		super('forbidden', 403, detail);
	}
}

export class Unauthenticated extends AppError {
	constructor(detail = 'Sign in first.') {
		super('unauthenticated', 401, detail);
	}
}

export class InvalidCredentials extends AppError {
	constructor() {
		super('invalid-credentials', 401, 'The organisation, username or password is wrong.');
	}
}

export class TooManyAttempts extends AppError {
	constructor(readonly retryAfterSeconds: number) {
		super('too-many-attempts', 429, 'Too many failed sign-in attempts. Try again later.', undefined, {
			'Retry-After': String(retryAfterSeconds)
		});
	}
}

export class ValidationFailed extends AppError {
	constructor(errors: FieldError[], detail = 'The request is not valid.') {
		super('validation-failed', 422, detail, errors);
	}
}
