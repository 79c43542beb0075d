/**
 * The client record on the device (issue 4): singleton `records`, implementing ClientRecordApi
 * (../offline/client-record-types.ts) over the offline manager's DEK-encrypted cache.
 *
 * Invariants:
 * - Every change is validated here first (shared zod schemas, the organisation's minimum data set,
 *   henkilötunnus and consent rules; errors name the input's fields), then queued as sealed mutations
 *   through `offline.queueMutations`, with DEK-encrypted local copies that are `pending` until pulled.
 * - Nothing on the device tells a henkilötunnus or can test a guess of one: a client carries only
 *   HETU_MASK (it has a code) and the `client.set-hetu` mutation is sealed, its plaintext copy not
 *   kept. Exact search by code is online (`searchClientsByHetu`, audited on the server); offline a
 *   typed code is an OnlineRequiredError, and search is by name, nickname and birth year.
 * - A merge shows at once (source hidden, encounters re-pointed, empty target fields filled), pending;
 *   if the server refuses it the offline manager undoes it locally and re-pulls (../offline/local-undo.ts).
 * - Online-only calls (reveal, attachments, history) go through $lib/api and throw
 *   OnlineRequiredError without a connection. Attachment files are never stored on the device.
 */
import {
	ATTACHMENT_CONTENT_TYPES,
	ATTACHMENT_LABEL_MAX,
	ATTACHMENT_MAX_BYTES,
	AttachmentKindSchema,
	CLIENT_FIELD_DEFAULTS,
	CLIENT_MERGE_FIELDS,
	ClientFieldsSchema,
	ClientInputSchema,
	ClientMergeInputSchema,
	ClientSensitiveFieldsSchema,
	ConsentInputSchema,
	EDUCATION_LEVELS,
	ESF_SENSITIVE_FIELDS,
	EsfParticipationFieldsSchema,
	EsfParticipationInputSchema,
	FollowUpInputSchema,
	MAIN_ACTIVITIES,
	MERGE_UNDO_DAYS,
	MemoInputSchema,
	ServiceFieldsSchema,
	ServiceInputSchema,
	SituationFieldsSchema,
	SituationInputSchema,
	clientFieldIssues,
	consentInForce,
	esfParticipationIssues,
	esfStatusOfMainActivity,
	HETU_MASK,
	iscedBand,
	addedWorkers,
	mayBeResponsible,
	mayNameResponsible,
	nationalCode,
	sameValue,
	scopeFor,
	serviceDatesValid,
	workersChanged,
	type Attachment,
	type AttachmentKind,
	type Client,
	type ClientFields,
	type ClientHistory,
	type ClientMerge,
	type ClientSensitive,
	type ClientSensitiveFields,
	type Colleague,
	type Consent,
	type ConsentInput,
	type EducationLevel,
	type EsfParticipationFields,
	type FieldError,
	type FollowUp,
	type FollowUpInput,
	type HetuReveal,
	type Memo,
	type Mutation,
	type Service,
	type ServiceFields,
	type Situation,
	type SituationFields,
	type SyncConflict,
	type UnitKind
} from '@polku/shared';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { api as defaultApi, ApiError, NetworkError, type ApiClient } from '$lib/api/client';
import {
	addError,
	buildTimeline,
	byId,
	isoAt,
	localDateAt,
	checkHetu,
	classifyQuery,
	clientDisplayName,
	endOfDay,
	followUpsDue,
	isEnded,
	isMine,
	localCodeErrors,
	namesMatch,
	reaches,
	requiredErrors,
	zodFieldErrors,
	type AnonymousData,
	type ClientData,
	type EncounterData,
	type Viewer
} from '$lib/offline/client-record';
import type {
	ClientFilter,
	ClientListItem,
	ClientRecordApi,
	ClientRecordView,
	EsfParticipationView,
	NewClient,
	TimelineItem
} from '$lib/offline/client-record-types';
import type { RecordEntity } from '$lib/offline/db';
import { normaliseTimestamp } from '$lib/offline/encounters';
import { OnlineRequiredError, SubmitValidationError } from '$lib/offline/types';
import { ClientNotCachedError, offline as defaultOffline, type CachedRecord, type LocalWrite, type OfflineManager } from './offline-manager.svelte';

export { ClientNotCachedError, OnlineRequiredError, SubmitValidationError };
export type * from '$lib/offline/client-record-types';

/** A client opened within this long is not audited again from this device. */
export const VIEWED_INTERVAL_MS = 10 * 60 * 1000;

/** The record ids that belong to a client (moved by a merge of two clients). */
const CLIENT_PARTS = ['situation', 'service', 'consent', 'memo', 'follow-up', 'attachment', 'esf-participation'] as const satisfies readonly RecordEntity[];

export type RecordApi = Pick<ApiClient, 'revealHetu' | 'searchClientsByHetu' | 'clientHistory' | 'uploadAttachment' | 'fetchAttachment'>;

export interface RecordDeps {
	offline?: OfflineManager;
	api?: RecordApi;
	/** navigator.onLine by default; false makes online-only calls fail at once. */
	online?: () => boolean;
	newId?: () => string;
}

type Part<T> = T & { pending: boolean };
type Loose = Record<string, unknown>;

const forbidden = (field = 'id') => new SubmitValidationError([{ field, code: 'forbidden', message: 'Not allowed for this user' }]);

/**
 * Colleagues who may be named responsible for a client of `unitId` (shared client-workers.ts): active
 * (every colleague is) outreach workers and coaches of that unit. A colleague from an older offline
 * profile carries no roles and is not offered until the next /api/me.
 */
export function nameableColleagues(colleagues: readonly Colleague[], unitId: string): Colleague[] {
	return colleagues.filter((w) => mayBeResponsible({ roles: w.roles ?? [], unitIds: w.unitIds, active: true }, unitId));
}

/** Trimmed strings; an empty one is null (the forms send '' for an emptied field). */
function normalise<T extends Loose>(fields: T): T {
	const out: Loose = {};
	for (const [k, v] of Object.entries(fields)) {
		if (v === undefined) continue;
		out[k] = typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v;
	}
	return out as T;
}

function pick(data: Loose, keys: readonly string[]): Loose {
	return Object.fromEntries(keys.map((k) => [k, data[k] ?? null]));
}

function changesOf(current: Loose, candidate: Loose, keys: readonly string[]): Record<string, { from: unknown; to: unknown }> {
	const changes: Record<string, { from: unknown; to: unknown }> = {};
	for (const k of keys) {
		const from = current[k] ?? null;
		const to = candidate[k] ?? null;
		if (!sameValue(from, to)) changes[k] = { from, to };
	}
	return changes;
}

const sortItems = (items: ClientListItem[]) => items.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fi') || a.id.localeCompare(b.id));

/**
 * What the UI shows of a client's code: HETU_MASK or nothing. A copy cached by an older version may
 * still hold a mask with the birth date and century sign until it is pulled again; it is never shown.
 */
const shownMask = (c: Pick<ClientData, 'hetuMasked'>): typeof HETU_MASK | null => (c.hetuMasked ? HETU_MASK : null);

export class ClientRecordManager implements ClientRecordApi {
	readonly #deps: RecordDeps;
	/** clientId → epoch ms of the last `client.viewed` queued from this page (not reactive state). */
	readonly #viewed: Record<string, number> = {};

	constructor(deps: RecordDeps = {}) {
		this.#deps = deps;
	}

	get #offline(): OfflineManager {
		return this.#deps.offline ?? defaultOffline;
	}
	get #api(): RecordApi {
		return this.#deps.api ?? defaultApi;
	}
	#newId(): string {
		return this.#deps.newId ? this.#deps.newId() : uuidv7();
	}
	#nowIso(): string {
		return isoAt(this.#offline.now());
	}
	/** The device's calendar date (YYYY-MM-DD). */
	#today(): string {
		return localDateAt(this.#offline.now());
	}
	#viewer(): Viewer & ReturnType<OfflineManager['recordContext']> {
		return this.#offline.recordContext();
	}
	#unitKind(unitId: string): UnitKind | null {
		return this.#viewer().units.find((u) => u.id === unitId)?.kind ?? null;
	}

	/**
	 * May the user change who is responsible for `c` (shared client-workers.ts)? On the device the
	 * colleagues (active users sharing a unit) stand in for the active users; the server decides.
	 */
	#mayNameResponsible(c: Pick<ClientData, 'createdBy' | 'responsibleWorkerIds'>): boolean {
		const viewer = this.#viewer();
		const active = viewer.colleagues.map((w) => w.id);
		return mayNameResponsible(viewer, { createdBy: c.createdBy ?? '', responsibleWorkerIds: c.responsibleWorkerIds ?? [] }, (id) => active.includes(id));
	}

	/** `forbidden` when the user may not change the list, `not-eligible` when someone added may not be named. */
	#responsibleErrors(client: Pick<ClientData, 'createdBy' | 'responsibleWorkerIds' | 'unitId'>, next: readonly string[], errors: FieldError[]): void {
		const current = client.responsibleWorkerIds ?? [];
		if (!workersChanged(current, next)) return;
		if (!this.#mayNameResponsible(client)) {
			addError(errors, 'responsibleWorkerIds', 'forbidden', 'Only a responsible worker of the client names its responsible workers');
			return;
		}
		const allowed = nameableColleagues(this.#viewer().colleagues, client.unitId).map((w) => w.id);
		if (addedWorkers(current, next).some((id) => !allowed.includes(id))) {
			addError(errors, 'responsibleWorkerIds', 'not-eligible', 'Only outreach workers and coaches of the client\'s unit');
		}
	}

	/** Merging two clients needs their special categories (health, substance use): read and change, on both. */
	#reachesSensitive(c: ClientData): boolean {
		const viewer = this.#viewer();
		return reaches(viewer, 'client-sensitive', 'read', c) && reaches(viewer, 'client-sensitive', 'update', c);
	}

	// ---- cache reads ----------------------------------------------------------------------------

	/** Merges this device made that still stand (not undone, not refused): their sources are hidden. */
	async #standingMerges(): Promise<Map<string, CachedRecord<ClientMerge>>> {
		const merges = await this.#offline.cachedRecords<ClientMerge>('client-merge');
		return byId(merges.filter((m) => m.data.undoneAt === null));
	}

	#hidden(data: { localMergeId?: string }, standing: Map<string, unknown>): boolean {
		return data.localMergeId !== undefined && standing.has(data.localMergeId);
	}

	async #clients(): Promise<CachedRecord<ClientData>[]> {
		const [clients, standing] = await Promise.all([this.#offline.cachedRecords<ClientData>('client'), this.#standingMerges()]);
		return clients.filter((c) => !this.#hidden(c.data, standing));
	}

	async #client(id: string): Promise<CachedRecord<ClientData> | null> {
		const rec = await this.#offline.cachedRecord<ClientData>('client', id);
		if (!rec) return null;
		if (rec.data.localMergeId !== undefined && (await this.#standingMerges()).has(rec.data.localMergeId)) return null;
		return rec;
	}

	/** A client the user may update, or throws ClientNotCachedError / SubmitValidationError `forbidden`. */
	async #editable(id: string): Promise<CachedRecord<ClientData>> {
		const rec = await this.#client(id);
		if (!rec) throw new ClientNotCachedError();
		if (!reaches(this.#viewer(), 'client', 'update', rec.data)) throw forbidden();
		return rec;
	}

	async #partsOf<T extends { clientId: string }>(entity: RecordEntity, clientId: string): Promise<Part<T>[]> {
		return (await this.#offline.cachedRecords<T>(entity)).filter((r) => r.data.clientId === clientId).map((r) => ({ ...r.data, pending: r.pending }));
	}

	#meta(rec?: { data: Loose } | null): Loose {
		const now = this.#nowIso();
		return {
			createdBy: rec?.data.createdBy ?? this.#viewer().userId,
			createdAt: rec?.data.createdAt ?? now,
			updatedAt: now,
			deletedAt: null
		};
	}

	// ---- find, get, timeline --------------------------------------------------------------------

	/**
	 * The list of /clients. A valid henkilötunnus is searched online only (the server's blind index;
	 * the device holds nothing that could match it): OnlineRequiredError without a connection.
	 * Everything else is searched among the cached clients: names, nickname, birth year.
	 */
	async find(filter: ClientFilter): Promise<ClientListItem[]> {
		const query = classifyQuery(filter.query);
		if (query.kind === 'hetu') return this.#findByHetu(query.hetu, filter);
		const listed = this.#lister(filter);
		const items: ClientListItem[] = [];
		for (const { data: c, pending } of await this.#clients()) {
			if (query.kind === 'year') {
				if (c.birthYear !== query.year && !(c.birthDate ?? '').startsWith(String(query.year))) continue;
			} else if (query.kind === 'text' && !namesMatch(query.text, c.firstName, c.lastName, c.nickname)) continue;
			const item = listed(c, pending, false);
			if (item) items.push(item);
		}
		return sortItems(items);
	}

	/** Online exact search; a client this device holds is shown as held here (local edits, merges). */
	async #findByHetu(hetu: string, filter: ClientFilter): Promise<ClientListItem[]> {
		const found: Client[] = await this.#onlineCall(() => this.#api.searchClientsByHetu(hetu));
		const standing = await this.#standingMerges();
		const listed = this.#lister(filter);
		const items: ClientListItem[] = [];
		for (const client of found) {
			const cached = await this.#offline.cachedRecord<ClientData>('client', client.id);
			if (cached && this.#hidden(cached.data, standing)) continue;
			const item = listed(cached?.data ?? client, cached?.pending ?? false, true);
			if (item) items.push(item);
		}
		return sortItems(items);
	}

	/** Makes list items, null for a client the scope or status filter leaves out. */
	#lister(filter: ClientFilter): (c: ClientData, pending: boolean, matchedHetu: boolean) => ClientListItem | null {
		const viewer = this.#viewer();
		const today = this.#today();
		return (c, pending, matchedHetu) => {
			const mine = isMine(viewer, c);
			if (filter.scope === 'mine' && !mine) return null;
			if (filter.scope === 'unit' && !viewer.unitIds.includes(c.unitId)) return null;
			const ended = isEnded(c, today);
			if (filter.status === 'active' && ended) return null;
			if (filter.status === 'ended' && !ended) return null;
			return {
				id: c.id,
				unitId: c.unitId,
				displayName: clientDisplayName(c),
				nickname: c.nickname,
				birthYear: c.birthYear,
				status: ended ? 'ended' : 'active',
				mine,
				pending,
				hetuMasked: shownMask(c),
				matchedHetu
			};
		};
	}

	async get(id: string): Promise<ClientRecordView | null> {
		const viewer = this.#viewer();
		const rec = await this.#client(id);
		if (!rec) return null;
		const c = rec.data;
		const [sensitiveRec, situations, services, consents, memos, followUps, attachments, merges, esf] = await Promise.all([
			this.#offline.cachedRecord<ClientSensitive>('client-sensitive', id),
			this.#partsOf<Situation>('situation', id),
			this.#partsOf<Service>('service', id),
			this.#partsOf<Consent>('consent', id),
			this.#partsOf<Memo>('memo', id),
			this.#partsOf<FollowUp>('follow-up', id),
			this.#partsOf<Attachment>('attachment', id),
			this.#offline.cachedRecords<ClientMerge>('client-merge'),
			this.#partsOf<EsfParticipationView>('esf-participation', id)
		]);
		const update = reaches(viewer, 'client', 'update', c);
		const sensitive = reaches(viewer, 'client-sensitive', 'read', c);
		const kind = this.#unitKind(c.unitId);
		const nowIso = this.#nowIso();
		const view: ClientRecordView = {
			client: {
				...CLIENT_FIELD_DEFAULTS,
				...(pick(c, CLIENT_MERGE_FIELDS) as ClientFields),
				birthDateEstimated: c.birthDateEstimated ?? false,
				responsibleWorkerIds: c.responsibleWorkerIds ?? [],
				gender: c.gender ?? 'unknown',
				municipality: c.municipality ?? 'unknown',
				id: c.id,
				unitId: c.unitId,
				hetuMasked: shownMask(c),
				version: rec.version,
				pending: rec.pending,
				createdAt: c.createdAt ?? nowIso,
				updatedAt: c.updatedAt ?? nowIso
			},
			sensitive: sensitive
				? {
						health: sensitiveRec?.data.health ?? null,
						substanceUse: sensitiveRec?.data.substanceUse ?? null,
						version: sensitiveRec?.version ?? 0,
						pending: sensitiveRec?.pending ?? false
					}
				: null,
			can: {
				update,
				sensitive,
				hetu: update && kind !== null && viewer.settings.hetuUnitKinds.includes(kind),
				merge: update,
				responsible: update && this.#mayNameResponsible(c)
			},
			situations: situations.sort((a, b) => a.date.localeCompare(b.date)),
			services: services.sort((a, b) => a.startDate.localeCompare(b.startDate)),
			consents: consents.sort((a, b) => a.givenAt.localeCompare(b.givenAt)),
			memos: memos.sort((a, b) => a.date.localeCompare(b.date)),
			followUps: followUps.sort((a, b) => a.monthsAfter - b.monthsAfter),
			attachments: attachments.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(({ pending: _p, ...a }) => a),
			esf: esf.map((p) => ({ ...p, participantNumber: p.participantNumber ?? null })).sort((a, b) => b.startDate.localeCompare(a.startDate)),
			esfPrefill: this.#esfPrefill(c, situations),
			merges: merges
				.filter((m) => m.data.targetId === id)
				.map((m) => ({ ...m.data, undoable: m.data.undoneAt === null && m.data.undoUntil > nowIso }))
				.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
			followUpsDue: followUpsDue(c, consents, followUps, nowIso)
		};
		await this.#queueViewed(id);
		return view;
	}

	/** `client.viewed`, at most once per client per VIEWED_INTERVAL_MS (also across reloads while queued). */
	async #queueViewed(clientId: string): Promise<void> {
		const now = this.#offline.now();
		const last = this.#viewed[clientId];
		if (last !== undefined && now - last < VIEWED_INTERVAL_MS) return;
		try {
			const queued = (await this.#offline.outboxItems()).find(
				(r) => r.kind === 'client.viewed' && r.recordId === clientId && now - r.createdAt < VIEWED_INTERVAL_MS
			);
			if (queued) {
				this.#viewed[clientId] = queued.createdAt;
				return;
			}
			this.#viewed[clientId] = now;
			await this.#offline.queueMutations([{ kind: 'client.viewed', data: { clientId, viewedAt: isoAt(now) } }], [], {
				noCopy: ['client.viewed']
			});
		} catch (err) {
			// No public key yet: the read is not audited from this device (names only in the log).
			console.warn('polku: client.viewed not queued', (err as { name?: unknown } | null)?.name ?? typeof err);
		}
	}

	async timeline(clientId: string): Promise<TimelineItem[]> {
		const rec = await this.#client(clientId);
		if (!rec) throw new ClientNotCachedError();
		const [encounters, situations, services, consents, memos, followUps, attachments, merges] = await Promise.all([
			this.#offline.cachedRecords<EncounterData>('encounter'),
			this.#partsOf<Situation>('situation', clientId),
			this.#partsOf<Service>('service', clientId),
			this.#partsOf<Consent>('consent', clientId),
			this.#partsOf<Memo>('memo', clientId),
			this.#partsOf<FollowUp>('follow-up', clientId),
			this.#partsOf<Attachment>('attachment', clientId),
			this.#offline.cachedRecords<ClientMerge>('client-merge')
		]);
		return buildTimeline({
			client: rec.data,
			clientPending: rec.pending,
			encounters: encounters.filter((e) => e.data.clientId === clientId),
			situations,
			services,
			consents,
			memos,
			followUps,
			attachments,
			merges: merges.filter((m) => m.data.targetId === clientId).map((m) => ({ ...m.data, pending: m.pending }))
		});
	}

	async anonymousContacts(query: string): Promise<{ id: string; nickname: string; birthYearEstimate: number | null }[]> {
		const [list, standing] = await Promise.all([this.#offline.cachedRecords<AnonymousData>('anonymous-contact'), this.#standingMerges()]);
		return list
			.filter((a) => !this.#hidden(a.data, standing) && namesMatch(query, a.data.nickname))
			.map((a) => ({ id: a.data.id, nickname: a.data.nickname, birthYearEstimate: a.data.birthYearEstimate }))
			.sort((a, b) => a.nickname.localeCompare(b.nickname, 'fi'))
			.slice(0, 50);
	}

	/**
	 * For /sync: the client a conflict belongs to (its entity may be a part of the record: a situation,
	 * a service, or since issue 5 a coaching period, goal, attendance mark or report, each carrying
	 * its `clientId`).
	 */
	async conflictClient(conflict: Pick<SyncConflict, 'entity' | 'entityId'>): Promise<{ clientId: string; displayName: string } | null> {
		let clientId = conflict.entityId;
		if (conflict.entity !== 'client' && conflict.entity !== 'client-sensitive') {
			const part = await this.#offline.cachedRecord<{ clientId: string }>(conflict.entity, conflict.entityId);
			if (!part) return null;
			clientId = part.data.clientId;
		}
		const rec = await this.#offline.cachedRecord<ClientData>('client', clientId);
		return rec ? { clientId, displayName: clientDisplayName(rec.data) } : null;
	}

	// ---- the client -----------------------------------------------------------------------------

	async create(input: NewClient): Promise<string> {
		const viewer = this.#viewer();
		const { hetu: rawHetu, ...rest } = input;
		const id = this.#newId();
		const fields = normalise(rest as Loose);
		for (const f of ['firstName', 'lastName', 'nickname', 'birthYear'] as const) fields[f] ??= null;
		fields.gender ??= 'unknown';
		fields.municipality ??= 'unknown';
		if (typeof fields.birthDate === 'string' && fields.birthYear == null) fields.birthYear = Number(fields.birthDate.slice(0, 4));
		const errors: FieldError[] = [];
		if (!viewer.unitIds.includes(input.unitId) && scopeFor(viewer.roles, 'client', 'create') !== 'organisation') {
			addError(errors, 'unitId', 'forbidden', 'Not one of your units');
		}
		const parsed = ClientInputSchema.safeParse({ ...fields, id });
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error).filter((e) => !errors.some((x) => x.field === e.field)));
		requiredErrors(fields, viewer.settings, errors);
		localCodeErrors(fields, viewer.codeOverrides, errors);
		if (Array.isArray(fields.responsibleWorkerIds)) {
			this.#responsibleErrors({ createdBy: viewer.userId, responsibleWorkerIds: [], unitId: input.unitId }, fields.responsibleWorkerIds as string[], errors);
		}
		const hetuText = typeof rawHetu === 'string' ? rawHetu.trim() : '';
		// A code another client has is refused by the server (`hetu-duplicate`): the device cannot tell.
		const hetu = hetuText === '' ? null : checkHetu(hetuText, this.#unitKind(input.unitId), viewer.settings, errors);
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const mutations: Mutation[] = [{ kind: 'client.create', data: parsed.data }];
		if (hetu) mutations.push({ kind: 'client.set-hetu', data: { clientId: id, hetu } });
		const local: ClientData = { ...parsed.data, hetuMasked: hetu ? HETU_MASK : null, ...this.#meta() };
		await this.#offline.queueMutations(mutations, [{ entity: 'client', id, data: local, version: 0 }], { noCopy: ['client.set-hetu'] });
		return id;
	}

	async update(id: string, fields: Partial<ClientFields>): Promise<boolean> {
		const viewer = this.#viewer();
		const rec = await this.#editable(id);
		const patch = normalise(pick(fields as Loose, CLIENT_MERGE_FIELDS.filter((f) => f in fields)));
		if (typeof patch.birthDate === 'string' && !('birthYear' in fields)) patch.birthYear = Number(patch.birthDate.slice(0, 4));
		const current = { ...CLIENT_FIELD_DEFAULTS, ...pick(rec.data, CLIENT_MERGE_FIELDS.filter((f) => rec.data[f] !== undefined)) } as Loose;
		const candidate = { ...current, ...patch };
		const errors: FieldError[] = [];
		const parsed = ClientFieldsSchema.safeParse(candidate);
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		else for (const issue of clientFieldIssues(parsed.data)) addError(errors, issue.field, issue.code, issue.message);
		// The minimum data set: an update may not clear a required field.
		for (const f of viewer.settings.requiredClientFields) {
			if (f in patch && (patch[f] === null || patch[f] === undefined)) addError(errors, f, 'required', 'Required by the organisation');
		}
		localCodeErrors(patch, viewer.codeOverrides, errors);
		if (Array.isArray(patch.responsibleWorkerIds)) this.#responsibleErrors(rec.data, patch.responsibleWorkerIds as string[], errors);
		if (errors.length > 0) throw new SubmitValidationError(errors);
		const changes = changesOf(current, candidate, Object.keys(patch));
		if (Object.keys(changes).length === 0) return false;
		const mutation = { kind: 'client.update', data: { id, baseVersion: rec.version, changes } } as Mutation;
		await this.#offline.queueMutations([mutation], [{ entity: 'client', id, data: { ...rec.data, ...candidate, updatedAt: this.#nowIso() } }]);
		return true;
	}

	async updateSensitive(id: string, fields: Partial<ClientSensitiveFields>): Promise<boolean> {
		const client = await this.#client(id);
		if (!client) throw new ClientNotCachedError();
		if (!reaches(this.#viewer(), 'client-sensitive', 'update', client.data)) throw forbidden();
		const rec = await this.#offline.cachedRecord<ClientSensitive>('client-sensitive', id);
		const keys = ['health', 'substanceUse'] as const;
		const patch = normalise(pick(fields as Loose, keys.filter((k) => k in fields)));
		const current = pick((rec?.data ?? {}) as Loose, keys);
		const candidate = { ...current, ...patch };
		const parsed = ClientSensitiveFieldsSchema.safeParse(candidate);
		if (!parsed.success) throw new SubmitValidationError(zodFieldErrors(parsed.error));
		const changes = changesOf(current, candidate, Object.keys(patch));
		if (Object.keys(changes).length === 0) return false;
		const mutation = { kind: 'client-sensitive.update', data: { id, baseVersion: rec?.version ?? 0, changes } } as Mutation;
		const local = { ...(rec?.data ?? {}), id, unitId: client.data.unitId, ...candidate, ...this.#meta(rec as { data: Loose } | null) };
		await this.#offline.queueMutations([mutation], [{ entity: 'client-sensitive', id, data: local }]);
		return true;
	}

	async setHetu(id: string, hetu: string | null): Promise<void> {
		const viewer = this.#viewer();
		const rec = await this.#editable(id);
		const errors: FieldError[] = [];
		const text = hetu?.trim() ?? '';
		const normalised = text === '' ? null : checkHetu(text, this.#unitKind(rec.data.unitId), viewer.settings, errors);
		if (errors.length > 0) throw new SubmitValidationError(errors);
		const local: ClientData = { ...rec.data, hetuMasked: normalised ? HETU_MASK : null, updatedAt: this.#nowIso() };
		await this.#offline.queueMutations([{ kind: 'client.set-hetu', data: { clientId: id, hetu: normalised } }], [{ entity: 'client', id, data: local }], {
			noCopy: ['client.set-hetu']
		});
	}

	revealHetu(id: string): Promise<HetuReveal> {
		return this.#onlineCall(() => this.#api.revealHetu(id));
	}

	history(clientId: string): Promise<ClientHistory> {
		return this.#onlineCall(() => this.#api.clientHistory(clientId));
	}

	async #onlineCall<T>(call: () => Promise<T>): Promise<T> {
		const online = this.#deps.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
		if (!online()) throw new OnlineRequiredError();
		try {
			return await call();
		} catch (err) {
			if (err instanceof NetworkError) throw new OnlineRequiredError();
			throw err;
		}
	}

	// ---- situations and services (field-merged records) -----------------------------------------

	#situationRules(clientUnitId: string, fields: Loose, errors: FieldError[]): void {
		if (fields.arrivalBasis != null && this.#unitKind(clientUnitId) !== 'integration') {
			addError(errors, 'arrivalBasis', 'not-allowed', 'Only for integration clients');
		}
		localCodeErrors(fields, this.#viewer().codeOverrides, errors);
	}

	async addSituation(clientId: string, fields: SituationFields): Promise<string> {
		const client = await this.#editable(clientId);
		const id = this.#newId();
		const input = { ...normalise(fields as Loose), id, clientId };
		const errors: FieldError[] = [];
		const parsed = SituationInputSchema.safeParse(input);
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		this.#situationRules(client.data.unitId, input, errors);
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		await this.#offline.queueMutations(
			[{ kind: 'situation.create', data: parsed.data }],
			[{ entity: 'situation', id, data: { ...parsed.data, unitId: client.data.unitId, ...this.#meta() }, version: 0 }]
		);
		return id;
	}

	updateSituation(id: string, fields: Partial<SituationFields>): Promise<boolean> {
		return this.#patch('situation', id, fields, SituationFieldsSchema, (client, candidate, errors) => this.#situationRules(client.unitId, candidate, errors));
	}

	async addService(clientId: string, fields: ServiceFields): Promise<string> {
		const client = await this.#editable(clientId);
		const id = this.#newId();
		const input = { ...normalise(fields as Loose), id, clientId };
		const errors: FieldError[] = [];
		const parsed = ServiceInputSchema.safeParse(input);
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		localCodeErrors(input, this.#viewer().codeOverrides, errors);
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		await this.#offline.queueMutations(
			[{ kind: 'service.create', data: parsed.data }],
			[{ entity: 'service', id, data: { ...parsed.data, unitId: client.data.unitId, ...this.#meta() }, version: 0 }]
		);
		return id;
	}

	updateService(id: string, fields: Partial<ServiceFields>): Promise<boolean> {
		return this.#patch('service', id, fields, ServiceFieldsSchema, (_client, candidate, errors) => {
			if (!serviceDatesValid(candidate as Pick<ServiceFields, 'startDate' | 'endDate'>)) {
				addError(errors, 'endDate', 'before-start', 'The end date is before the start date');
			}
			localCodeErrors(candidate, this.#viewer().codeOverrides, errors);
		});
	}

	/** A field patch of a situation, service or ESF participation: {from: cached, to: new} per changed field. */
	async #patch(
		entity: 'situation' | 'service' | 'esf-participation',
		id: string,
		fields: Loose,
		schema: z.ZodObject,
		rules: (client: ClientData, candidate: Loose, errors: FieldError[]) => void
	): Promise<boolean> {
		const rec = await this.#offline.cachedRecord<Loose & { clientId: string }>(entity, id);
		if (!rec) throw new ClientNotCachedError();
		const client = await this.#editable(rec.data.clientId);
		const keys = Object.keys(schema.shape);
		const patch = normalise(pick(fields, keys.filter((k) => k in fields)));
		const current = pick(rec.data, keys);
		const candidate = { ...current, ...patch };
		const errors: FieldError[] = [];
		const parsed = schema.safeParse(candidate);
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		rules(client.data, candidate, errors);
		if (errors.length > 0) throw new SubmitValidationError(errors);
		const changes = changesOf(current, candidate, Object.keys(patch));
		if (Object.keys(changes).length === 0) return false;
		const mutation = { kind: `${entity}.update`, data: { id, baseVersion: rec.version, changes } } as Mutation;
		await this.#offline.queueMutations([mutation], [{ entity, id, data: { ...rec.data, ...candidate, updatedAt: this.#nowIso() } }]);
		return true;
	}

	// ---- ESF participation (field-merged) ------------------------------------------------------

	/** The employment status the first start situation suggests, and the education's ISCED band. */
	#esfPrefill(c: ClientData, situations: Situation[]): ClientRecordView['esfPrefill'] {
		const overrides = this.#viewer().codeOverrides;
		const first = situations.filter((s) => s.phase === 'start').sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt))[0];
		const education = nationalCode(EDUCATION_LEVELS, overrides, c.educationLevel ?? null) as EducationLevel | null;
		return {
			employmentStatusAtStart: esfStatusOfMainActivity(nationalCode(MAIN_ACTIVITIES, overrides, first?.mainActivity ?? null)),
			educationAtStart: iscedBand(education !== null && EDUCATION_LEVELS.entries.some((e) => e.code === education) ? education : null)
		};
	}

	/** Another live participation of the client in the same project (the server refuses a second). */
	async #esfDuplicate(clientId: string, projectCode: unknown, selfId: string): Promise<boolean> {
		const parts = await this.#partsOf<EsfParticipationView>('esf-participation', clientId);
		return parts.some((p) => p.id !== selfId && p.projectCode === projectCode);
	}

	#mayTouchSensitive(client: ClientData): boolean {
		return reaches(this.#viewer(), 'client-sensitive', 'update', client);
	}

	/** Queued as `esf-participation.create`; idempotent (client-made id); the server may refuse a second one of the project. */
	async addEsfParticipation(clientId: string, fields: EsfParticipationFields): Promise<string> {
		const client = await this.#editable(clientId);
		const id = this.#newId();
		const input: Loose = { ...normalise(fields as unknown as Loose), id, clientId };
		if (typeof input.projectCode === 'string') input.projectCode = input.projectCode.toUpperCase();
		input.disadvantages ??= [];
		input.disadvantageDeclined ??= false;
		for (const k of ['endDate', 'employmentStatusAtEnd', 'qualificationGained']) input[k] ??= null;
		const errors: FieldError[] = [];
		const parsed = EsfParticipationInputSchema.safeParse(input);
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		if (!this.#mayTouchSensitive(client.data) && ((input.disadvantages as unknown[]).length > 0 || input.disadvantageDeclined === true)) {
			addError(errors, 'disadvantages', 'forbidden', 'Only who reaches the special categories records these');
		}
		if (await this.#esfDuplicate(clientId, input.projectCode, id)) addError(errors, 'projectCode', 'esf-duplicate', 'One record per participant per project');
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const local = { ...parsed.data, unitId: client.data.unitId, participantNumber: null, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'esf-participation.create', data: parsed.data }], [{ entity: 'esf-participation', id, data: local, version: 0 }]);
		return id;
	}

	/** Field patch, queued as `esf-participation.update`; the server merges it field by field. */
	async updateEsfParticipation(id: string, fields: Partial<EsfParticipationFields>): Promise<boolean> {
		const rec = await this.#offline.cachedRecord<EsfParticipationView>('esf-participation', id);
		if (!rec) throw new ClientNotCachedError();
		const client = await this.#editable(rec.data.clientId);
		const patch: Loose = { ...fields };
		if (typeof patch.projectCode === 'string') patch.projectCode = patch.projectCode.trim().toUpperCase();
		const touchesSensitive = ESF_SENSITIVE_FIELDS.some((f) => f in patch);
		// Withheld (null) on this device, or not this user's to change: the special categories stay out.
		const withheld = rec.data.disadvantages === null || rec.data.disadvantageDeclined === null;
		if (touchesSensitive && (withheld || !this.#mayTouchSensitive(client.data))) throw forbidden('disadvantages');
		const schema = withheld ? EsfParticipationFieldsSchema.omit({ disadvantages: true, disadvantageDeclined: true }) : EsfParticipationFieldsSchema;
		const projectCode = patch.projectCode ?? rec.data.projectCode;
		const duplicate = 'projectCode' in patch && (await this.#esfDuplicate(rec.data.clientId, projectCode, id));
		return this.#patch('esf-participation', id, patch, schema, (_client, candidate, errors) => {
			for (const issue of esfParticipationIssues(candidate as Parameters<typeof esfParticipationIssues>[0])) addError(errors, issue.field, issue.code, issue.message);
			if (duplicate) addError(errors, 'projectCode', 'esf-duplicate', 'One record per participant per project');
		});
	}

	// ---- consents, memos, follow-ups ------------------------------------------------------------

	async addConsent(clientId: string, input: Omit<ConsentInput, 'id' | 'clientId'>): Promise<string> {
		const client = await this.#editable(clientId);
		const id = this.#newId();
		const fields = normalise(input as Loose);
		if (typeof fields.givenAt === 'string') fields.givenAt = normaliseTimestamp(fields.givenAt) ?? fields.givenAt;
		const errors: FieldError[] = [];
		const parsed = ConsentInputSchema.safeParse({ ...fields, id, clientId });
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		if (typeof fields.attachmentId === 'string') {
			const attachment = await this.#offline.cachedRecord<Attachment>('attachment', fields.attachmentId);
			if (attachment?.data.clientId !== clientId) addError(errors, 'attachmentId', 'unknown-reference', 'Not an attachment of this client');
		}
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const local = { ...parsed.data, unitId: client.data.unitId, withdrawnAt: null, withdrawnBy: null, withdrawalRecordedAt: null, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'consent.create', data: parsed.data }], [{ entity: 'consent', id, data: local, version: 0 }]);
		return id;
	}

	async withdrawConsent(id: string, effectiveAt: string): Promise<void> {
		const rec = await this.#offline.cachedRecord<Consent>('consent', id);
		if (!rec) throw new ClientNotCachedError();
		await this.#editable(rec.data.clientId);
		const at = normaliseTimestamp(effectiveAt);
		const errors: FieldError[] = [];
		if (!at) addError(errors, 'effectiveAt', 'invalid', 'Give a date and time');
		else if (rec.data.withdrawnAt !== null) addError(errors, 'effectiveAt', 'already-withdrawn', 'The consent is already withdrawn');
		else if (at < rec.data.givenAt) addError(errors, 'effectiveAt', 'before-given', 'The withdrawal is before the consent');
		if (errors.length > 0 || !at) throw new SubmitValidationError(errors);
		const now = this.#nowIso();
		const local: Consent = { ...rec.data, withdrawnAt: at, withdrawnBy: this.#viewer().userId, withdrawalRecordedAt: now, updatedAt: now };
		await this.#offline.queueMutations([{ kind: 'consent.withdraw', data: { id, effectiveAt: at } }], [{ entity: 'consent', id, data: local }]);
	}

	async addMemo(clientId: string, input: { date: string; text: string }): Promise<string> {
		const client = await this.#editable(clientId);
		const id = this.#newId();
		const parsed = MemoInputSchema.safeParse({ ...input, id, clientId });
		if (!parsed.success) throw new SubmitValidationError(zodFieldErrors(parsed.error));
		await this.#offline.queueMutations(
			[{ kind: 'memo.create', data: parsed.data }],
			[{ entity: 'memo', id, data: { ...parsed.data, unitId: client.data.unitId, ...this.#meta() }, version: 0 }]
		);
		return id;
	}

	async addFollowUp(clientId: string, input: Omit<FollowUpInput, 'id' | 'clientId'>): Promise<string> {
		const client = await this.#editable(clientId);
		const id = this.#newId();
		const errors: FieldError[] = [];
		const parsed = FollowUpInputSchema.safeParse({ ...normalise(input as Loose), id, clientId });
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		else {
			const { checkedOn } = parsed.data;
			if (!client.data.endDate || client.data.endDate > checkedOn) addError(errors, 'checkedOn', 'not-ended', 'The client relationship has not ended');
			const consents = await this.#partsOf<Consent>('consent', clientId);
			if (!consents.some((c) => c.purpose === 'follow-up' && consentInForce(c, endOfDay(checkedOn)))) {
				addError(errors, 'checkedOn', 'consent-missing', 'No follow-up consent in force');
			}
			localCodeErrors(parsed.data, this.#viewer().codeOverrides, errors);
		}
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		await this.#offline.queueMutations(
			[{ kind: 'follow-up.create', data: parsed.data }],
			[{ entity: 'follow-up', id, data: { ...parsed.data, unitId: client.data.unitId, ...this.#meta() }, version: 0 }]
		);
		return id;
	}

	// ---- attachments (online) -------------------------------------------------------------------

	async uploadAttachment(clientId: string, file: Blob, kind: AttachmentKind, label: string | null): Promise<Attachment> {
		await this.#editable(clientId);
		const errors: FieldError[] = [];
		if (file.size > ATTACHMENT_MAX_BYTES) addError(errors, 'file', 'too-large', 'The file is too large');
		if (!(ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(file.type)) addError(errors, 'file', 'type-mismatch', 'Not an image or a PDF');
		if (!AttachmentKindSchema.safeParse(kind).success) addError(errors, 'kind', 'invalid', 'Choose the kind');
		const text = label?.trim() || null;
		if (text !== null && text.length > ATTACHMENT_LABEL_MAX) addError(errors, 'label', 'too_big', 'The label is too long');
		if (errors.length > 0) throw new SubmitValidationError(errors);
		let attachment: Attachment;
		try {
			attachment = await this.#onlineCall(() => this.#api.uploadAttachment(clientId, file, { id: this.#newId(), kind, label: text }));
		} catch (err) {
			// The server's refusal of the file (413 too-large, 415/422 type-mismatch) names its fields.
			if (err instanceof ApiError && err.status < 500 && err.problem.errors?.length) throw new SubmitValidationError(err.problem.errors);
			throw err;
		}
		const write: LocalWrite = { entity: 'attachment', id: attachment.id, data: attachment, version: attachment.version, pending: false };
		await this.#offline.queueMutations([], [write]);
		return attachment;
	}

	fetchAttachment(id: string): Promise<Blob> {
		return this.#onlineCall(() => this.#api.fetchAttachment(id));
	}

	// ---- merge ----------------------------------------------------------------------------------

	async merge(targetId: string, source: { entity: 'client' | 'anonymous-contact'; id: string }): Promise<string> {
		const viewer = this.#viewer();
		const target = await this.#editable(targetId);
		const id = this.#newId();
		const parsed = ClientMergeInputSchema.safeParse({ id, targetId, source });
		if (!parsed.success) throw new SubmitValidationError(zodFieldErrors(parsed.error));
		const writes: LocalWrite[] = [];
		const moved: Record<string, string[]> = {};
		const fill: Loose = {};
		const isUnknown = (v: unknown) => v === null || v === undefined || v === 'unknown';
		const encounters = await this.#offline.cachedRecords<EncounterData>('encounter');

		if (source.entity === 'client') {
			const src = await this.#client(source.id);
			if (!src) throw new ClientNotCachedError();
			if (!reaches(viewer, 'client', 'update', src.data)) throw forbidden('source');
			if (!this.#reachesSensitive(target.data)) throw forbidden('targetId');
			if (!this.#reachesSensitive(src.data)) throw forbidden('source');
			for (const f of CLIENT_MERGE_FIELDS) {
				const v = src.data[f];
				if (isUnknown(target.data[f]) && !isUnknown(v) && !Array.isArray(v) && typeof v !== 'boolean') fill[f] = v;
			}
			const mine = encounters.filter((e) => e.data.clientId === source.id);
			moved.encounter = mine.map((e) => e.id);
			for (const e of mine) writes.push({ entity: 'encounter', id: e.id, data: { ...e.data, clientId: targetId } });
			for (const entity of CLIENT_PARTS) {
				const parts = (await this.#offline.cachedRecords<{ clientId: string }>(entity)).filter((r) => r.data.clientId === source.id);
				if (parts.length > 0) moved[entity] = parts.map((p) => p.id);
				for (const p of parts) writes.push({ entity, id: p.id, data: { ...p.data, clientId: targetId } });
			}
			writes.push({ entity: 'client', id: source.id, data: { ...src.data, localMergeId: id } });
		} else {
			const anon = await this.#offline.cachedRecord<AnonymousData>('anonymous-contact', source.id);
			const standing = await this.#standingMerges();
			if (!anon || this.#hidden(anon.data, standing)) throw new ClientNotCachedError();
			const scope = scopeFor(viewer.roles, 'anonymous-contact', 'update');
			const anonReach = scope === 'organisation' || (scope === 'unit' && viewer.unitIds.includes(anon.data.unitId)) || (scope !== null && anon.data.createdBy === viewer.userId);
			if (!anonReach) throw forbidden('source');
			if (isUnknown(target.data.nickname)) fill.nickname = anon.data.nickname;
			if (isUnknown(target.data.birthYear) && anon.data.birthYearEstimate !== null) {
				fill.birthYear = anon.data.birthYearEstimate;
				fill.birthDateEstimated = true;
			}
			if (isUnknown(target.data.gender) && !isUnknown(anon.data.gender)) fill.gender = anon.data.gender;
			if (isUnknown(target.data.municipality) && !isUnknown(anon.data.municipality)) fill.municipality = anon.data.municipality;
			const theirs = encounters.filter((e) => e.data.anonymousContactId === source.id);
			moved.encounter = theirs.map((e) => e.id);
			for (const e of theirs) writes.push({ entity: 'encounter', id: e.id, data: { ...e.data, clientId: targetId, anonymousContactId: null } });
			writes.push({ entity: 'anonymous-contact', id: source.id, data: { ...anon.data, localMergeId: id } });
		}
		const now = this.#offline.now();
		const nowIso = isoAt(now);
		const record: ClientMerge = {
			id,
			targetId,
			sourceEntity: source.entity,
			sourceId: source.id,
			moved,
			filledFields: Object.keys(fill).filter((f) => f !== 'birthDateEstimated' || source.entity === 'anonymous-contact'),
			undoUntil: isoAt(now + MERGE_UNDO_DAYS * 24 * 3600 * 1000),
			undoneAt: null,
			undoneBy: null,
			unitId: target.data.unitId,
			version: 1,
			createdBy: viewer.userId,
			createdAt: nowIso,
			updatedAt: nowIso,
			deletedAt: null
		};
		writes.push({ entity: 'client', id: targetId, data: { ...target.data, ...fill, updatedAt: nowIso } });
		writes.push({ entity: 'client-merge', id, data: record, version: 0 });
		await this.#offline.queueMutations([{ kind: 'client.merge', data: parsed.data }], writes);
		return id;
	}

	async unmerge(mergeId: string): Promise<void> {
		const viewer = this.#viewer();
		const rec = await this.#offline.cachedRecord<ClientMerge>('client-merge', mergeId);
		if (!rec) throw new ClientNotCachedError();
		const m = rec.data;
		const nowIso = this.#nowIso();
		if (m.undoneAt !== null || m.undoUntil <= nowIso) {
			throw new SubmitValidationError([{ field: 'id', code: 'merge-expired', message: 'The merge can no longer be undone' }]);
		}
		const target = await this.#editable(m.targetId);
		// The undo moves the special categories back: the same reach as the merge (the source, when held here).
		if (m.sourceEntity === 'client') {
			const src = await this.#offline.cachedRecord<ClientData>('client', m.sourceId);
			if (!this.#reachesSensitive(target.data) || (src && !this.#reachesSensitive(src.data))) throw forbidden('id');
		}
		const writes: LocalWrite[] = [{ entity: 'client-merge', id: mergeId, data: { ...m, undoneAt: nowIso, undoneBy: viewer.userId, updatedAt: nowIso } }];
		for (const encounterId of m.moved.encounter ?? []) {
			const e = await this.#offline.cachedRecord<EncounterData>('encounter', encounterId);
			if (!e || e.data.clientId !== m.targetId) continue;
			const back = m.sourceEntity === 'anonymous-contact' ? { clientId: null, anonymousContactId: m.sourceId } : { clientId: m.sourceId };
			writes.push({ entity: 'encounter', id: encounterId, data: { ...e.data, ...back } });
		}
		for (const entity of CLIENT_PARTS) {
			for (const partId of m.moved[entity] ?? []) {
				const p = await this.#offline.cachedRecord<{ clientId: string }>(entity, partId);
				if (p?.data.clientId === m.targetId) writes.push({ entity, id: partId, data: { ...p.data, clientId: m.sourceId } });
			}
		}
		const sourceEntity = m.sourceEntity === 'client' ? 'client' : 'anonymous-contact';
		const source = await this.#offline.cachedRecord<Loose & { localMergeId?: string }>(sourceEntity, m.sourceId);
		const cleared: Loose = {};
		if (source) {
			const { localMergeId: _gone, ...rest } = source.data;
			writes.push({ entity: sourceEntity, id: m.sourceId, data: rest });
			// Filled fields still holding the filled value go back to empty (the server does the same).
			for (const f of m.filledFields) {
				const from = m.sourceEntity === 'anonymous-contact' && f === 'birthYear' ? source.data.birthYearEstimate : source.data[f];
				if (sameValue(target.data[f as keyof ClientData] ?? null, from ?? null)) {
					cleared[f] = (CLIENT_FIELD_DEFAULTS as Loose)[f] ?? (f === 'gender' || f === 'municipality' ? 'unknown' : null);
				}
			}
			if ('birthYear' in cleared && m.filledFields.includes('birthDateEstimated')) cleared.birthDateEstimated = false;
		}
		writes.push({ entity: 'client', id: m.targetId, data: { ...target.data, ...cleared, updatedAt: nowIso } });
		await this.#offline.queueMutations([{ kind: 'client.unmerge', data: { id: mergeId } }], writes);
	}
}

export const records = new ClientRecordManager();
