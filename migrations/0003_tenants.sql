-- Tenants: rows written before them are the open tenant's (the copies below set it; drizzle-kit wrote the
-- old tables' missing column, which SQLite would have read as the string "tenant").
DROP INDEX `batches_created_idx`;--> statement-breakpoint
ALTER TABLE `batches` ADD `tenant` text DEFAULT 'public' NOT NULL;--> statement-breakpoint
CREATE INDEX `batches_tenant_created_idx` ON `batches` (`tenant`,`created_at`,`batch_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_judgment_shadows` (
	`tenant` text DEFAULT 'public' NOT NULL,
	`cell_id` text NOT NULL,
	`candidate_profile` text NOT NULL,
	`candidate_cell_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant`, `cell_id`, `candidate_profile`)
);
--> statement-breakpoint
INSERT INTO `__new_judgment_shadows`("tenant", "cell_id", "candidate_profile", "candidate_cell_id", "created_at") SELECT 'public', "cell_id", "candidate_profile", "candidate_cell_id", "created_at" FROM `judgment_shadows`;--> statement-breakpoint
DROP TABLE `judgment_shadows`;--> statement-breakpoint
ALTER TABLE `__new_judgment_shadows` RENAME TO `judgment_shadows`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `judgment_shadows_tenant_profile_idx` ON `judgment_shadows` (`tenant`,`candidate_profile`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_judgments` (
	`tenant` text DEFAULT 'public' NOT NULL,
	`cell_id` text NOT NULL,
	`judgment_id` text NOT NULL,
	`status` text NOT NULL,
	`content_digest` text NOT NULL,
	`rubric_id` text NOT NULL,
	`rubric_version` integer NOT NULL,
	`reality` text,
	`judge_profile` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`q_score` real,
	`verdict` text,
	`confidence` real,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`error_code` text,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant`, `cell_id`)
);
--> statement-breakpoint
INSERT INTO `__new_judgments`("tenant", "cell_id", "judgment_id", "status", "content_digest", "rubric_id", "rubric_version", "reality", "judge_profile", "provider", "model", "q_score", "verdict", "confidence", "llm_calls", "input_tokens", "output_tokens", "cost_usd", "error_code", "document", "created_at", "completed_at", "updated_at") SELECT 'public', "cell_id", "judgment_id", "status", "content_digest", "rubric_id", "rubric_version", "reality", "judge_profile", "provider", "model", "q_score", "verdict", "confidence", "llm_calls", "input_tokens", "output_tokens", "cost_usd", "error_code", "document", "created_at", "completed_at", "updated_at" FROM `judgments`;--> statement-breakpoint
DROP TABLE `judgments`;--> statement-breakpoint
ALTER TABLE `__new_judgments` RENAME TO `judgments`;--> statement-breakpoint
CREATE INDEX `judgments_tenant_created_idx` ON `judgments` (`tenant`,`created_at`,`cell_id`);--> statement-breakpoint
CREATE INDEX `judgments_tenant_verdict_created_idx` ON `judgments` (`tenant`,`verdict`,`created_at`,`cell_id`);--> statement-breakpoint
CREATE INDEX `judgments_tenant_reality_created_idx` ON `judgments` (`tenant`,`reality`,`created_at`,`cell_id`);--> statement-breakpoint
CREATE INDEX `judgments_status_updated_idx` ON `judgments` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `__new_dimension_scores` (
	`tenant` text DEFAULT 'public' NOT NULL,
	`cell_id` text NOT NULL,
	`dimension` text NOT NULL,
	`judgment_id` text NOT NULL,
	`axiom` text NOT NULL,
	`status` text NOT NULL,
	`score` real,
	`rationale` text,
	`error` text,
	PRIMARY KEY(`tenant`, `cell_id`, `dimension`)
);
--> statement-breakpoint
INSERT INTO `__new_dimension_scores`("tenant", "cell_id", "dimension", "judgment_id", "axiom", "status", "score", "rationale", "error") SELECT 'public', "cell_id", "dimension", "judgment_id", "axiom", "status", "score", "rationale", "error" FROM `dimension_scores`;--> statement-breakpoint
DROP TABLE `dimension_scores`;--> statement-breakpoint
ALTER TABLE `__new_dimension_scores` RENAME TO `dimension_scores`;--> statement-breakpoint
CREATE TABLE `__new_rubrics` (
	`tenant` text DEFAULT 'public' NOT NULL,
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`digest` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant`, `id`, `version`)
);
--> statement-breakpoint
INSERT INTO `__new_rubrics`("tenant", "id", "version", "definition", "digest", "created_at") SELECT 'public', "id", "version", "definition", "digest", "created_at" FROM `rubrics`;--> statement-breakpoint
DROP TABLE `rubrics`;--> statement-breakpoint
ALTER TABLE `__new_rubrics` RENAME TO `rubrics`;