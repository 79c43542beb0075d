-- `disadvantage_declined` moves into the encrypted `disadvantages` token, which SQL cannot write: the
-- ids of the participations that declined wait here until the organisation is next opened with its
-- keys (db/org-data-upgrade.ts folds the flag in, rewrites every old token and drops this table).
CREATE TABLE `esf_declined_upgrade` (`id` text PRIMARY KEY NOT NULL);--> statement-breakpoint
INSERT INTO `esf_declined_upgrade` (`id`) SELECT `id` FROM `esf_participations` WHERE `disadvantage_declined` = 1;--> statement-breakpoint
ALTER TABLE `esf_participations` DROP COLUMN `disadvantage_declined`;
