/**
 * The web app's own messages, so that tests find things by the text people see in each language
 * without copying it. `t.fi.login_submit` is "Kirjaudu".
 */
import { readFileSync } from 'node:fs';

/** Keys of the Finnish (base) messages; the web app's unit tests keep the other locales complete. */
export type MessageKey = Exclude<keyof typeof import('../web/messages/fi.json'), '$schema'>;
type Messages = Record<MessageKey, string>;

function load(locale: 'fi' | 'sv' | 'en'): Messages {
	return JSON.parse(readFileSync(new URL(`../web/messages/${locale}.json`, import.meta.url), 'utf8')) as Messages;
}

function strict(messages: Messages): Messages {
	return new Proxy(messages, {
		get(target, key: string) {
			const value = target[key as MessageKey];
			if (value === undefined) throw new Error(`no message "${key}"`);
			return value;
		}
	});
}

export const t = { fi: strict(load('fi')), sv: strict(load('sv')), en: strict(load('en')) };
export const fi = t.fi;

/** Fills `{name}` style parameters. */
export function fill(text: string, params: Record<string, string>): string {
	return text.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? `{${key}}`);
}
