-- Migration 0003: the matching profile (app/match, docs/adr/0006 and 0007). Drafted with
-- `npm run db:migrate -- --draft match_profiles` (drizzle-kit plus the drafted comments) and
-- reviewed: one new enum and one new table, no change to existing rows, so
-- no backfill and no lock on a populated table. The new permissions are seed rows of
-- db/schema.sql, applied after every migration run.
-- Checked: db/migrations + this draft reproduce db/schema.sql exactly.
CREATE TYPE "public"."remote_preference" AS ENUM('remote', 'onsite', 'any');
CREATE TABLE "seeker_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"headline" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"desired_locations" text[] DEFAULT '{}'::text[] NOT NULL,
	"remote_preference" "remote_preference" DEFAULT 'any' NOT NULL,
	"employment_types" "employment_type"[] DEFAULT '{}'::employment_type[] NOT NULL,
	"salary_min" integer,
	"salary_max" integer,
	"currency" char(3),
	"embedding" real[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seeker_profiles_check" CHECK ((updated_at >= created_at)),
	CONSTRAINT "seeker_profiles_currency_check" CHECK ((currency ~ '^[A-Z]{3}$'::text)),
	CONSTRAINT "seeker_profiles_currency_with_salary_check" CHECK ((((salary_min IS NULL) AND (salary_max IS NULL)) OR (currency IS NOT NULL))),
	CONSTRAINT "seeker_profiles_desired_locations_check" CHECK (((cardinality(desired_locations) <= 10) AND (array_position(desired_locations, NULL::text) IS NULL))),
	CONSTRAINT "seeker_profiles_embedding_check" CHECK (((embedding IS NULL) OR ((array_ndims(embedding) = 1) AND ((cardinality(embedding) >= 1) AND (cardinality(embedding) <= 4096))))),
	CONSTRAINT "seeker_profiles_employment_types_check" CHECK (((cardinality(employment_types) <= 5) AND (array_position(employment_types, NULL::employment_type) IS NULL))),
	CONSTRAINT "seeker_profiles_headline_check" CHECK ((char_length(headline) <= 200)),
	CONSTRAINT "seeker_profiles_salary_max_check" CHECK (((salary_max >= 0) AND (salary_max <= 1000000000))),
	CONSTRAINT "seeker_profiles_salary_min_check" CHECK (((salary_min >= 0) AND (salary_min <= 1000000000))),
	CONSTRAINT "seeker_profiles_salary_range_check" CHECK ((salary_min <= salary_max)),
	CONSTRAINT "seeker_profiles_skills_check" CHECK (((cardinality(skills) <= 20) AND (array_position(skills, NULL::text) IS NULL)))
);
ALTER TABLE "seeker_profiles" ADD CONSTRAINT "seeker_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
COMMENT ON TABLE "seeker_profiles" IS 'A job seeker''s matching profile, one per user, read and written only by its owner (getMyProfile, putMyProfile); scored against jobs by app/match.';
COMMENT ON COLUMN "seeker_profiles"."skills" IS 'Compared with jobs.tags exactly (same spelling as a job tag); each match is weighted by the rarity of the tag among published jobs.';
COMMENT ON COLUMN "seeker_profiles"."desired_locations" IS 'Case-insensitive substrings matched against jobs.location.';
COMMENT ON COLUMN "seeker_profiles"."employment_types" IS 'Only jobs of these types are recommended; empty means any.';
COMMENT ON COLUMN "seeker_profiles"."salary_min" IS 'Expected yearly gross in whole units of currency; salary_min <= salary_max.';
COMMENT ON COLUMN "seeker_profiles"."embedding" IS 'Reserved for the embedding matcher of the next phase (docs/adr/0006); not written or read by the API yet.';
