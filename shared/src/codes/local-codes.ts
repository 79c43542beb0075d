/**
 * Local codes (issue 4, point 7): an organisation may hide national codes it does not use and add
 * its own, each mapped to a national code (or `other`), so every statistic still counts by national
 * code. Overrides are data of the organisation, edited by an admin (`PUT /api/code-lists/:listId`),
 * handed to devices in `/api/me`, and checked by the server on every write.
 *
 * Rules:
 * - A local code is `local:<slug>`; it is never deleted once it exists (records may hold it), only
 *   hidden. `unknown` is never hidden: "ei tietoa" must always be answerable.
 * - Hiding affects what pickers offer; stored values stay valid and are still shown with their label.
 */
import { z } from 'zod';
import type { Locale } from '../schemas/common';
import { codeSchema, type CodeList, type Labels, UNKNOWN_CODE } from './code-list';
import {
	ARRIVAL_BASES,
	EDUCATION_LEVELS,
	END_REASONS,
	HOUSING_TYPES,
	MAIN_ACTIVITIES,
	MEANS_OF_LIVING,
	MOTHER_TONGUES,
	PLACEMENTS,
	REFERRAL_SOURCES,
	SERVICE_TYPES
} from './client-codes';

export const LocalCodeValueSchema = z.string().regex(/^local:[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'local:<lowercase-slug>');
export type LocalCodeValue = `local:${string}`;

/** A statistical code field: a national code of `list`, or a local code the server checks exists. */
export function codeOrLocal<C extends string>(list: CodeList<C>) {
	return z.union([codeSchema(list), LocalCodeValueSchema as unknown as z.ZodType<LocalCodeValue>]);
}

/** The lists an organisation may extend with local codes, by id. */
export const EXTENSIBLE_CODE_LISTS = {
	'mother-tongue': MOTHER_TONGUES,
	'education-level': EDUCATION_LEVELS,
	'main-activity': MAIN_ACTIVITIES,
	'means-of-living': MEANS_OF_LIVING,
	housing: HOUSING_TYPES,
	'arrival-basis': ARRIVAL_BASES,
	'referral-source': REFERRAL_SOURCES,
	'end-reason': END_REASONS,
	placement: PLACEMENTS,
	'service-type': SERVICE_TYPES
} as const satisfies Record<string, CodeList>;
export type ExtensibleListId = keyof typeof EXTENSIBLE_CODE_LISTS;
export const EXTENSIBLE_LIST_IDS = Object.keys(EXTENSIBLE_CODE_LISTS) as [ExtensibleListId, ...ExtensibleListId[]];
export const ExtensibleListIdSchema = z.enum(EXTENSIBLE_LIST_IDS);

const LabelsSchema = z.strictObject({
	fi: z.string().trim().min(1).max(120),
	sv: z.string().trim().min(1).max(120),
	en: z.string().trim().min(1).max(120)
});

export const LocalCodeSchema = z.strictObject({
	code: LocalCodeValueSchema,
	labels: LabelsSchema,
	/** The national code this local code is counted as in every statistic. */
	mapsTo: z.string().min(1).max(60),
	hidden: z.boolean().default(false)
});
export type LocalCode = z.infer<typeof LocalCodeSchema>;

/** One list's overrides: national codes hidden from pickers, and local codes. */
export const CodeListOverrideSchema = z.strictObject({
	hidden: z.array(z.string().min(1).max(60)).max(100).default([]),
	local: z.array(LocalCodeSchema).max(100).default([])
});
export type CodeListOverride = z.infer<typeof CodeListOverrideSchema>;

/** Every list's overrides of one organisation. Lists without overrides are absent. */
export const CodeOverridesSchema = z.partialRecord(ExtensibleListIdSchema, CodeListOverrideSchema);
export type CodeOverrides = z.infer<typeof CodeOverridesSchema>;

export type CodeOverrideIssue = { field: string; code: 'unknown-code' | 'not-hideable' | 'bad-mapping' | 'duplicate' | 'local-removed'; message: string };

/**
 * Checks `next` for list `listId` (and, when given, that no local code of `previous` disappeared).
 * Returns the issues, each naming its field (`hidden.0`, `local.2.mapsTo`, …); empty when valid.
 */
export function checkCodeListOverride(listId: ExtensibleListId, next: CodeListOverride, previous?: CodeListOverride): CodeOverrideIssue[] {
	const list: CodeList = EXTENSIBLE_CODE_LISTS[listId];
	const national = new Set(list.entries.map((e) => e.code));
	const issues: CodeOverrideIssue[] = [];
	next.hidden.forEach((code, i) => {
		if (!national.has(code)) issues.push({ field: `hidden.${i}`, code: 'unknown-code', message: `${code} is not a code of ${listId}` });
		else if (code === UNKNOWN_CODE) issues.push({ field: `hidden.${i}`, code: 'not-hideable', message: '"No information" is always offered.' });
	});
	const seen = new Set<string>();
	next.local.forEach((local, i) => {
		if (seen.has(local.code)) issues.push({ field: `local.${i}.code`, code: 'duplicate', message: `${local.code} is listed twice` });
		seen.add(local.code);
		if (!national.has(local.mapsTo)) issues.push({ field: `local.${i}.mapsTo`, code: 'bad-mapping', message: `${local.mapsTo} is not a code of ${listId}` });
	});
	for (const old of previous?.local ?? []) {
		if (!seen.has(old.code)) issues.push({ field: 'local', code: 'local-removed', message: `${old.code} may be in use: hide it instead of removing it` });
	}
	return issues;
}

export type PickerEntry = { code: string; label: string; local: boolean };

/** What a picker offers for `listId` in `locale`: national codes not hidden, then visible local codes. */
export function pickerEntries(list: CodeList, overrides: CodeOverrides | undefined, locale: Locale): PickerEntry[] {
	const o = overrides?.[list.id as ExtensibleListId];
	const hidden = new Set(o?.hidden ?? []);
	const national = list.entries.filter((e) => !hidden.has(e.code)).map((e) => ({ code: e.code, label: e.labels[locale], local: false }));
	const local = (o?.local ?? []).filter((l) => !l.hidden).map((l) => ({ code: l.code, label: l.labels[locale], local: true }));
	// "Other" and "no information" stay last, after local codes.
	const tail = national.filter((e) => e.code === 'other' || e.code === UNKNOWN_CODE);
	return [...national.filter((e) => !tail.includes(e)), ...local, ...tail];
}

/** The label of a stored value, local or national (hidden codes keep their label). */
export function codeLabel(list: CodeList, overrides: CodeOverrides | undefined, code: string | null, locale: Locale): string | null {
	if (code === null) return null;
	const local = overrides?.[list.id as ExtensibleListId]?.local.find((l) => l.code === code);
	if (local) return local.labels[locale];
	return list.entries.find((e) => e.code === code)?.labels[locale] ?? code;
}

/** The national code a stored value counts as: local codes by their mapping, unknown local codes as `other`. */
export function nationalCode(list: CodeList, overrides: CodeOverrides | undefined, code: string | null): string | null {
	if (code === null || !code.startsWith('local:')) return code;
	return overrides?.[list.id as ExtensibleListId]?.local.find((l) => l.code === code)?.mapsTo ?? 'other';
}

/** True when `code` may be stored in `list` for an organisation with `overrides` (hidden codes included). */
export function isKnownCode(list: CodeList, overrides: CodeOverrides | undefined, code: string): boolean {
	if (!code.startsWith('local:')) return list.entries.some((e) => e.code === code);
	return overrides?.[list.id as ExtensibleListId]?.local.some((l) => l.code === code) ?? false;
}

export type { Labels };
