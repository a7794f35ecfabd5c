/**
 * The command side's HTTP specifics: security rules, If-Match, money and currency bodies, domain
 * refusals as problems.
 */
package io.tally.command.web;
