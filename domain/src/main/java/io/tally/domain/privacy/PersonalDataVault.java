package io.tally.domain.privacy;

/**
 * Where the aggregates seal a customer's personal data before it goes into an event: the text that
 * is stored is only readable while the customer's data key exists (command-side implements it with
 * {@code io.tally.axon.privacy.PersonalData}).
 */
public interface PersonalDataVault {

    /** The values sealed with the customer's key, in the same order (null stays null). */
    java.util.List<String> seal(String customerId, java.util.List<String> values);
}
