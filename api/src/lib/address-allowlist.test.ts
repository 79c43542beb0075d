import { describe, expect, it } from 'vitest';
import { addressAllowed } from './address-allowlist';

describe(addressAllowed.name, () => {
	it('allows any address, even an unknown one, when the list is empty', () => {
		expect(addressAllowed([], '198.51.100.1')).toBe(true);
		expect(addressAllowed([], null)).toBe(true);
	});

	it('matches IPv4 addresses and ranges', () => {
		const list = ['203.0.113.10', '10.0.0.0/8'];
		expect(addressAllowed(list, '203.0.113.10')).toBe(true);
		expect(addressAllowed(list, '203.0.113.11')).toBe(false);
		expect(addressAllowed(list, '10.200.3.4')).toBe(true);
		expect(addressAllowed(list, '11.0.0.1')).toBe(false);
	});

	it('matches IPv6 addresses and ranges', () => {
		const list = ['2001:db8::/32', '::1'];
		expect(addressAllowed(list, '2001:db8:abcd::7')).toBe(true);
		expect(addressAllowed(list, '2001:db9::1')).toBe(false);
		expect(addressAllowed(list, '::1')).toBe(true);
		expect(addressAllowed(list, 'fe80::1%eth0')).toBe(false);
		expect(addressAllowed(['fe80::/10'], 'fe80::1%eth0')).toBe(true);
	});

	it('treats IPv4-mapped IPv6 forms as the IPv4 address, in the list and in the request', () => {
		expect(addressAllowed(['::ffff:10.0.0.1'], '10.0.0.1')).toBe(true);
		expect(addressAllowed(['10.0.0.0/24'], '::ffff:10.0.0.9')).toBe(true);
		expect(addressAllowed(['::ffff:10.0.0.0/120'], '10.0.0.200')).toBe(true);
		expect(addressAllowed(['::ffff:10.0.0.0/120'], '10.0.1.1')).toBe(false);
	});

	it('refuses an unknown or malformed address when there is a list, and skips malformed entries', () => {
		expect(addressAllowed(['10.0.0.0/8'], null)).toBe(false);
		expect(addressAllowed(['10.0.0.0/8'], 'not-an-address')).toBe(false);
		expect(addressAllowed(['nonsense', '10.0.0.0/99', '192.0.2.1'], '192.0.2.1')).toBe(true);
		expect(addressAllowed(['nonsense'], '192.0.2.1')).toBe(false);
	});
});
