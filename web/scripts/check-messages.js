/**
 * Every message must exist, non-empty and with the same parameters, in every locale of
 * project.inlang/settings.json. Paraglide would otherwise fall back to Finnish without a word
 * (STACK.md G9), so vite.config.ts calls `assertMessagesComplete()` and the build fails instead.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ baseLocale: string, locales: string[], messages: Record<string, Record<string, string>> }} */
export function loadMessages() {
	const settings = JSON.parse(readFileSync(join(webDir, 'project.inlang', 'settings.json'), 'utf8'));
	/** @type {Record<string, Record<string, string>>} */
	const messages = {};
	for (const locale of settings.locales) {
		const raw = JSON.parse(readFileSync(join(webDir, 'messages', `${locale}.json`), 'utf8'));
		delete raw.$schema;
		messages[locale] = raw;
	}
	return { baseLocale: settings.baseLocale, locales: settings.locales, messages };
}

/** @param {string} text */
function parameters(text) {
	return [...text.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)].map((m) => m[1]).sort();
}

/** @returns {string[]} one line per problem; empty when every locale is complete */
export function findMessageProblems() {
	const { baseLocale, locales, messages } = loadMessages();
	const problems = [];
	const allKeys = new Set(locales.flatMap((l) => Object.keys(messages[l] ?? {})));
	for (const key of [...allKeys].sort()) {
		if (!/^[a-z][a-z0-9_]*$/.test(key)) problems.push(`${key}: keys are snake_case`);
		const baseParams = parameters(messages[baseLocale]?.[key] ?? '').join(',');
		for (const locale of locales) {
			const text = messages[locale]?.[key];
			if (typeof text !== 'string') problems.push(`${locale}: ${key} is missing`);
			else if (text.trim() === '') problems.push(`${locale}: ${key} is empty`);
			else if (parameters(text).join(',') !== baseParams) {
				problems.push(`${locale}: ${key} has parameters {${parameters(text)}} but ${baseLocale} has {${baseParams}}`);
			}
		}
	}
	return problems;
}

export function assertMessagesComplete() {
	const problems = findMessageProblems();
	if (problems.length > 0) {
		throw new Error(`Translations are incomplete:\n  ${problems.join('\n  ')}`);
	}
}
