/**
 * Code lists are data (DESIGN.md, DOMAIN.md §2.3): each entry has a stable code that is stored and
 * counted, and a label in every UI language. Statistics count by code, so a label can change without
 * touching any record. Lists marked `provisional` follow DOMAIN.md's GUESS lists and will be checked
 * against the national specification; the codes stay stable when labels change.
 *
 * `unknown` ("ei tietoa") is a valid, later-correctable answer in every statistical list and is
 * counted explicitly in reports.
 */
import { z } from 'zod';
import type { Locale } from '../schemas/common';

export type Labels = Record<Locale, string>;

export interface CodeEntry<C extends string = string> {
	readonly code: C;
	readonly labels: Labels;
}

export interface CodeList<C extends string = string> {
	readonly id: string;
	/** Bumped when codes are added or retired (never when only labels change). */
	readonly version: number;
	/** True while the list follows a GUESS in DOMAIN.md rather than a published specification. */
	readonly provisional: boolean;
	readonly entries: readonly CodeEntry<C>[];
}

export const UNKNOWN_CODE = 'unknown' as const;

export function defineCodeList<const C extends string>(list: CodeList<C>): CodeList<C> {
	const seen = new Set<string>();
	for (const entry of list.entries) {
		if (seen.has(entry.code)) throw new Error(`Code list ${list.id}: duplicate code ${entry.code}`);
		seen.add(entry.code);
	}
	return list;
}

export function codesOf<C extends string>(list: CodeList<C>): [C, ...C[]] {
	const codes = list.entries.map((e) => e.code);
	if (codes.length === 0) throw new Error(`Code list ${list.id} is empty`);
	return codes as [C, ...C[]];
}

/** A zod schema accepting exactly the list's codes. */
export function codeSchema<C extends string>(list: CodeList<C>) {
	return z.enum(codesOf(list));
}

/** The label of `code` in `locale`, or the code itself when the list does not know it. */
export function labelOf(list: CodeList, code: string, locale: Locale): string {
	return list.entries.find((e) => e.code === code)?.labels[locale] ?? code;
}
