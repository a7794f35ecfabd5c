package io.tally.query.console;

import io.tally.api.common.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import org.springframework.stereotype.Component;

/** How the console writes money, times and hashes; the templates call it as {@code @consoleFormat}. */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** {@code 1999 EUR} as {@code 19.99 EUR}: exact, from minor units, never through floating point. */
    public String money(Money money) {
        if (money == null) {
            return "";
        }
        int digits = Math.max(0, Currency.getInstance(money.currency()).getDefaultFractionDigits());
        return BigDecimal.valueOf(money.amount(), digits).toPlainString() + " " + money.currency();
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    public String time(String instant) {
        if (instant == null || instant.isBlank()) {
            return "";
        }
        try {
            return time(Instant.parse(instant));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }

    /** The first 12 characters of a hash, enough to tell two apart on a page; the full one in its title. */
    public String hash(String hash) {
        return hash == null ? "" : hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }

    /** Seconds as {@code 1 h 4 min}, {@code 3 min 20 s} or {@code 12 s}. */
    public String duration(Long seconds) {
        if (seconds == null) {
            return "";
        }
        Duration d = Duration.ofSeconds(seconds);
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toSeconds() + " s";
    }

    public long percent(double fraction) {
        return Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    }
}
