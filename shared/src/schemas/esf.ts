/**
 * ESF participation (issue 6, DOMAIN.md §4): a part of the client record, synced and field-merged
 * like a service. A participant is registered ONCE per project (EURA project code, e.g. S30794), even
 * across several periods: the start fields describe when they first started, the end fields when they
 * last left. The server refuses a second live participation of the same client in the same project
 * (422 naming `projectCode`).
 *
 * `disadvantages` and `disadvantageDeclined` are special categories (disability, minority): encrypted
 * at rest on the server, set only by a writer who reaches the client's special categories
 * (`client-sensitive` update), and withheld (null) from a reader who does not.
 *
 * `participantNumber` is given by the server on create (1, 2, 3… per organisation): the number the
 * ESF participant file carries instead of a name or a henkilötunnus.
 */
import { z } from 'zod';
import { EsfDisadvantageSchema, EsfEmploymentStatusSchema, EsfEndStatusSchema, IscedBandSchema, QualificationGainedSchema } from '../codes/esf-codes';
import { changesSchema, updateSchema } from './client';
import { WindowParamSchema } from '../statistics/windows';
import { IdSchema, LocaleSchema } from './common';
import { IsoDateSchema, SyncedMetaSchema } from './encounter';

/** EURA 2021 project code: a capital letter and five digits (S30794). */
export const ESF_PROJECT_CODE = /^[A-Z]\d{5}$/;
export const EsfProjectCodeSchema = z.string().regex(ESF_PROJECT_CODE, { message: 'A project code is a capital letter and five digits, e.g. S30794' });

export const EsfParticipationFieldsSchema = z.strictObject({
	projectCode: EsfProjectCodeSchema,
	startDate: IsoDateSchema,
	employmentStatusAtStart: EsfEmploymentStatusSchema,
	/** ISCED band of the highest education completed before starting. */
	educationAtStart: IscedBandSchema,
	disadvantages: z
		.array(EsfDisadvantageSchema)
		.max(10)
		.refine((list) => new Set(list).size === list.length, { message: 'Each code at most once', params: { code: 'duplicate' } }),
	/** The participant declined to say (then `disadvantages` is empty). */
	disadvantageDeclined: z.boolean(),
	endDate: IsoDateSchema.nullable(),
	employmentStatusAtEnd: EsfEndStatusSchema.nullable(),
	qualificationGained: QualificationGainedSchema.nullable()
});
export type EsfParticipationFields = z.infer<typeof EsfParticipationFieldsSchema>;

/** The fields withheld from a reader who does not reach the client's special categories. */
export const ESF_SENSITIVE_FIELDS = ['disadvantages', 'disadvantageDeclined'] as const;

export type EsfParticipationIssue = { field: keyof EsfParticipationFields; code: string; message: string };

/** Rules across fields (checked on input, on the device, and by the server after a merge). */
export function esfParticipationIssues(
	f: Pick<EsfParticipationFields, 'startDate' | 'endDate' | 'employmentStatusAtEnd' | 'qualificationGained'> &
		Partial<Pick<EsfParticipationFields, 'disadvantages' | 'disadvantageDeclined'>>
): EsfParticipationIssue[] {
	const issues: EsfParticipationIssue[] = [];
	if (f.endDate !== null && f.endDate < f.startDate) issues.push({ field: 'endDate', code: 'before-start', message: 'The end date is before the start date' });
	if (f.endDate === null && f.employmentStatusAtEnd !== null) {
		issues.push({ field: 'employmentStatusAtEnd', code: 'esf-not-ended', message: 'The status on leaving is recorded once the participation has ended' });
	}
	if (f.endDate === null && f.qualificationGained !== null) {
		issues.push({ field: 'qualificationGained', code: 'esf-not-ended', message: 'A qualification gained is recorded once the participation has ended' });
	}
	if (f.disadvantageDeclined === true && (f.disadvantages?.length ?? 0) > 0) {
		issues.push({ field: 'disadvantages', code: 'esf-declined', message: 'The participant declined to answer: leave the disadvantages empty' });
	}
	return issues;
}

export const EsfParticipationInputSchema = z
	.strictObject({ id: IdSchema, clientId: IdSchema, ...EsfParticipationFieldsSchema.shape })
	.superRefine((value, ctx) => {
		for (const issue of esfParticipationIssues(value)) {
			ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message, params: { code: issue.code } });
		}
	});
export type EsfParticipationInput = z.infer<typeof EsfParticipationInputSchema>;

/** The server checks the rules again after the merge. */
export const EsfParticipationUpdateSchema = updateSchema(changesSchema(EsfParticipationFieldsSchema.shape));
export type EsfParticipationUpdate = z.infer<typeof EsfParticipationUpdateSchema>;

export const EsfParticipationSchema = z.object({
	id: IdSchema,
	clientId: IdSchema,
	...EsfParticipationFieldsSchema.shape,
	/** Null: withheld from this reader (special categories). */
	disadvantages: EsfParticipationFieldsSchema.shape.disadvantages.nullable(),
	disadvantageDeclined: z.boolean().nullable(),
	participantNumber: z.number().int().positive(),
	unitId: IdSchema,
	...SyncedMetaSchema.shape
});
export type EsfParticipation = z.infer<typeof EsfParticipationSchema>;

/**
 * `GET /api/statistics/esf/participants.csv|.xlsx?window=&project=&unitId=&lang=`: one row per
 * participation overlapping the window, of the project (or of every project without `project`).
 */
export const EsfParticipantsQuerySchema = z.object({
	window: WindowParamSchema,
	project: EsfProjectCodeSchema.optional(),
	unitId: z
		.union([IdSchema, z.array(IdSchema)])
		.optional()
		.transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
	lang: LocaleSchema.optional()
});
