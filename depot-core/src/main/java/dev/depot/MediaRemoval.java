package dev.depot;

/**
 * What a pruning call of {@link MediaLibrary} removed.
 *
 * @param records records affected (whose files were removed, or removed with their files)
 * @param objects objects deleted
 * @param bytes   their recorded bytes
 */
public record MediaRemoval(long records, long objects, long bytes) {
}
