/**
 * The one spelling of an email address the app stores, compares and looks up: trimmed
 * and lower-cased. db/schema.sql enforces the same rule (users_email_normalised_check,
 * `email = lower(btrim(email))`), so `eq(users.email, normaliseEmail(x))` is an equality
 * lookup on the unique index users_email_key rather than a scan.
 *
 * Lower-casing the local part is deliberate: RFC 5321 lets it be case-sensitive, but no
 * mailbox provider relies on that, and the API has always promised case-insensitive
 * emails (one account per address in any casing, login in any casing).
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
