import { serve, type ServerType } from '@hono/node-server';
import { ATTACHMENT_MAX_BYTES, AttachmentSchema, ProblemSchema, type Role } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachments, auditLog, consents } from '../../db/schema';
import { nextChangeSeq } from '../../services/sync-records.service';
import { attachmentDir, attachmentPath, CHUNK_BYTES, sweepStaleParts } from '../../services/attachment.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { pushOne } from '../../test/record-helpers';
import { insertClient } from './client-fixtures';

let t: TestApp;
/** A workshop (unit 1) client made by the coach. */
let clientId: string;
beforeEach(async () => {
	t = await createTestApp();
	clientId = insertClient(t, { unit: 1, createdBy: 'coach' });
});
afterEach(() => t.close());

const MARKER = Buffer.from('POLKU-PLAINTEXT-MARKER-7f3a9c-ALLEKIRJOITETTU-LOMAKE');
const jpeg = (extra = 0) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), MARKER, randomBytes(extra), MARKER, Buffer.from([0xff, 0xd9])]);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), MARKER, randomBytes(300)]);
const pdf = (size: number) => {
	const head = Buffer.from('%PDF-1.7\n');
	return Buffer.concat([head, MARKER, randomBytes(Math.max(0, size - head.length - MARKER.length))]);
};

type UploadOpts = { id?: string; kind?: string; label?: string; type?: string | null; as?: Role; client?: string; headers?: Record<string, string> };

async function upload(body: Buffer | ReadableStream<Uint8Array>, opts: UploadOpts = {}): Promise<Response> {
	const headers: Record<string, string> = {
		cookie: t.sessionCookie(opts.as ?? 'coach'),
		'x-attachment-id': opts.id ?? randomUUID(),
		'x-attachment-kind': opts.kind ?? 'signed-form',
		...opts.headers
	};
	if (opts.type !== null) headers['content-type'] = opts.type ?? 'image/jpeg';
	if (opts.label !== undefined) headers['x-attachment-label'] = encodeURIComponent(opts.label);
	return t.app.request(`/api/clients/${opts.client ?? clientId}/attachments`, {
		method: 'POST',
		headers,
		body,
		...(body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit);
}

const download = (id: string, as: Role = 'coach') => t.request('GET', `/api/attachments/${id}`, { cookie: t.sessionCookie(as) });
const rows = () => t.org.db.select().from(attachments).all();
const files = () => (existsSync(attachmentDir(t.ctx, t.org.id)) ? readdirSync(attachmentDir(t.ctx, t.org.id)) : []);
const audits = (action: string, entityId: string) =>
	t.org.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
		.all();

async function expectProblem(res: Response, status: number, code: string, fieldCode: string, field = 'file') {
	expect(res.status).toBe(status);
	const problem = ProblemSchema.parse(await res.json());
	expect(problem.code).toBe(code);
	expect(problem.errors).toEqual([expect.objectContaining({ field, code: fieldCode })]);
}

describe('POST /api/clients/:id/attachments', () => {
	it('stores a JPEG encrypted: the row, the metadata answer, and no plaintext on disk', async () => {
		const id = randomUUID();
		const file = jpeg(2000);
		const res = await upload(file, { id, label: 'Suostumus – allekirjoitettu 2.3.', kind: 'signed-form' });
		expect(res.status).toBe(201);
		const att = AttachmentSchema.parse(await res.json());
		expect(att).toMatchObject({ id, clientId, unitId: t.unitIds[1], kind: 'signed-form', contentType: 'image/jpeg', size: file.length, label: 'Suostumus – allekirjoitettu 2.3.', version: 1, createdBy: t.userId('coach'), deletedAt: null });

		const [row] = rows();
		expect(row?.label).toMatch(/^v1\./);
		expect(row?.label).not.toContain('Suostumus');
		expect(JSON.stringify(row?.cipher)).not.toContain(file.toString('base64'));
		expect(row?.changeSeq).toBeGreaterThan(0);

		const onDisk = readFileSync(attachmentPath(t.ctx, t.org.id, id));
		expect(onDisk.length).toBe(file.length + 16);
		expect(onDisk.includes(MARKER)).toBe(false);
		expect(onDisk.includes(file.subarray(0, 4))).toBe(false);
		expect(files()).toEqual([id]);
		expect(audits('attachment.create', id)).toHaveLength(1);
		expect(JSON.stringify(audits('attachment.create', id))).not.toContain('Suostumus');
	});

	it('accepts PNG and multi-chunk PDF (also an exact multiple of the chunk size), and each round-trips', async () => {
		const cases: [Buffer, string][] = [
			[png(), 'image/png'],
			[pdf(3 * CHUNK_BYTES + 1234), 'application/pdf'],
			[pdf(2 * CHUNK_BYTES), 'application/pdf; charset=binary']
		];
		for (const [file, type] of cases) {
			const id = randomUUID();
			const res = await upload(file, { id, type, kind: 'document' });
			expect(res.status).toBe(201);
			const got = await download(id);
			expect(got.status).toBe(200);
			expect(Buffer.from(await got.arrayBuffer()).equals(file)).toBe(true);
		}
		expect(rows()).toHaveLength(3);
	});

	it('refuses a declared type the magic bytes contradict, a type not accepted and a missing type; nothing is written', async () => {
		await expectProblem(await upload(png(), { type: 'image/jpeg' }), 415, 'unsupported-media-type', 'type-mismatch');
		await expectProblem(await upload(jpeg(), { type: 'application/pdf' }), 415, 'unsupported-media-type', 'type-mismatch');
		await expectProblem(await upload(Buffer.from('RIFF\0\0\0\0WAVEfmt '), { type: 'image/webp' }), 415, 'unsupported-media-type', 'type-mismatch');
		await expectProblem(await upload(Buffer.from([0xff, 0xd8]), { type: 'image/jpeg' }), 415, 'unsupported-media-type', 'type-mismatch');
		await expectProblem(await upload(Buffer.from('<svg onload="x()"/>'), { type: 'image/svg+xml' }), 415, 'unsupported-media-type', 'unsupported-type');
		await expectProblem(await upload(Buffer.from('hello'), { type: 'text/plain' }), 415, 'unsupported-media-type', 'unsupported-type');
		await expectProblem(await upload(jpeg(), { type: null }), 415, 'unsupported-media-type', 'unsupported-type');
		expect(rows()).toEqual([]);
		expect(files()).toEqual([]);
	});

	it('a WEBP passes the RIFF....WEBP check', async () => {
		const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), MARKER]);
		expect((await upload(webp, { type: 'image/webp' })).status).toBe(201);
	});

	it('stops reading a stream beyond 10 MiB with 413 on `file`, and leaves no row and no file', async () => {
		let pulled = 0;
		const total = 40 * 1024 * 1024;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled >= total) return controller.close();
				const chunk = new Uint8Array(256 * 1024);
				if (pulled === 0) chunk.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
				pulled += chunk.length;
				controller.enqueue(chunk);
			}
		});
		const res = await upload(stream, { type: 'application/pdf' });
		await expectProblem(res, 413, 'payload-too-large', 'too-large');
		expect(pulled).toBeLessThan(ATTACHMENT_MAX_BYTES + 4 * 1024 * 1024);
		expect(rows()).toEqual([]);
		expect(files()).toEqual([]);
	});

	it('a declared Content-Length over the limit is refused before reading; exactly the limit is accepted', async () => {
		await expectProblem(await upload(jpeg(), { headers: { 'content-length': String(ATTACHMENT_MAX_BYTES + 1) } }), 413, 'payload-too-large', 'too-large');
		const exact = pdf(ATTACHMENT_MAX_BYTES);
		expect((await upload(exact, { type: 'application/pdf' })).status).toBe(201);
		expect((await upload(Buffer.concat([exact, Buffer.from('x')]), { type: 'application/pdf' })).status).toBe(413);
		expect(rows()).toHaveLength(1);
		expect(files()).toHaveLength(1);
	});

	it('a retry with the same id and content answers 200 with the stored metadata; other content is a 409', async () => {
		const id = randomUUID();
		const file = jpeg(500);
		const first = await upload(file, { id, label: 'Kuva' });
		expect(first.status).toBe(201);
		const created = AttachmentSchema.parse(await first.json());
		t.advance(60_000);
		const again = await upload(file, { id, label: 'Kuva' });
		expect(again.status).toBe(200);
		expect(AttachmentSchema.parse(await again.json())).toEqual(created);
		const other = await upload(jpeg(500), { id });
		expect(other.status).toBe(409);
		expect(rows()).toHaveLength(1);
		expect(files()).toEqual([id]);
		expect(audits('attachment.create', id)).toHaveLength(1);
		expect(Buffer.from(await (await download(id)).arrayBuffer()).equals(file)).toBe(true);
	});

	it('validates the headers: id, kind and label', async () => {
		const res = await upload(jpeg(), { headers: { 'x-attachment-id': 'not-a-uuid', 'x-attachment-kind': 'selfie' } });
		expect(res.status).toBe(422);
		const fields = ProblemSchema.parse(await res.json()).errors?.map((e) => e.field);
		expect(fields).toEqual(expect.arrayContaining(['x-attachment-id', 'x-attachment-kind']));
		const long = await upload(jpeg(), { label: 'x'.repeat(201) });
		await expectProblem(long, 422, 'validation-failed', 'too_big', 'x-attachment-label');
		const broken = await upload(jpeg(), { headers: { 'x-attachment-label': '%E0%A4%A' } });
		await expectProblem(broken, 422, 'validation-failed', 'invalid-encoding', 'x-attachment-label');
		expect(rows()).toEqual([]);
	});

	it('scope: another unit’s worker and a supervisor get no way in; an unknown client is a 404', async () => {
		expect((await upload(jpeg(), { as: 'outreach-worker' })).status).toBe(404);
		expect((await upload(jpeg(), { as: 'supervisor' })).status).toBe(403);
		expect((await upload(jpeg(), { as: 'admin' })).status).toBe(403);
		expect((await upload(jpeg(), { client: randomUUID() })).status).toBe(404);
		expect(rows()).toEqual([]);
		expect(files()).toEqual([]);
		// The outreach worker can attach to a client of their own unit.
		expect((await upload(jpeg(), { as: 'outreach-worker', client: t.clientIds[0] ?? '' })).status).toBe(201);
	});
});

describe('GET and DELETE /api/attachments/:id', () => {
	async function stored(): Promise<{ id: string; file: Buffer }> {
		const id = randomUUID();
		const file = jpeg(100_000);
		expect((await upload(file, { id })).status).toBe(201);
		return { id, file };
	}

	it('streams the decrypted file as a download, never cached, and audits the read', async () => {
		const { id, file } = await stored();
		const res = await download(id);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.jpg"`);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
		const [audit] = audits('attachment.read', id);
		expect(audit).toMatchObject({ actorId: t.userId('coach'), entity: 'attachment', detail: { clientId } });
	});

	it('is a 404 outside the scope (another unit’s worker, a supervisor not assigned), not audited', async () => {
		const { id } = await stored();
		expect((await download(id, 'outreach-worker')).status).toBe(404);
		expect((await download(id, 'supervisor')).status).toBe(404);
		expect((await download(id, 'admin')).status).toBe(403);
		expect((await download(randomUUID())).status).toBe(404);
		expect(audits('attachment.read', id)).toEqual([]);
	});

	it('a file altered on disk fails to download instead of releasing unauthenticated bytes', async () => {
		const { id } = await stored();
		const path = attachmentPath(t.ctx, t.org.id, id);
		const data = readFileSync(path);
		data[data.length - 100] = (data[data.length - 100] ?? 0) ^ 0x01;
		writeFileSync(path, data);
		const res = await download(id);
		await expect(res.arrayBuffer()).rejects.toThrow();
	});

	it('a file cut short fails to download', async () => {
		const { id } = await stored();
		const path = attachmentPath(t.ctx, t.org.id, id);
		writeFileSync(path, readFileSync(path).subarray(0, CHUNK_BYTES + 16));
		await expect((await download(id)).arrayBuffer()).rejects.toThrow();
	});

	it('delete tombstones the row (new version and change seq), removes the file and audits; then 404', async () => {
		const { id } = await stored();
		const before = rows()[0];
		expect((await t.request('DELETE', `/api/attachments/${id}`, { cookie: t.sessionCookie('outreach-worker') })).status).toBe(404);
		expect((await t.request('DELETE', `/api/attachments/${id}`, { cookie: t.sessionCookie('supervisor') })).status).toBe(403);
		t.advance(1000);
		expect((await t.request('DELETE', `/api/attachments/${id}`, { cookie: t.sessionCookie('coach') })).status).toBe(204);
		const [after] = rows();
		expect(after).toMatchObject({ id, deletedAt: t.now().toISOString(), version: 2, label: null, cipher: {} });
		expect(after?.changeSeq).toBeGreaterThan(before?.changeSeq ?? Infinity);
		expect(existsSync(attachmentPath(t.ctx, t.org.id, id))).toBe(false);
		expect(audits('attachment.delete', id)).toHaveLength(1);
		expect((await download(id)).status).toBe(404);
		expect((await t.request('DELETE', `/api/attachments/${id}`, { cookie: t.sessionCookie('coach') })).status).toBe(404);
		// The id stays taken: an upload with it is a conflict, not a resurrection.
		expect((await upload(jpeg(), { id })).status).toBe(409);
	});

	it('the signed form of a recorded consent is kept (409), its file too', async () => {
		const { id } = await stored();
		const at = t.now().toISOString();
		t.org.write((tx) =>
			tx
				.insert(consents)
				.values({
					id: randomUUID(),
					clientId,
					unitId: t.unitIds[1] ?? '',
					purpose: 'processing',
					recipient: null,
					channel: null,
					textVersion: '2026-1',
					method: 'photo',
					attachmentId: id,
					givenAt: at,
					version: 1,
					createdBy: t.userId('coach'),
					createdAt: at,
					updatedAt: at,
					deletedAt: null,
					changeSeq: nextChangeSeq(tx)
				})
				.run()
		);
		const res = await t.request('DELETE', `/api/attachments/${id}`, { cookie: t.sessionCookie('coach') });
		expect(res.status).toBe(409);
		expect(ProblemSchema.parse(await res.json()).errors).toEqual([expect.objectContaining({ code: 'consent-evidence' })]);
		expect(rows()[0]?.deletedAt).toBeNull();
		expect(existsSync(attachmentPath(t.ctx, t.org.id, id))).toBe(true);
		expect(audits('attachment.delete', id)).toEqual([]);
	});

	it('a consent cannot name a deleted attachment as its signed form (unknown-reference on data.attachmentId)', async () => {
		const { id } = await stored();
		expect((await t.request('DELETE', `/api/attachments/${id}`, { cookie: t.sessionCookie('coach') })).status).toBe(204);
		const device = await t.registerDevice('coach');
		const consent = { id: randomUUID(), clientId, purpose: 'processing', recipient: null, channel: null, textVersion: '2026-1', method: 'photo', attachmentId: id, givenAt: t.now().toISOString() };
		const r = await pushOne(t, device.token, { kind: 'consent.create', data: consent });
		expect(r).toMatchObject({ status: 'rejected', problem: { code: 'unknown-reference', errors: [expect.objectContaining({ field: 'data.attachmentId', code: 'unknown-reference' })] } });
		expect(t.org.db.select().from(consents).where(eq(consents.id, consent.id)).get()).toBeUndefined();
		// A live attachment of the same client is accepted.
		const live = await stored();
		expect(await pushOne(t, device.token, { kind: 'consent.create', data: { ...consent, attachmentId: live.id } })).toMatchObject({ status: 'applied', entity: 'consent' });
	});
});

describe('leftover upload files', () => {
	it('removes *.part files older than an hour at the store\'s first use, keeps younger ones and stored files', async () => {
		const dir = attachmentDir(t.ctx, t.org.id);
		mkdirSync(dir, { recursive: true });
		const name = () => `${randomUUID()}.${randomBytes(6).toString('hex')}.part`;
		const stale = name();
		const fresh = name();
		const kept = randomUUID();
		for (const f of [stale, fresh, kept]) writeFileSync(join(dir, f), randomBytes(64));
		const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
		utimesSync(join(dir, stale), twoHoursAgo, twoHoursAgo);
		utimesSync(join(dir, kept), twoHoursAgo, twoHoursAgo);
		const res = await upload(jpeg());
		expect(res.status).toBe(201);
		const { id } = AttachmentSchema.parse(await res.json());
		expect(files().sort()).toEqual([fresh, kept, id].sort());
		// Once per organisation and process: a stale file made later waits for the next start.
		const later = name();
		writeFileSync(join(dir, later), randomBytes(8));
		utimesSync(join(dir, later), twoHoursAgo, twoHoursAgo);
		expect((await upload(jpeg())).status).toBe(201);
		expect(files()).toContain(later);
		expect(sweepStaleParts(dir)).toBe(1);
		expect(files()).not.toContain(later);
	});
});

describe('over a real HTTP server (@hono/node-server)', () => {
	let server: ServerType;
	let base: string;
	beforeEach(async () => {
		server = await new Promise<ServerType>((resolve) => {
			const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
		});
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('uploads a file larger than the 1 MB JSON body limit as a chunked stream and downloads it intact', async () => {
		const file = pdf(3 * 1024 * 1024 + 17);
		const id = randomUUID();
		let offset = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (offset >= file.length) return controller.close();
				controller.enqueue(file.subarray(offset, offset + 100_000));
				offset += 100_000;
			}
		});
		const res = await fetch(`${base}/api/clients/${clientId}/attachments`, {
			method: 'POST',
			headers: { cookie: t.sessionCookie('coach'), 'content-type': 'application/pdf', 'x-attachment-id': id, 'x-attachment-kind': 'document' },
			body,
			duplex: 'half'
		} as RequestInit);
		expect(res.status).toBe(201);
		const got = await fetch(`${base}/api/attachments/${id}`, { headers: { cookie: t.sessionCookie('coach') } });
		expect(got.status).toBe(200);
		expect(got.headers.get('content-length')).toBe(String(file.length));
		expect(Buffer.from(await got.arrayBuffer()).equals(file)).toBe(true);
	});

	/** Polls `done` until it holds (a condition, not a delay); fails after `ms`. */
	async function until(done: () => boolean, what: string, ms = 10_000): Promise<void> {
		const deadline = Date.now() + ms;
		while (!done()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	it('an upload cut off mid-way (the client goes away) is a 4xx, never a 500, and leaves no row and no file', async () => {
		const route = '/api/clients/:id/attachments';
		const answered = () =>
			t
				.logs()
				.split('\n')
				.filter((line) => line.includes('"msg":"request"') && line.includes(`"route":"${route}"`))
				.map((line) => (JSON.parse(line) as { status: number }).status);
		const id = randomUUID();
		const first = Buffer.concat([jpeg(), randomBytes(3 * CHUNK_BYTES)]);
		const url = new URL(`${base}/api/clients/${clientId}/attachments`);
		const req = httpRequest({
			host: url.hostname,
			port: url.port,
			path: url.pathname,
			method: 'POST',
			headers: {
				cookie: t.sessionCookie('coach'),
				'content-type': 'image/jpeg',
				'x-attachment-id': id,
				'x-attachment-kind': 'signed-form',
				// Promises more than is ever sent.
				'content-length': String(first.length * 4)
			}
		});
		const ended = new Promise<void>((resolve) => req.on('close', resolve));
		req.on('error', () => undefined);
		req.write(first);
		// The server has the upload under way (its temporary file exists), then the client goes away.
		await until(() => files().some((f) => f.startsWith(id)), 'the upload to start');
		req.destroy();
		await ended;
		await until(() => answered().length > 0, 'the server to finish the request');

		const status = answered()[0] ?? 0;
		expect(status).toBeGreaterThanOrEqual(400);
		expect(status).toBeLessThan(500);
		expect(t.logs()).not.toContain('unhandled error');
		expect(rows()).toEqual([]);
		expect(files()).toEqual([]);
		expect(audits('attachment.create', id)).toEqual([]);
	});

	it('refuses a declared oversize upload with 413 before the body is read; other JSON routes keep the 1 MB limit', async () => {
		const res = await fetch(`${base}/api/clients/${clientId}/attachments`, {
			method: 'POST',
			headers: { cookie: t.sessionCookie('coach'), 'content-type': 'application/pdf', 'x-attachment-id': randomUUID(), 'x-attachment-kind': 'document' },
			body: pdf(ATTACHMENT_MAX_BYTES + 1)
		});
		expect(res.status).toBe(413);
		expect(ProblemSchema.parse(await res.json()).errors).toEqual([expect.objectContaining({ field: 'file', code: 'too-large' })]);
		const json = await fetch(`${base}/api/code-lists/housing`, {
			method: 'PUT',
			headers: { cookie: t.sessionCookie('admin'), 'content-type': 'application/json' },
			body: JSON.stringify({ hidden: [], local: [], pad: 'x'.repeat(1024 * 1024) })
		});
		expect(json.status).toBe(413);
		expect(rows()).toEqual([]);
		expect(files()).toEqual([]);
	});
});
