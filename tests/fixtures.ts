/**
 * The shared test fixture. Every test gets:
 * - `a11y.check()`: axe (WCAG 2.0/2.1 A and AA) on the page as it is now; page models call it
 *   whenever they arrive on a page, and the fixture runs it once more on the final page of every
 *   test. Any violation fails the test.
 * - a console watch: any "Content Security Policy" error, and any uncaught page error, fails the
 *   test. The API sends `script-src 'self'; style-src 'self'` with no 'unsafe-inline', so this is
 *   where an inline script or style would show up.
 * - `demo`: the demo organisation's users and their password for this run.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = process.env.POLKU_E2E_DEMO_PASSWORD ?? '';
export const ORGANISATION = 'demo';
/**
 * The demo's outreach unit, where its workers and clients are (the demo also has an outreach unit of
 * statistical history, "Esimerkkihistoria", that only the supervisor is attached to).
 */
export const DEMO_OUTREACH_UNIT = 'Etsivä nuorisotyö';

export const DEMO_USERS = {
	admin: { username: 'admin', displayName: 'Aino Admin' },
	supervisor: { username: 'supervisor', displayName: 'Ville Vastaava' },
	coach: { username: 'coach', displayName: 'Kaisa Valmentaja' },
	worker: { username: 'worker', displayName: 'Eetu Etsivä' }
} as const;
export type DemoUser = keyof typeof DEMO_USERS;

/**
 * Page states axe has already passed in this worker, keyed by viewport, URL and the exact DOM.
 * The same DOM at the same size gives the same result, and axe costs about a second per run on
 * these machines, so an identical state (the login page every test starts from, the final page
 * that a page model already checked) is not analysed twice.
 */
const passedStates = new Set<string>();

export class A11y {
	readonly checkedPaths = new Set<string>();
	constructor(private readonly page: Page) {}

	/** Runs axe on the page as it is now and fails on any violation. */
	async check(label = ''): Promise<void> {
		const html = await this.page.evaluate(() => document.documentElement.outerHTML);
		const size = this.page.viewportSize();
		const key = createHash('sha256')
			.update(`${size?.width}x${size?.height}|${this.page.url()}|${html}`)
			.digest('hex');
		if (passedStates.has(key)) {
			this.checkedPaths.add(new URL(this.page.url()).pathname);
			return;
		}
		const results = await new AxeBuilder({ page: this.page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze();
		const path = new URL(this.page.url()).pathname;
		this.checkedPaths.add(path);
		const summary = results.violations.map(
			(v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
		);
		expect(summary, `axe violations on ${path}${label ? ` (${label})` : ''}`).toEqual([]);
		passedStates.add(key);
	}
}

/** Console and page errors that fail a test. */
export class PageErrors {
	readonly csp: string[] = [];
	readonly uncaught: string[] = [];

	watch(page: Page) {
		page.on('console', (message) => {
			if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) this.csp.push(message.text());
		});
		page.on('pageerror', (error) => this.uncaught.push(error.message));
	}

	expectNone() {
		expect(this.csp, 'Content Security Policy violations in the console').toEqual([]);
		expect(this.uncaught, 'uncaught errors in the page').toEqual([]);
	}
}

type Fixtures = {
	a11y: A11y;
	pageErrors: PageErrors;
};

export const test = base.extend<Fixtures>({
	// Both are automatic: every test is watched and checked, whether it names them or not.
	pageErrors: [
		async ({ page }, use) => {
			const errors = new PageErrors();
			errors.watch(page);
			await use(errors);
			errors.expectNone();
		},
		{ auto: true }
	],
	a11y: [
		async ({ page }, use) => {
			const a11y = new A11y(page);
			await use(a11y);
			// The page the test ended on, whatever state it is in (unless the page is gone).
			if (!page.isClosed() && page.url().startsWith('http')) await a11y.check('end of test');
		},
		{ auto: true }
	]
});

export { expect };

/** A name no other test (or worker, or project) uses. */
export function uniqueName(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
