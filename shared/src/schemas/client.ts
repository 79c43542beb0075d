/**
 * The client record (asiakas, issue 4): basic details, contact, background, the client relationship.
 * It started in issue 3 as the minimal shape outreach needs offline; those fields and their merge rules
 * stay, and a payload written by an issue-3 device still validates (new fields default).
 *
 * A client is a *shared* record: several workers may edit it offline. Edits travel as field patches
 * against a base (`client.update`), merged field by field on the server (../merge.ts). Some parts are
 * separate records with their own rules (./client-record.ts): the special-category fields (health,
 * substance use) as `client-sensitive`, the henkilötunnus (`client.set-hetu`, never pulled), situation
 * checks, services, consents, memos, follow-ups and attachments.
 *
 * "Ei tietoa": a statistical code field is `null` while unanswered and `'unknown'` when answered "no
 * information"; both count as no information in reports, and the completeness check lists the nulls.
 */
import { z } from 'zod';
import {
	ContactChannelSchema,
	EDUCATION_LEVELS,
	END_REASONS,
	MOTHER_TONGUES,
	PLACEMENTS,
	REFERRAL_SOURCES
} from '../codes/client-codes';
import { GenderSchema } from '../codes/encounter-codes';
import { codeOrLocal } from '../codes/local-codes';
import { MunicipalitySchema } from '../codes/municipalities';
import { IdSchema } from './common';
import { IsoDateSchema, SyncedMetaSchema } from './encounter';

const name = z.string().trim().min(1).max(100).nullable();
const text = (max: number) => z.string().trim().min(1).max(max).nullable();
/** Free-text background; encrypted at rest on the server. */
export const BACKGROUND_TEXT_MAX = 2000;
const longText = text(BACKGROUND_TEXT_MAX);

/** The issue-3 fields: every device since then writes these. */
const BASIC_SHAPE = {
	firstName: name,
	lastName: name,
	/** Outreach may start pseudonymous: a nickname alone is enough. */
	nickname: name,
	birthYear: z.number().int().min(1900).max(2100).nullable(),
	gender: GenderSchema,
	municipality: MunicipalitySchema
};

/** Added in issue 4; optional on input (defaults below) so older payloads stay valid. */
const RECORD_SHAPE = {
	/** Full birth date when known; its year must equal `birthYear`. */
	birthDate: IsoDateSchema.nullable(),
	/** The birth date or year is an estimate (outreach), to be corrected later. */
	birthDateEstimated: z.boolean(),
	motherTongue: codeOrLocal(MOTHER_TONGUES).nullable(),
	/** Free text when `motherTongue` is `other`. */
	motherTongueOther: text(60),
	phone: z
		.string()
		.trim()
		.regex(/^\+?[0-9][0-9 ()-]{4,28}[0-9]$/, 'a phone number: digits, spaces, +, -, ( )')
		.nullable(),
	email: z.email().max(254).nullable(),
	streetAddress: text(200),
	postalCode: z.string().regex(/^\d{5}$/, 'five digits').nullable(),
	postOffice: text(60),
	preferredContact: ContactChannelSchema.nullable(),
	/** Workers responsible for the client (vastuutyöntekijät); they see the client like its author. */
	responsibleWorkerIds: z
		.array(IdSchema)
		.max(10)
		.refine((ids) => new Set(ids).size === ids.length, { message: 'Each worker at most once', params: { code: 'duplicate' } }),
	educationLevel: codeOrLocal(EDUCATION_LEVELS).nullable(),
	workExperience: longText,
	specialSkills: longText,
	strengths: longText,
	goals: longText,
	family: longText,
	otherBackground: longText,
	referralSource: codeOrLocal(REFERRAL_SOURCES).nullable(),
	/** The referring organisation and its contact person (lähettävä taho, yhteyshenkilö). */
	referralOrganisation: text(200),
	referralContact: text(200),
	startDate: IsoDateSchema.nullable(),
	endDate: IsoDateSchema.nullable(),
	endReason: codeOrLocal(END_REASONS).nullable(),
	placementAtEnd: codeOrLocal(PLACEMENTS).nullable()
};

export const ClientFieldsSchema = z.strictObject({ ...BASIC_SHAPE, ...RECORD_SHAPE });
export type ClientFields = z.infer<typeof ClientFieldsSchema>;
export type ClientField = keyof ClientFields;

/** The fields a `client.update` may change, merged one by one. */
export const CLIENT_MERGE_FIELDS = Object.keys(ClientFieldsSchema.shape) as ClientField[];

/** Free-text fields the server stores encrypted (DESIGN.md, Keys). */
export const CLIENT_ENCRYPTED_FIELDS = [
	'workExperience',
	'specialSkills',
	'strengths',
	'goals',
	'family',
	'otherBackground'
] as const satisfies readonly ClientField[];

/** Fields an organisation may put in its minimum data set (required on create, never cleared). */
export const REQUIRABLE_CLIENT_FIELDS = [
	'firstName',
	'lastName',
	'birthYear',
	'birthDate',
	'motherTongue',
	'phone',
	'email',
	'educationLevel',
	'referralSource',
	'startDate'
] as const satisfies readonly ClientField[];
export type RequirableClientField = (typeof REQUIRABLE_CLIENT_FIELDS)[number];
export const RequirableClientFieldSchema = z.enum(REQUIRABLE_CLIENT_FIELDS);
export const DEFAULT_REQUIRED_CLIENT_FIELDS: readonly RequirableClientField[] = ['startDate'];

/** Statistical fields: reports count them, the completeness check lists records where they are null. */
export const CLIENT_STATISTICAL_FIELDS = [
	'birthYear',
	'gender',
	'motherTongue',
	'municipality',
	'educationLevel',
	'referralSource',
	'startDate'
] as const satisfies readonly ClientField[];

export const CLIENT_FIELD_DEFAULTS: Pick<ClientFields, keyof typeof RECORD_SHAPE> = {
	birthDate: null,
	birthDateEstimated: false,
	motherTongue: null,
	motherTongueOther: null,
	phone: null,
	email: null,
	streetAddress: null,
	postalCode: null,
	postOffice: null,
	preferredContact: null,
	responsibleWorkerIds: [],
	educationLevel: null,
	workExperience: null,
	specialSkills: null,
	strengths: null,
	goals: null,
	family: null,
	otherBackground: null,
	referralSource: null,
	referralOrganisation: null,
	referralContact: null,
	startDate: null,
	endDate: null,
	endReason: null,
	placementAtEnd: null
};

export type ClientFieldIssue = { field: ClientField; code: string; message: string };

/**
 * Rules across fields, checked on input and again by the server after a merge (a merge can combine
 * two edits that were each fine alone). Empty when the record is consistent.
 */
export function clientFieldIssues(f: Pick<ClientFields, 'firstName' | 'lastName' | 'nickname' | 'birthYear' | 'birthDate' | 'startDate' | 'endDate' | 'endReason' | 'placementAtEnd'>): ClientFieldIssue[] {
	const issues: ClientFieldIssue[] = [];
	if (f.nickname === null && (f.firstName === null || f.lastName === null)) {
		issues.push({ field: 'nickname', code: 'name-required', message: 'Give a first and last name, or a nickname' });
	}
	if (f.birthDate !== null && f.birthYear !== null && Number(f.birthDate.slice(0, 4)) !== f.birthYear) {
		issues.push({ field: 'birthYear', code: 'birth-year-mismatch', message: 'The birth year must match the birth date' });
	}
	if (f.birthDate !== null && f.birthYear === null) {
		issues.push({ field: 'birthYear', code: 'birth-year-mismatch', message: 'Give the birth year of the birth date' });
	}
	if (f.endDate !== null && f.startDate === null) {
		issues.push({ field: 'startDate', code: 'start-required', message: 'A relationship that ended must have started' });
	}
	if (f.endDate !== null && f.startDate !== null && f.endDate < f.startDate) {
		issues.push({ field: 'endDate', code: 'before-start', message: 'The end date is before the start date' });
	}
	if (f.endDate === null && (f.endReason !== null || f.placementAtEnd !== null)) {
		issues.push({ field: 'endDate', code: 'end-date-required', message: 'Give the end date with the end reason or placement' });
	}
	return issues;
}

const withDefaults = Object.fromEntries(
	Object.entries(RECORD_SHAPE).map(([k, schema]) => [k, (schema as z.ZodType).default(CLIENT_FIELD_DEFAULTS[k as keyof typeof RECORD_SHAPE] as never)])
) as { [K in keyof typeof RECORD_SHAPE]: z.ZodDefault<(typeof RECORD_SHAPE)[K]> };

export const ClientInputSchema = z
	.strictObject({ id: IdSchema, unitId: IdSchema, ...BASIC_SHAPE, ...withDefaults })
	.superRefine((value, ctx) => {
		for (const issue of clientFieldIssues(value)) {
			ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message, params: { code: issue.code } });
		}
	});
export type ClientInput = z.infer<typeof ClientInputSchema>;

/**
 * What a device is told of a henkilötunnus: that there is one, nothing of the code. Not even the
 * birth date part: a client may have a code without a birth date (or with an estimated one), and the
 * century sign tells more than the birth year does, so any part of the code would add to the record.
 */
export const HETU_MASK = '***********';

/**
 * A client as a device receives it. Nothing in it lets anyone compute the henkilötunnus: `hetuMasked`
 * is HETU_MASK when the client has a code (null when not), and no keyed digest of the code travels
 * (a digest and its key on a device would give the code back after about a thousand guesses). Exact
 * search by code is an online call answered from the server's blind index; revealing the code is a
 * server call too. Both write audit rows.
 */
export const ClientSchema = z.object({
	id: IdSchema,
	unitId: IdSchema,
	...ClientFieldsSchema.shape,
	hetuMasked: z.literal(HETU_MASK).nullable(),
	...SyncedMetaSchema.shape
});
export type Client = z.infer<typeof ClientSchema>;

/** One field of a patch: the value the editor saw (`from`) and the value they chose (`to`). */
const change = <T extends z.ZodType>(value: T) => z.strictObject({ from: value, to: value });

/** A field patch schema over `shape`: each field optional as `{from, to}`, at least one present. */
export function changesSchema<S extends Record<string, z.ZodType>>(shape: S) {
	const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, change(v).optional()])) as {
		[K in keyof S]: z.ZodOptional<ReturnType<typeof change<S[K]>>>;
	};
	return z
		.strictObject(fields)
		.refine((c) => Object.keys(c).length > 0, { message: 'Nothing to change', params: { code: 'empty' } });
}

export const ClientChangesSchema = changesSchema(ClientFieldsSchema.shape);
export type ClientChanges = z.infer<typeof ClientChangesSchema>;

/** A patch of a shared record: its id, the version the `from` values came from, and the changes. */
export const updateSchema = <C extends z.ZodType>(changes: C) =>
	z.strictObject({
		id: IdSchema,
		/** The record version the editor's `from` values came from (0: the record did not exist yet). */
		baseVersion: z.number().int().nonnegative(),
		changes
	});

export const ClientUpdateSchema = updateSchema(ClientChangesSchema);
export type ClientUpdate = z.infer<typeof ClientUpdateSchema>;
