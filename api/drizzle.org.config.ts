import { defineConfig } from 'drizzle-kit';

/** Schema of each organisation's own SQLite file. */
export default defineConfig({
	dialect: 'sqlite',
	schema: './src/db/schema.ts',
	out: './src/db/migrations/org',
	casing: 'snake_case'
});
