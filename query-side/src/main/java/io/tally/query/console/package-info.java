/**
 * The console: server-rendered pages for the people who use Tally (analysts, auditors, operators)
 * under {@code /console}. It signs people in (authorization code + PKCE against the identity
 * provider; in dev mode an account per role), keeps them in a session that ends when their token
 * does, and holds no business logic: each feature's console page asks the same query handlers
 * and services its API does, under the same role matrix.
 */
package io.tally.query.console;
