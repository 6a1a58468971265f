package dev.eddy.storage;

/** A storage operation could not be carried out. Subclasses name the causes a caller acts on. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The shard was sealed; it takes no more appends. */
    public static final class SealedException extends StorageException {
        public SealedException(String shard) {
            super("shard " + shard + " is sealed");
        }
    }

    /** The shard was deleted (or never existed in this store). */
    public static final class ShardDeletedException extends StorageException {
        public ShardDeletedException(String shard) {
            super("shard " + shard + " does not exist");
        }
    }

    /** The store is closed or has failed and takes no more writes until it is reopened. */
    public static final class UnavailableException extends StorageException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
