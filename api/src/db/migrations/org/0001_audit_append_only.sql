-- The audit log is append-only (DESIGN.md, Privacy duties): refuse every UPDATE and DELETE.
-- The hash chain (services/audit.service.ts) detects changes made by someone who drops these.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
