import { describe, expect, it } from 'vitest';
import { findMessageProblems, loadMessages } from '../../../scripts/check-messages.js';

describe('translations', () => {
	const { baseLocale, locales, messages } = loadMessages();

	it('cover Finnish, Swedish and English with Finnish as the base', () => {
		expect(baseLocale).toBe('fi');
		expect(locales).toEqual(['fi', 'sv', 'en']);
	});

	it('have every key in every locale, none empty, with the same parameters', () => {
		expect(findMessageProblems()).toEqual([]);
	});

	it('have the same key set in all three locales', () => {
		const keys = (locale: string) => Object.keys(messages[locale] ?? {}).sort();
		expect(keys('sv')).toEqual(keys('fi'));
		expect(keys('en')).toEqual(keys('fi'));
		expect(keys('fi').length).toBeGreaterThan(50);
	});

	it('are really translated, not copied from Finnish, apart from names', () => {
		const same = Object.keys(messages.fi ?? {}).filter((key) => messages.fi?.[key] === messages.en?.[key]);
		expect(same.sort()).toEqual(['app_name', 'language_name_en', 'language_name_fi', 'language_name_sv']);
	});
});
