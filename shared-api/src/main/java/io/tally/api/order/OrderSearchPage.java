package io.tally.api.order;

import java.util.List;
import java.util.Map;

/** A page of search results; {@code facets} counts every match (not just this page) by status and currency. */
public record OrderSearchPage(
        List<OrderSearchHit> items, int page, int size, long total, Map<String, Map<String, Long>> facets) {}
