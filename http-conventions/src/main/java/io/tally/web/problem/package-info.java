/**
 * Errors as RFC 9457 problem+json: the types, the exception handler, Tomcat's and Spring's error
 * pages, the store-unavailable (503) classification.
 */
package io.tally.web.problem;
