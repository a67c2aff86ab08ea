package dev.sagebox.objectstore;

/** How a stored checksum covers the object: the whole byte stream, or (multipart only) the parts' checksums. */
public enum ChecksumType {
    FULL_OBJECT,
    COMPOSITE;

    /** The type for a wire value, or null when absent or unknown. */
    public static ChecksumType fromName(String name) {
        if (name == null) {
            return null;
        }
        for (ChecksumType type : values()) {
            if (type.name().equalsIgnoreCase(name.trim())) {
                return type;
            }
        }
        return null;
    }
}
