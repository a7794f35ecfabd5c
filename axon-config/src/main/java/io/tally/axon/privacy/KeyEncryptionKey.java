package io.tally.axon.privacy;

/**
 * Wraps the customers' data keys before they go into PostgreSQL, and unwraps them when read: the
 * key-encryption key itself never sits in the database, so a dump, a backup, a replica or a WAL
 * archive of it alone opens no personal data. The default is a local AES key from a file or the
 * environment ({@link LocalKeyEncryptionKey}); a KMS plugs in here (wrap and unwrap are its calls).
 */
public interface KeyEncryptionKey {

    /** The data key wrapped, bound to its key id. */
    byte[] wrap(String keyId, byte[] dataKey);

    /** The data key; fails when {@code wrapped} was not wrapped by this key for this key id. */
    byte[] unwrap(String keyId, byte[] wrapped);
}
