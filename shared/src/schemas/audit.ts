/** Wire shapes of the audit trail (DESIGN.md, Privacy duties). */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

export const AuditEntrySchema = z.object({
	seq: z.number().int().positive(),
	id: IdSchema,
	at: TimestampSchema,
	actorId: IdSchema.nullable(),
	action: z.string(),
	entity: z.string().nullable(),
	entityId: z.string().nullable(),
	address: z.string().nullable(),
	detail: z.record(z.string(), z.unknown()),
	/** The chain: sha256(prevHash + canonical JSON of the entry without `hash`). */
	prevHash: z.string(),
	hash: z.string()
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
	items: z.array(AuditEntrySchema),
	/** Pass as `before` to get the next (older) page; null at the start of the trail. */
	nextCursor: z.number().int().positive().nullable()
});

export const AuditQuerySchema = z.object({
	before: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100)
});

export const AuditVerificationSchema = z.object({
	ok: z.boolean(),
	checked: z.number().int().nonnegative(),
	firstBadSeq: z.number().int().positive().nullable()
});
