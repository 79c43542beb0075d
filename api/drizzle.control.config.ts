import { defineConfig } from 'drizzle-kit';

/** Schema of the control database (organisations, settings, audit anchors). */
export default defineConfig({
	dialect: 'sqlite',
	schema: './src/db/control-schema.ts',
	out: './src/db/migrations/control',
	casing: 'snake_case'
});
