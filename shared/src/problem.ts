/**
 * The one error contract of the Polku API: RFC 9457 problem details, with a machine-readable `code`
 * and, for validation failures, one entry per offending field. The web app parses every non-2xx
 * body with `ProblemSchema`; the API's single `onError` is the only place that produces them.
 */
import { z } from 'zod';

export const PROBLEM_CODES = [
	'validation-failed',
	'malformed-json',
	'unsupported-media-type',
	'payload-too-large',
	'unauthenticated',
	'invalid-credentials',
	'too-many-attempts',
	'forbidden',
	/** A state-changing request sent by a page of another origin (or site). */
	'cross-origin',
	/** The organisation allows its users only from listed addresses, and this is not one. */
	'address-not-allowed',
	/** The server takes only https (POLKU_REQUIRE_HTTPS) and this came over plain http. */
	'https-required',
	'not-found',
	'conflict',
	'device-unknown',
	'device-revoked',
	'device-expired',
	'seal-invalid',
	'schema-unsupported',
	'unknown-reference',
	'unavailable',
	'internal'
] as const;
export const ProblemCodeSchema = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof ProblemCodeSchema>;

export const FieldErrorSchema = z.object({
	/** Dotted path of the field, e.g. `roles.0` or `username`; empty for the body as a whole. */
	field: z.string(),
	code: z.string(),
	message: z.string()
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ProblemSchema = z.object({
	type: z.string(),
	title: z.string(),
	status: z.number().int(),
	detail: z.string().optional(),
	instance: z.string().optional(),
	code: ProblemCodeSchema,
	requestId: z.string().optional(),
	errors: z.array(FieldErrorSchema).optional()
});
export type Problem = z.infer<typeof ProblemSchema>;

/** The problem code an HTTP status stands for when nothing more specific is known. */
const CODE_FOR_STATUS: Partial<Record<number, ProblemCode>> = {
	400: 'malformed-json',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not-found',
	409: 'conflict',
	413: 'payload-too-large',
	415: 'unsupported-media-type',
	422: 'validation-failed',
	429: 'too-many-attempts',
	503: 'unavailable'
};

export function problemCodeForStatus(status: number): ProblemCode | undefined {
	return CODE_FOR_STATUS[status];
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
