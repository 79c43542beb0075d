/**
 * Tests only: the text of a PDF as poppler's `pdftotext` reads it (Debian poppler-utils), with the
 * layout kept so a table row stays on one line. Proves the text of a rendered PDF is really there,
 * not only in the document definition.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PDFTOTEXT = '/usr/bin/pdftotext';

export function pdfText(pdf: Buffer | Uint8Array): string {
	const dir = mkdtempSync(join(tmpdir(), 'polku-pdf-'));
	try {
		const file = join(dir, 'report.pdf');
		writeFileSync(file, pdf);
		return execFileSync(PDFTOTEXT, ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
