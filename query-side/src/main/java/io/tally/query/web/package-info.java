/**
 * The query side's HTTP specifics: security rules, paging and sorting parameters, waiting on the
 * query bus.
 */
package io.tally.query.web;
