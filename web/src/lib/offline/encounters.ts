/**
 * Pure helpers of the offline manager (plain TS, testable without Svelte): turning a draft into
 * validated mutations with errors that name draft fields, search folding, and list views.
 */
import {
	MutationSchema,
	type AnonymousContactInput,
	type EncounterInput,
	type FieldError,
	type Mutation,
	type MutationKind
} from '@polku/shared';
import { v7 as uuidv7 } from 'uuid';
import type { ZodError } from 'zod';
import type { OutboxRow, RecordEntity, RecordRow } from './db';
import { SubmitValidationError, type EncounterDraft, type EncounterView, type OutboxState, type QuarantineItem } from './types';

export type EncounterData = EncounterInput & { createdBy?: string };
export type AnonymousData = AnonymousContactInput;
export type ClientData = { id: string; firstName: string | null; lastName: string | null; nickname: string | null; birthYear: number | null };

export const ENTITY_OF_KIND: Partial<Record<MutationKind, RecordEntity>> = {
	'encounter.create': 'encounter',
	'anonymous-contact.create': 'anonymous-contact',
	'client.create': 'client'
};

/** Case- and accent-insensitive form for search ("Äädä" ~ "aada"). */
export function foldForSearch(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fi').trim();
}

export function matches(query: string, ...fields: (string | null | undefined)[]): boolean {
	const tokens = foldForSearch(query).split(/\s+/).filter(Boolean);
	if (tokens.length === 0) return true;
	const hay = foldForSearch(fields.filter((f): f is string => !!f).join(' '));
	return tokens.every((t) => hay.includes(t));
}

export function clientDisplayName(c: ClientData): string {
	const full = [c.firstName, c.lastName].filter((p): p is string => !!p).join(' ');
	return full || c.nickname || '';
}

/** "Chrome, Android": what the user recognises a device by; never a name or a number. */
export function deviceLabel(userAgent: string): string {
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /(Chrome|Chromium|CriOS)\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: 'Browser';
	const os = /Android/.test(userAgent)
		? 'Android'
		: /iPhone|iPad|iPod/.test(userAgent)
			? 'iOS'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X|Macintosh/.test(userAgent)
					? 'macOS'
					: /Linux|CrOS/.test(userAgent)
						? 'Linux'
						: null;
	return os ? `${browser}, ${os}` : browser;
}

const DRAFT_FIELD: Record<string, string> = {
	id: 'subject',
	clientId: 'subject',
	anonymousContactId: 'subject',
	unitId: 'unitId',
	occurredAt: 'occurredAt',
	channel: 'channel',
	topics: 'topics',
	actions: 'actions',
	durationMinutes: 'durationMinutes',
	note: 'note',
	followUpDate: 'followUpDate'
};
const ANON_FIELD: Record<string, string> = {
	id: 'subject',
	unitId: 'unitId',
	nickname: 'subject.nickname',
	birthYearEstimate: 'subject.birthYearEstimate',
	gender: 'subject.gender',
	municipality: 'subject.municipality'
};

/** Zod issues of a Mutation (paths `data.<field>…`) as field errors naming draft fields. */
export function fieldErrors(error: ZodError, kind: MutationKind | null): FieldError[] {
	const out: FieldError[] = [];
	const seen = new Set<string>();
	for (const issue of error.issues) {
		const path = issue.path.map(String);
		const inner = path[0] === 'data' ? path.slice(1) : path;
		const head = inner[0] ?? '';
		const field =
			kind === 'encounter.create'
				? (DRAFT_FIELD[head] ?? head)
				: kind === 'anonymous-contact.create'
					? (ANON_FIELD[head] ?? `subject.${head}`)
					: path.join('.');
		if (seen.has(field)) continue;
		seen.add(field);
		const params = (issue as { params?: { code?: unknown } }).params;
		out.push({ field, code: typeof params?.code === 'string' ? params.code : issue.code, message: issue.message });
	}
	return out;
}

export function normaliseTimestamp(value: string): string | null {
	if (!value) return null;
	const t = Date.parse(value);
	return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * The mutations a submitted draft becomes: an anonymous-contact.create first when the contact is
 * new, then the encounter.create (id = the draft id). Throws SubmitValidationError naming draft fields.
 */
export function buildEncounterMutations(id: string, draft: EncounterDraft, unitIds: readonly string[], newId: () => string = uuidv7): Mutation[] {
	const errors: FieldError[] = [];
	const unitId = draft.unitId ?? (unitIds.length === 1 ? unitIds[0]! : null);
	if (!unitId) errors.push({ field: 'unitId', code: 'required', message: 'Choose a unit' });
	const occurredAt = normaliseTimestamp(draft.occurredAt);
	if (!occurredAt) errors.push({ field: 'occurredAt', code: 'invalid', message: 'Give a date and time' });
	const mutations: Mutation[] = [];
	let clientId: string | null = null;
	let anonymousContactId: string | null = null;
	const subject = draft.subject;
	if (!subject) {
		errors.push({ field: 'subject', code: 'subject-required', message: 'Choose a client or an anonymous contact' });
	} else if (subject.kind === 'client') {
		clientId = subject.clientId;
	} else if (subject.kind === 'anonymous-existing') {
		anonymousContactId = subject.anonymousContactId;
	} else {
		anonymousContactId = newId();
		const anon = {
			kind: 'anonymous-contact.create' as const,
			data: {
				id: anonymousContactId,
				unitId: unitId ?? '',
				nickname: subject.nickname,
				birthYearEstimate: subject.birthYearEstimate,
				gender: subject.gender,
				municipality: subject.municipality
			}
		};
		const parsed = MutationSchema.safeParse(anon);
		if (parsed.success) mutations.push(parsed.data);
		else errors.push(...fieldErrors(parsed.error, anon.kind).filter((e) => e.field !== 'unitId' || unitId !== null));
	}
	const encounter = {
		kind: 'encounter.create' as const,
		data: {
			id,
			unitId: unitId ?? '',
			occurredAt: occurredAt ?? '',
			channel: draft.channel ?? '',
			clientId,
			anonymousContactId,
			topics: draft.topics,
			actions: draft.actions,
			durationMinutes: draft.durationMinutes,
			note: draft.note,
			followUpDate: draft.followUpDate || null
		}
	};
	const parsed = MutationSchema.safeParse(encounter);
	if (parsed.success) mutations.push(parsed.data);
	else {
		const known = new Set(errors.map((e) => e.field));
		for (const e of fieldErrors(parsed.error, encounter.kind)) if (!known.has(e.field)) errors.push(e);
	}
	if (errors.length > 0) throw new SubmitValidationError(errors);
	return mutations;
}

/** The user's own encounters (pulled, or pending local copies), newest first, with subject labels and outbox state. */
export function toEncounterViews(
	encounters: { row: RecordRow; data: EncounterData }[],
	clients: ClientData[],
	anonymous: AnonymousData[],
	outbox: OutboxRow[],
	userId: string
): EncounterView[] {
	const stateOf = new Map<string, OutboxState>();
	for (const row of outbox) {
		if (row.kind !== 'encounter.create') continue;
		const prev = stateOf.get(row.recordId);
		if (!prev || prev === 'queued') stateOf.set(row.recordId, row.state);
	}
	const clientById = new Map(clients.map((c) => [c.id, c]));
	const anonById = new Map(anonymous.map((a) => [a.id, a]));
	return encounters
		.filter(({ row, data }) => row.pending || data.createdBy === userId)
		.map(({ row, data }): EncounterView => {
			const client = data.clientId ? clientById.get(data.clientId) : undefined;
			const anon = data.anonymousContactId ? anonById.get(data.anonymousContactId) : undefined;
			return {
				id: data.id,
				unitId: data.unitId,
				occurredAt: data.occurredAt,
				channel: data.channel,
				subject: data.clientId
					? { kind: 'client', clientId: data.clientId, displayName: client ? clientDisplayName(client) : null }
					: { kind: 'anonymous', anonymousContactId: data.anonymousContactId ?? '', nickname: anon?.nickname ?? null },
				topics: data.topics,
				actions: data.actions,
				durationMinutes: data.durationMinutes,
				note: data.note,
				followUpDate: data.followUpDate,
				pending: row.pending,
				outboxState: stateOf.get(data.id) ?? null
			};
		})
		.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** The quarantine export file: JSON of the decrypted items. */
export function quarantineExport(items: QuarantineItem[], nowMs: number): Blob {
	return new Blob([JSON.stringify({ exportedAt: new Date(nowMs).toISOString(), items }, null, 2)], { type: 'application/json' });
}
