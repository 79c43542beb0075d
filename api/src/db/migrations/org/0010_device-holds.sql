CREATE TABLE `held_mutations` (
	`id` text PRIMARY KEY NOT NULL,
	`mutation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`schema_version` integer NOT NULL,
	`envelope` text NOT NULL,
	`reason` text NOT NULL,
	`received_at` text NOT NULL,
	`status` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`problem` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `held_mutations_mutationId_unique` ON `held_mutations` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `held_mutations_user_idx` ON `held_mutations` (`user_id`,`received_at`);--> statement-breakpoint
ALTER TABLE `devices` ADD `revoked_reason` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `token_issued_at` text;--> statement-breakpoint
UPDATE `devices` SET `token_issued_at` = `created_at`;--> statement-breakpoint
UPDATE `devices` SET `revoked_reason` = 'revoked' WHERE `revoked_at` IS NOT NULL;