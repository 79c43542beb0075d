import { z } from 'zod';

/** Client- or server-made UUID (v4 or v7). */
export const IdSchema = z.uuid();
/** ISO 8601 timestamp with offset, as the API always sends them. */
export const TimestampSchema = z.iso.datetime({ offset: true });
export const LocaleSchema = z.enum(['fi', 'sv', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;
/** Organisation slugs appear in logins and file names: lowercase letters, digits and dashes. */
export const SlugSchema = z
	.string()
	.min(2)
	.max(40)
	.regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and dashes');
export const UsernameSchema = z
	.string()
	.min(2)
	.max(64)
	.regex(/^[a-z0-9._-]+$/, 'lowercase letters, digits, dot, dash and underscore');
/** Long passphrases welcome; argon2 handles the length, the cap keeps hashing bounded. */
export const PasswordSchema = z.string().min(12).max(256);
