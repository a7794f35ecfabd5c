/**
 * JWT resource-server security: issuer or key, the roles claim, the verified-token cache, 401/403
 * as problems.
 */
package io.tally.web.security;
