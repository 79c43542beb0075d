/**
 * Prepared statements for the push hot path. Drizzle builds and prepares its SQL on every call, which
 * at thousands of sealed items a second costs more than the writes themselves; these are prepared
 * once per connection. They run on the same connection as Drizzle, so inside the caller's
 * transaction. Column names follow schema.ts in snake_case (see migrations/org); schema changes to
 * these tables must be mirrored here (the sync tests exercise every statement).
 */
import type Database from 'better-sqlite3';

export type RefRow = { unitId: string; createdBy: string; deletedAt: string | null };

export type EncounterInsert = {
	id: string;
	unitId: string;
	occurredAt: string;
	channel: string;
	clientId: string | null;
	anonymousContactId: string | null;
	topics: string;
	actions: string;
	durationMinutes: number | null;
	note: string;
	followUpDate: string | null;
	createdBy: string;
	at: string;
	changeSeq: number;
};

export type MutationInsert = {
	mutationId: string;
	userId: string;
	deviceId: string;
	kind: string;
	contentHash: string;
	result: string;
	at: string;
};

export type AuditInsert = {
	seq: number;
	id: string;
	at: string;
	actorId: string | null;
	action: string;
	entity: string | null;
	entityId: string | null;
	address: string | null;
	detail: string;
	prevHash: string;
	hash: string;
};

function prepareAll(db: Database.Database) {
	return {
		mutationHash: db.prepare<[string], { contentHash: string }>('SELECT content_hash AS contentHash FROM sync_mutations WHERE mutation_id = ?'),
		insertMutation: db.prepare<[MutationInsert]>(
			'INSERT INTO sync_mutations (mutation_id, user_id, device_id, kind, content_hash, result, at) VALUES (@mutationId, @userId, @deviceId, @kind, @contentHash, @result, @at)'
		),
		nextSeq: db.prepare<[], { seq: number }>(
			'INSERT INTO sync_counter (id, seq) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seq = seq + 1 RETURNING seq'
		),
		unit: db.prepare<[string], { deletedAt: string | null }>('SELECT deleted_at AS deletedAt FROM units WHERE id = ?'),
		clientRef: db.prepare<[string], RefRow>('SELECT unit_id AS unitId, created_by AS createdBy, deleted_at AS deletedAt FROM clients WHERE id = ?'),
		contactRef: db.prepare<[string], RefRow>(
			'SELECT unit_id AS unitId, created_by AS createdBy, deleted_at AS deletedAt FROM anonymous_contacts WHERE id = ?'
		),
		encounterExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM encounters WHERE id = ?'),
		insertEncounter: db.prepare<[EncounterInsert]>(
			`INSERT INTO encounters (id, unit_id, occurred_at, channel, client_id, anonymous_contact_id, topics, actions, duration_minutes, note,
				follow_up_date, version, created_by, created_at, updated_at, deleted_at, change_seq)
			VALUES (@id, @unitId, @occurredAt, @channel, @clientId, @anonymousContactId, @topics, @actions, @durationMinutes, @note,
				@followUpDate, 1, @createdBy, @at, @at, NULL, @changeSeq)`
		),
		auditTail: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
		insertAudit: db.prepare<[AuditInsert]>(
			`INSERT INTO audit_log (seq, id, at, actor_id, action, entity, entity_id, address, detail, prev_hash, hash)
			VALUES (@seq, @id, @at, @actorId, @action, @entity, @entityId, @address, @detail, @prevHash, @hash)`
		)
	};
}

export type HotStatements = ReturnType<typeof prepareAll>;

const cache = new WeakMap<Database.Database, HotStatements>();

export function hotStatements(db: Database.Database): HotStatements {
	let statements = cache.get(db);
	if (!statements) {
		statements = prepareAll(db);
		cache.set(db, statements);
	}
	return statements;
}
