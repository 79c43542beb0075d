/**
 * Vitest global setup: compile the Paraglide messages before any test imports them, so that
 * `npx vitest run` works on a fresh checkout. A child process, because the inlang SDK keeps a
 * handle open for a while after compiling (see compile-i18n.js).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
	execFileSync(process.execPath, [fileURLToPath(new URL('./compile-i18n.js', import.meta.url))], { stdio: 'inherit' });
}
