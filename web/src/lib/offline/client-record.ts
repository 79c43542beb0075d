/**
 * Pure helpers of the client record on the device (issue 4; plain TS, testable without Svelte):
 * field errors named by the input's fields, the organisation's minimum data set, henkilötunnus
 * rules, scope ("reach") of a cached record, find matching, follow-ups due and the timeline.
 */
import {
	EXTENSIBLE_CODE_LISTS,
	FOLLOW_UP_MONTHS,
	consentInForce,
	isKnownCode,
	parseHetu,
	scopeFor,
	type Action,
	type AnonymousContact,
	type Attachment,
	type Client,
	type ClientMerge,
	type ClientRecordSettings,
	type CodeOverrides,
	type Consent,
	type Encounter,
	type ExtensibleListId,
	type FieldError,
	type FollowUp,
	type Memo,
	type Resource,
	type Role,
	type Service,
	type Situation,
	type UnitKind
} from '@polku/shared';
import type { ZodError } from 'zod';
import type { TimelineItem } from './client-record-types';
import { foldForSearch } from './encounters';

/** A client as the device holds it: the wire shape (pulled) or a local copy (some meta missing). */
export type ClientData = Omit<Client, 'version' | 'createdBy' | 'createdAt' | 'updatedAt' | 'deletedAt'> &
	Partial<Pick<Client, 'createdBy' | 'createdAt' | 'updatedAt'>> & {
		/** Set on the device when this record was merged into another here (pending until pulled). */
		localMergeId?: string;
	};

export type AnonymousData = Omit<AnonymousContact, 'version' | 'createdBy' | 'createdAt' | 'updatedAt' | 'deletedAt'> &
	Partial<Pick<AnonymousContact, 'createdBy' | 'createdAt'>> & { localMergeId?: string };

export type EncounterData = Omit<Encounter, 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'createdBy'> & { createdBy?: string };

/** Who is looking: from the encrypted profile. */
export interface Viewer {
	userId: string;
	unitIds: readonly string[];
	roles: readonly Role[];
}

/** Zod issues as field errors named by the input's fields (`data.` stripped), first issue per field. */
export function zodFieldErrors(error: ZodError, rename: Record<string, string> = {}): FieldError[] {
	const out: FieldError[] = [];
	for (const issue of error.issues) {
		const path = issue.path.map(String);
		const inner = path[0] === 'data' ? path.slice(1) : path;
		const head = inner[0] ?? '';
		const field = rename[head] ?? head;
		if (out.some((e) => e.field === field)) continue;
		const params = (issue as { params?: { code?: unknown } }).params;
		out.push({ field, code: typeof params?.code === 'string' ? params.code : issue.code, message: issue.message });
	}
	return out;
}

export function addError(errors: FieldError[], field: string, code: string, message: string): void {
	if (!errors.some((e) => e.field === field)) errors.push({ field, code, message });
}

/**
 * Does the viewer's grant on `resource`/`action` reach this client (contract "Scope"): organisation
 * scope always; unit scope for the viewer's units; any scope when the viewer made the client or is
 * responsible for it.
 */
export function reaches(viewer: Viewer, resource: Resource, action: Action, client: Pick<ClientData, 'unitId' | 'createdBy' | 'responsibleWorkerIds'>): boolean {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation') return true;
	if (scope === 'unit' && viewer.unitIds.includes(client.unitId)) return true;
	return isMine(viewer, client);
}

export function isMine(viewer: Viewer, client: Pick<ClientData, 'createdBy' | 'responsibleWorkerIds'>): boolean {
	return client.createdBy === viewer.userId || (client.responsibleWorkerIds ?? []).includes(viewer.userId);
}

/** The minimum data set: each required field must have a value (`required`). */
export function requiredErrors(fields: Record<string, unknown>, settings: ClientRecordSettings, errors: FieldError[]): void {
	for (const field of settings.requiredClientFields) {
		const v = fields[field];
		if (v === null || v === undefined || v === '') addError(errors, field, 'required', 'Required by the organisation');
	}
}

/** Which extensible code list each coded field of the record uses (for local codes). */
export const CODE_LIST_OF_FIELD: Record<string, ExtensibleListId> = {
	motherTongue: 'mother-tongue',
	educationLevel: 'education-level',
	mainActivity: 'main-activity',
	meansOfLiving: 'means-of-living',
	housing: 'housing',
	arrivalBasis: 'arrival-basis',
	referralSource: 'referral-source',
	endReason: 'end-reason',
	placementAtEnd: 'placement',
	placement: 'placement',
	type: 'service-type'
};

/** A `local:` code must be one of the organisation's local codes of that list (`unknown-code`). */
export function localCodeErrors(fields: Record<string, unknown>, overrides: CodeOverrides, errors: FieldError[]): void {
	for (const [field, listId] of Object.entries(CODE_LIST_OF_FIELD)) {
		const v = fields[field];
		if (typeof v !== 'string' || !v.startsWith('local:')) continue;
		if (!isKnownCode(EXTENSIBLE_CODE_LISTS[listId], overrides, v)) addError(errors, field, 'unknown-code', 'Not a code of this organisation');
	}
}

/**
 * Henkilötunnus rules on the device (the server checks them again): the unit's kind must allow one
 * (`hetu-not-allowed`), and it must be valid (`hetu-<reason>`). Returns the normalised code or null.
 */
export function checkHetu(hetu: string, unitKind: UnitKind | null, settings: ClientRecordSettings, errors: FieldError[]): string | null {
	if (unitKind === null || !settings.hetuUnitKinds.includes(unitKind)) {
		addError(errors, 'hetu', 'hetu-not-allowed', 'A henkilötunnus is not recorded in this unit');
		return null;
	}
	const parsed = parseHetu(hetu);
	if (!parsed.valid) {
		addError(errors, 'hetu', `hetu-${parsed.reason}`, 'Not a valid henkilötunnus');
		return null;
	}
	return parsed.hetu;
}

/** YYYY-MM-DD of `date` + `months` (clamped to the month's end: 31.8. + 6 months = 28./29.2.). */
export function addMonths(date: string, months: number): string {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const total = (y * 12 + (m - 1) + months);
	const year = Math.floor(total / 12);
	const month = (total % 12) + 1;
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The end of a calendar day as a timestamp, to compare a date with consent times. */
export const endOfDay = (date: string): string => `${date}T23:59:59.999Z`;

/**
 * Follow-ups (6/12/24 months after the end) not yet recorded, while a `follow-up` consent is in force
 * today. Empty while the relationship has not ended. Upcoming and overdue alike, soonest first.
 */
export function followUpsDue(
	client: Pick<ClientData, 'endDate'>,
	consents: Pick<Consent, 'purpose' | 'givenAt' | 'withdrawnAt'>[],
	followUps: Pick<FollowUp, 'monthsAfter'>[],
	nowIso: string
): { monthsAfter: 6 | 12 | 24; dueOn: string }[] {
	if (!client.endDate) return [];
	if (!consents.some((c) => c.purpose === 'follow-up' && consentInForce(c, nowIso))) return [];
	const done = new Set(followUps.map((f) => f.monthsAfter));
	return FOLLOW_UP_MONTHS.filter((m) => !done.has(m)).map((m) => ({ monthsAfter: m, dueOn: addMonths(client.endDate!, m) }));
}

export function clientDisplayName(c: Pick<ClientData, 'firstName' | 'lastName' | 'nickname'>): string {
	const full = [c.firstName, c.lastName].filter((p): p is string => !!p).join(' ');
	return full || c.nickname || '';
}

/** Each query word is the prefix of some word of the names (case- and accent-insensitive). */
export function namesMatch(query: string, ...names: (string | null | undefined)[]): boolean {
	const tokens = foldForSearch(query).split(/\s+/).filter(Boolean);
	if (tokens.length === 0) return true;
	const words = foldForSearch(names.filter((n): n is string => !!n).join(' '))
		.split(/[\s-]+/)
		.filter(Boolean);
	return tokens.every((t) => words.some((w) => w.startsWith(t)));
}

export type QueryKind = { kind: 'empty' } | { kind: 'hetu'; hetu: string } | { kind: 'year'; year: number } | { kind: 'text'; text: string };

/** What a find query is: an exact henkilötunnus, a 4-digit birth year, or names. */
export function classifyQuery(query: string): QueryKind {
	const q = query.trim();
	if (q === '') return { kind: 'empty' };
	if (/^\d{4}$/.test(q)) return { kind: 'year', year: Number(q) };
	const parsed = parseHetu(q);
	if (parsed.valid) return { kind: 'hetu', hetu: parsed.hetu };
	return { kind: 'text', text: q };
}

export function isEnded(client: Pick<ClientData, 'endDate'>, today: string): boolean {
	return client.endDate !== null && client.endDate !== undefined && client.endDate <= today;
}

export interface TimelineSources {
	client: ClientData;
	encounters: { data: EncounterData; pending: boolean }[];
	situations: (Situation & { pending: boolean })[];
	services: (Service & { pending: boolean })[];
	consents: (Consent & { pending: boolean })[];
	memos: (Memo & { pending: boolean })[];
	followUps: (FollowUp & { pending: boolean })[];
	attachments: (Attachment & { pending: boolean })[];
	merges: (ClientMerge & { pending: boolean })[];
	clientPending: boolean;
}

const KIND_ORDER: TimelineItem['kind'][] = [
	'relationship-start',
	'situation',
	'service-start',
	'consent',
	'encounter',
	'memo',
	'attachment',
	'merge',
	'consent-withdrawn',
	'service-end',
	'follow-up',
	'relationship-end'
];

/** Everything that happened to the client, oldest first (a date sorts before that day's times). */
export function buildTimeline(s: TimelineSources): TimelineItem[] {
	const items: TimelineItem[] = [];
	const push = (at: string | null | undefined, kind: TimelineItem['kind'], id: string, detail: TimelineItem['detail'], pending: boolean) => {
		if (at) items.push({ at, kind, id, detail, pending });
	};
	const c = s.client;
	push(c.startDate, 'relationship-start', c.id, { referralSource: c.referralSource }, s.clientPending);
	push(c.endDate, 'relationship-end', c.id, { endReason: c.endReason, placementAtEnd: c.placementAtEnd }, s.clientPending);
	for (const { data: e, pending } of s.encounters) {
		push(e.occurredAt, 'encounter', e.id, { channel: e.channel, durationMinutes: e.durationMinutes }, pending);
	}
	for (const x of s.situations) {
		push(x.date, 'situation', x.id, { phase: x.phase, mainActivity: x.mainActivity, meansOfLiving: x.meansOfLiving, housing: x.housing }, x.pending);
	}
	for (const x of s.services) {
		push(x.startDate, 'service-start', x.id, { type: x.type, status: x.status }, x.pending);
		push(x.endDate, 'service-end', x.id, { type: x.type, status: x.status }, x.pending);
	}
	for (const x of s.consents) {
		push(x.givenAt, 'consent', x.id, { purpose: x.purpose, method: x.method, channel: x.channel }, x.pending);
		push(x.withdrawnAt, 'consent-withdrawn', x.id, { purpose: x.purpose, channel: x.channel }, x.pending);
	}
	for (const x of s.memos) push(x.date, 'memo', x.id, {}, x.pending);
	for (const x of s.followUps) push(x.checkedOn, 'follow-up', x.id, { monthsAfter: x.monthsAfter, placement: x.placement }, x.pending);
	for (const x of s.attachments) push(x.createdAt, 'attachment', x.id, { kind: x.kind, contentType: x.contentType }, x.pending);
	for (const x of s.merges) push(x.createdAt, 'merge', x.id, { sourceEntity: x.sourceEntity, undone: x.undoneAt === null ? 0 : 1 }, x.pending);
	return items.sort((a, b) => {
		// Compare on the date first, so that a date-only item sorts before the same day's timestamps.
		const byDay = a.at.slice(0, 10).localeCompare(b.at.slice(0, 10));
		if (byDay !== 0) return byDay;
		const aDateOnly = a.at.length === 10 ? 0 : 1;
		const bDateOnly = b.at.length === 10 ? 0 : 1;
		if (aDateOnly !== bDateOnly) return aDateOnly - bDateOnly;
		return a.at.localeCompare(b.at) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
	});
}

/** ISO timestamp of epoch ms. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

/** The device's calendar date (YYYY-MM-DD) at epoch ms. */
export function localDateAt(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Records by id (plain lookup, not reactive state). */
export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
	return new Map(items.map((i) => [i.id, i]));
}
