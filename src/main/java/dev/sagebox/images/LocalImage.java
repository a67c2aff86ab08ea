package dev.sagebox.images;

import java.util.List;

/**
 * An image the engine holds.
 *
 * @param id     the image id ({@code sha256:...})
 * @param names  its {@code repo:tag} names (empty for a dangling image)
 * @param size   its size in bytes
 */
public record LocalImage(String id, List<String> names, long size) {
}
