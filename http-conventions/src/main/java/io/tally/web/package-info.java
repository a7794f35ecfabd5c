/**
 * The HTTP conventions both services share, as one Spring Boot auto-configuration. Uses Spring web
 * and security; knows nothing of Axon or the domain.
 */
package io.tally.web;
