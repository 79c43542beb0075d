import type { Context } from 'hono';

/** A file the API hands out: bytes (or a stream of a known size), its type and a name without personal data. */
export type DownloadFile = {
	body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
	size: number;
	contentType: string;
	filename: string;
};

/** The file as a download: never cached, never sniffed, saved under its name. */
export function sendDownload(c: Context, file: DownloadFile): Response {
	return c.body(file.body, 200, {
		'Content-Type': file.contentType,
		'Content-Length': String(file.size),
		'Content-Disposition': `attachment; filename="${file.filename}"`,
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff'
	});
}

/** Bytes made in memory (an export) as a download. */
export function sendBytes(c: Context, file: { body: Uint8Array<ArrayBuffer>; contentType: string; filename: string }): Response {
	return sendDownload(c, { ...file, size: file.body.byteLength });
}
