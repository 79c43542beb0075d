/**
 * Attachments of a client (issue 4): photos of signed forms and scanned documents. The metadata is a
 * synced row (`attachments`, pulled by devices); the file is uploaded and read over HTTP only and kept
 * encrypted on disk at `<dataDir>/orgs/<org-id>/attachments/<id>`.
 *
 * Invariants:
 * - The body is streamed: never held whole in memory. More than ATTACHMENT_MAX_BYTES stops the read at
 *   once (413, field `file`); the declared type must match the file's magic bytes (415, `file`).
 *   A refused upload leaves nothing behind: no row, no file (the partial file is removed).
 * - A body that breaks off (the client went away or the connection dropped before the declared
 *   length arrived) is the client's doing: a 400 naming `file` (`incomplete`), never a 500, and it
 *   too leaves no row and no file.
 * - Each file has its own random AES-256-GCM key, wrapped with the organisation's keyring (context
 *   `attachment.key:<id>`). The file is sealed in chunks of CHUNK_BYTES, each with its own tag; the
 *   chunk's index, whether it is the last, the organisation and the attachment id are associated
 *   data, so a download releases only authenticated plaintext, and a truncated, reordered or moved
 *   file fails.
 * - The row and the file appear together: the file is moved into place inside the IMMEDIATE write
 *   transaction that inserts the row, and removed again if that transaction fails.
 * - A retried upload (same id, same digest of the plain file) answers the existing metadata. The
 *   stored `sha256` is the keyed digest of it (lib/crypto `keyedDigest`), never the plain SHA-256.
 * - Every record of a client is visible exactly when its client is (services/client-scope.ts); what
 *   the caller cannot see is a 404.
 */
import {
	ATTACHMENT_CONTENT_TYPES,
	ATTACHMENT_LABEL_MAX,
	ATTACHMENT_MAX_BYTES,
	type Attachment,
	type AttachmentContentType,
	type AttachmentKind
} from '@polku/shared';
import { and, eq, isNull } from 'drizzle-orm';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import { attachments, consents } from '../db/schema';
import type { OrgKeyring } from '../lib/crypto';
import { AppError, Conflict, NotFound, ValidationFailed } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { clientVisible } from './client-scope';
import { newSyncedRow, nextChangeSeq } from './sync-records.service';

export type AttachmentRow = typeof attachments.$inferSelect;

/** Plaintext bytes per sealed chunk; each chunk on disk is this plus a 16-byte tag (the last may be shorter). */
export const CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const CIPHER_ALG = 'aes-256-gcm-chunked-v1';

export const attachmentLabelContext = (id: string) => `attachment.label:${id}`;
export const attachmentKeyContext = (id: string) => `attachment.key:${id}`;

export function attachmentDir(ctx: AppContext, orgId: string): string {
	return join(ctx.dataDir, 'orgs', orgId, 'attachments');
}

export function attachmentPath(ctx: AppContext, orgId: string, id: string): string {
	return join(attachmentDir(ctx, orgId), id);
}

/** Upload temporaries (`<id>.<random>.part`) older than this are leftovers of an interrupted upload. */
export const STALE_PART_MS = 60 * 60 * 1000;
const PART_FILE = /^[0-9a-f-]{36}\.[0-9a-f]{12}\.part$/i;
/** Attachment folders already swept by this process. */
const swept = new Set<string>();

/**
 * Removes the `*.part` files older than STALE_PART_MS in `dir` (a crash or a killed process in the
 * middle of an upload leaves one: encrypted, but never referenced). Younger ones may be uploads still
 * streaming in and stay. File age is the file's own modification time (the real clock). Returns how
 * many were removed.
 */
export function sweepStaleParts(dir: string, nowMs: number = Date.now()): number {
	if (!existsSync(dir)) return 0;
	let removed = 0;
	for (const name of readdirSync(dir)) {
		if (!PART_FILE.test(name)) continue;
		const path = join(dir, name);
		try {
			if (nowMs - statSync(path).mtimeMs > STALE_PART_MS) {
				rmSync(path, { force: true });
				removed++;
			}
		} catch {
			// Gone meanwhile (its upload finished or failed): nothing to do.
		}
	}
	return removed;
}

/** Sweeps an organisation's attachment folder once per process: on server start and at its first use. */
export function sweepAttachmentStore(ctx: AppContext, orgId: string): number {
	const dir = attachmentDir(ctx, orgId);
	if (swept.has(dir)) return 0;
	swept.add(dir);
	return sweepStaleParts(dir);
}

export function toAttachmentDto(row: AttachmentRow, keyring: OrgKeyring): Attachment {
	return {
		id: row.id,
		clientId: row.clientId,
		unitId: row.unitId,
		kind: row.kind,
		contentType: row.contentType,
		size: row.size,
		label: row.label === null ? null : keyring.decryptField(row.label, attachmentLabelContext(row.id)),
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

// ---------------------------------------------------------------------------------------------------
// Problems

const fileError = (code: string, message: string) => [{ field: 'file', code, message }];

export class AttachmentTooLarge extends AppError {
	constructor() {
		super('payload-too-large', 413, `The file is larger than ${ATTACHMENT_MAX_BYTES} bytes.`, fileError('too-large', `At most ${ATTACHMENT_MAX_BYTES} bytes.`));
	}
}

/** The request body ended in an error before the whole file arrived (client abort, dropped connection). */
export class AttachmentIncomplete extends AppError {
	constructor() {
		super('validation-failed', 400, 'The upload broke off before the whole file arrived.', fileError('incomplete', 'The file did not arrive whole; send it again.'));
	}
}

export class AttachmentTypeRefused extends AppError {
	constructor(code: 'unsupported-type' | 'type-mismatch', message: string) {
		super('unsupported-media-type', 415, message, fileError(code, message));
	}
}

// ---------------------------------------------------------------------------------------------------
// Magic bytes

const MAGIC: Record<AttachmentContentType, { need: number; test: (b: Buffer) => boolean }> = {
	'image/jpeg': { need: 3, test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	'image/png': { need: 8, test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
	'image/webp': { need: 12, test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
	'application/pdf': { need: 5, test: (b) => b.toString('latin1', 0, 5) === '%PDF-' }
};

/** The media type of a Content-Type header (parameters dropped), when it is one attachments accept. */
export function attachmentContentType(header: string | undefined): AttachmentContentType | null {
	const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
	return (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type) ? (type as AttachmentContentType) : null;
}

// ---------------------------------------------------------------------------------------------------
// Chunked AES-256-GCM

function chunkAad(orgId: string, id: string, index: number, last: boolean): Buffer {
	return Buffer.from(['polku-attachment-v1', orgId, id, String(index), last ? '1' : '0'].join('\u0000'), 'utf8');
}

function chunkNonce(index: number): Buffer {
	// The key is random per file, so the chunk index alone is a unique nonce.
	const nonce = Buffer.alloc(12);
	nonce.writeUIntBE(index, 6, 6);
	return nonce;
}

function sealChunk(key: Buffer, aadParts: { orgId: string; id: string }, index: number, last: boolean, plain: Buffer): Buffer {
	const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(index), { authTagLength: TAG_BYTES });
	cipher.setAAD(chunkAad(aadParts.orgId, aadParts.id, index, last));
	return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(key: Buffer, aadParts: { orgId: string; id: string }, index: number, last: boolean, sealed: Buffer): Buffer {
	if (sealed.length < TAG_BYTES) throw new Error('Attachment file is damaged (short chunk)');
	const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(index), { authTagLength: TAG_BYTES });
	decipher.setAAD(chunkAad(aadParts.orgId, aadParts.id, index, last));
	decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
	return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** Decrypts a stored file chunk by chunk; throws (ending the stream) on any tampering. */
async function* decryptFile(path: string, key: Buffer, aadParts: { orgId: string; id: string }): AsyncGenerator<Buffer, void, undefined> {
	const sealedChunk = CHUNK_BYTES + TAG_BYTES;
	let pending: Buffer = Buffer.alloc(0);
	let index = 0;
	for await (const data of createReadStream(path, { highWaterMark: sealedChunk })) {
		pending = pending.length === 0 ? (data as Buffer) : Buffer.concat([pending, data as Buffer]);
		// Keep at least one byte back: only the end of the file says which chunk is the last.
		while (pending.length > sealedChunk) {
			yield openChunk(key, aadParts, index++, false, pending.subarray(0, sealedChunk));
			pending = pending.subarray(sealedChunk);
		}
	}
	yield openChunk(key, aadParts, index, true, pending);
}

// ---------------------------------------------------------------------------------------------------
// Upload

export type UploadInput = {
	id: string;
	kind: AttachmentKind;
	/** The X-Attachment-Label header as sent (URI-encoded), if any. */
	labelHeader: string | undefined;
	contentTypeHeader: string | undefined;
	contentLengthHeader: string | undefined;
	body: ReadableStream<Uint8Array> | null;
};

function decodeLabel(header: string | undefined): string | null {
	if (header === undefined) return null;
	let label: string;
	try {
		label = decodeURIComponent(header).trim();
	} catch {
		throw new ValidationFailed([{ field: 'x-attachment-label', code: 'invalid-encoding', message: 'The label must be URI-encoded UTF-8.' }]);
	}
	if (label.length > ATTACHMENT_LABEL_MAX) {
		throw new ValidationFailed([{ field: 'x-attachment-label', code: 'too_big', message: `At most ${ATTACHMENT_LABEL_MAX} characters.` }]);
	}
	return label === '' ? null : label;
}

/**
 * The chunks of a request body; an error of the body itself (the client aborted, the connection
 * dropped) becomes AttachmentIncomplete. Errors of the consumer are not touched: stopping early
 * cancels the body as a plain `for await` does.
 */
async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
	const reader = body.getReader();
	let finished = false;
	try {
		for (;;) {
			let next: ReadableStreamReadResult<Uint8Array>;
			try {
				next = await reader.read();
			} catch {
				finished = true;
				throw new AttachmentIncomplete();
			}
			if (next.done) {
				finished = true;
				return;
			}
			yield next.value;
		}
	} finally {
		// Stopped early (too large, wrong type): tell the body we are done with it.
		if (!finished) await reader.cancel().catch(() => undefined);
		reader.releaseLock();
	}
}

/**
 * Streams `body` to an encrypted temporary file. Returns its size and sha256; refuses (and removes the
 * file) on a wrong magic number or more than ATTACHMENT_MAX_BYTES.
 */
async function receiveEncrypted(
	body: ReadableStream<Uint8Array>,
	tempPath: string,
	contentType: AttachmentContentType,
	key: Buffer,
	aadParts: { orgId: string; id: string }
): Promise<{ size: number; sha256: string }> {
	const hash = createHash('sha256');
	const magic = MAGIC[contentType];
	let size = 0;
	let index = 0;
	let pending: Buffer = Buffer.alloc(0);
	let magicChecked = false;
	const file = await open(tempPath, 'wx', 0o600);
	try {
		for await (const part of bodyChunks(body)) {
			const data = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
			size += data.length;
			if (size > ATTACHMENT_MAX_BYTES) throw new AttachmentTooLarge();
			hash.update(data);
			pending = pending.length === 0 ? Buffer.from(data) : Buffer.concat([pending, data]);
			if (!magicChecked && pending.length >= magic.need) {
				if (!magic.test(pending)) throw new AttachmentTypeRefused('type-mismatch', `The file is not ${contentType}.`);
				magicChecked = true;
			}
			while (magicChecked && pending.length > CHUNK_BYTES) {
				await file.write(sealChunk(key, aadParts, index++, false, pending.subarray(0, CHUNK_BYTES)));
				pending = pending.subarray(CHUNK_BYTES);
			}
		}
		if (!magicChecked) throw new AttachmentTypeRefused('type-mismatch', `The file is not ${contentType}.`);
		await file.write(sealChunk(key, aadParts, index, true, pending));
		await file.sync();
	} catch (error) {
		await file.close();
		rmSync(tempPath, { force: true });
		throw error;
	}
	await file.close();
	return { size, sha256: hash.digest('hex') };
}

/**
 * `POST /api/clients/:id/attachments`. `created` is false for an idempotent retry (same id, same
 * content), which answers the existing metadata.
 */
export async function uploadAttachment(
	ctx: AppContext,
	org: OrgHandle,
	caller: Caller,
	clientId: string,
	input: UploadInput
): Promise<{ attachment: Attachment; created: boolean }> {
	const client = clientVisible(org.db, caller, clientId, 'client', 'update');
	if (!client) throw new NotFound();
	const contentType = attachmentContentType(input.contentTypeHeader);
	if (!contentType) {
		throw new AttachmentTypeRefused('unsupported-type', `The file must be one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}.`);
	}
	const declared = input.contentLengthHeader === undefined ? NaN : Number(input.contentLengthHeader);
	if (Number.isFinite(declared) && declared > ATTACHMENT_MAX_BYTES) throw new AttachmentTooLarge();
	const label = decodeLabel(input.labelHeader);
	const before = org.db.select().from(attachments).where(eq(attachments.id, input.id)).get();
	if (before && (before.clientId !== clientId || before.deletedAt !== null)) {
		throw new Conflict('An attachment with this id already exists.', [{ field: 'x-attachment-id', code: 'duplicate', message: 'The id is taken.' }]);
	}
	if (!input.body) throw new AttachmentTypeRefused('type-mismatch', 'The request has no file.');

	const dir = attachmentDir(ctx, org.id);
	sweepAttachmentStore(ctx, org.id);
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const finalPath = attachmentPath(ctx, org.id, input.id);
	const tempPath = join(dir, `${input.id}.${randomBytes(6).toString('hex')}.part`);
	const key = randomBytes(KEY_BYTES);
	const aadParts = { orgId: org.id, id: input.id };
	const received = await receiveEncrypted(input.body, tempPath, contentType, key, aadParts);
	const size = received.size;
	// Stored keyed: a plain digest of the file would confirm a guessed document without the keys.
	const sha256 = org.keyring.keyedDigest(received.sha256);

	let moved = false;
	try {
		const outcome = org.write((tx): { row: AttachmentRow; created: boolean } => {
			const existing = tx.select().from(attachments).where(eq(attachments.id, input.id)).get();
			if (existing) {
				if (existing.clientId === clientId && existing.deletedAt === null && existing.sha256 === sha256) return { row: existing, created: false };
				throw new Conflict('An attachment with this id already exists with other content.', [
					{ field: 'x-attachment-id', code: 'duplicate', message: 'The id is taken.' }
				]);
			}
			// The client may have been deleted or merged away while the file streamed in.
			const current = clientVisible(tx, caller, clientId, 'client', 'update');
			if (!current) throw new NotFound();
			const at = caller.now.toISOString();
			const row: AttachmentRow = {
				id: input.id,
				clientId,
				unitId: current.unitId,
				kind: input.kind,
				contentType,
				size,
				label: label === null ? null : org.keyring.encryptField(label, attachmentLabelContext(input.id)),
				sha256,
				cipher: { alg: CIPHER_ALG, key: org.keyring.encryptField(key.toString('base64url'), attachmentKeyContext(input.id)) },
				...newSyncedRow(tx, caller.userId, at)
			};
			renameSync(tempPath, finalPath);
			moved = true;
			tx.insert(attachments).values(row).run();
			appendAudit(tx, {
				at: caller.now,
				actorId: caller.userId,
				action: 'attachment.create',
				entity: 'attachment',
				entityId: input.id,
				address: caller.address,
				detail: { clientId, kind: input.kind, contentType, size }
			});
			return { row, created: true };
		});
		if (!outcome.created) rmSync(tempPath, { force: true });
		return { attachment: toAttachmentDto(outcome.row, org.keyring), created: outcome.created };
	} catch (error) {
		rmSync(moved ? finalPath : tempPath, { force: true });
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------------
// Download and delete

function visibleAttachment(org: OrgHandle, caller: Caller, id: string, action: 'read' | 'update'): AttachmentRow {
	const row = org.db.select().from(attachments).where(eq(attachments.id, id)).get();
	if (!row || row.deletedAt !== null || !clientVisible(org.db, caller, row.clientId, 'client', action)) throw new NotFound();
	return row;
}

const EXTENSIONS: Record<AttachmentContentType, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'application/pdf': 'pdf'
};

export type AttachmentFile = {
	contentType: AttachmentContentType;
	size: number;
	/** Made of the id only: the label may be personal data and never goes into a header. */
	filename: string;
	stream: ReadableStream<Uint8Array>;
};

/** `GET /api/attachments/:id`: the decrypted file as a stream; the read is audited (`attachment.read`). */
export function readAttachment(ctx: AppContext, org: OrgHandle, caller: Caller, id: string): AttachmentFile {
	const row = visibleAttachment(org, caller, id, 'read');
	const token = row.cipher.key;
	if (row.cipher.alg !== CIPHER_ALG || !token) throw new Error(`Attachment ${id} has no usable key`);
	const key = Buffer.from(org.keyring.decryptField(token, attachmentKeyContext(id)), 'base64url');
	const path = attachmentPath(ctx, org.id, id);
	if (!existsSync(path)) throw new Error(`Attachment ${id} has a row but no file`);
	org.write((tx) =>
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'attachment.read',
			entity: 'attachment',
			entityId: id,
			address: caller.address,
			detail: { clientId: row.clientId }
		})
	);
	const node = Readable.from(decryptFile(path, key, { orgId: org.id, id }));
	return {
		contentType: row.contentType,
		size: row.size,
		filename: `${id}.${EXTENSIONS[row.contentType]}`,
		stream: Readable.toWeb(node) as ReadableStream<Uint8Array>
	};
}

/**
 * `DELETE /api/attachments/:id`: a tombstone devices pull (label and key dropped), and the file
 * removed. Audited (`attachment.delete`). The signed form of a recorded consent is not deleted (409).
 */
export function deleteAttachment(ctx: AppContext, org: OrgHandle, caller: Caller, id: string): void {
	org.write((tx) => {
		const row = tx.select().from(attachments).where(eq(attachments.id, id)).get();
		if (!row || row.deletedAt !== null || !clientVisible(tx, caller, row.clientId, 'client', 'update')) throw new NotFound();
		// The consent ledger is immutable: the photo of a signed consent form stays as its evidence.
		const evidence = tx.select({ id: consents.id }).from(consents).where(and(eq(consents.attachmentId, id), isNull(consents.deletedAt))).get();
		if (evidence) {
			throw new Conflict('The attachment is the signed form of a recorded consent.', [{ field: 'id', code: 'consent-evidence', message: 'A consent refers to this attachment.' }]);
		}
		const at = caller.now.toISOString();
		tx.update(attachments)
			.set({ deletedAt: at, updatedAt: at, version: row.version + 1, label: null, cipher: {}, changeSeq: nextChangeSeq(tx) })
			.where(eq(attachments.id, id))
			.run();
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'attachment.delete',
			entity: 'attachment',
			entityId: id,
			address: caller.address,
			detail: { clientId: row.clientId }
		});
	});
	rmSync(attachmentPath(ctx, org.id, id), { force: true });
}
