-- Migration 0002: users.token_generation (POL-A-005). Access tokens carry the generation
-- they were issued under; raising it voids every older token without comparing clocks, so
-- tokens issued in the same second as a role change are no longer refused.
-- Adding a NOT NULL column with a constant default is a catalog-only change in
-- PostgreSQL 11+ (no table rewrite); existing users start at generation 0, which is also
-- what tokens issued before this migration (without a gen claim) count as.

ALTER TABLE users
  ADD COLUMN token_generation integer NOT NULL DEFAULT 0 CHECK (token_generation >= 0);

COMMENT ON COLUMN users.token_generation IS 'POL-A-005: access tokens carry the generation they were issued under (claim gen); raising it (role change, suspension, logout everywhere, password change) voids every older token, exactly, with no clock comparison.';
