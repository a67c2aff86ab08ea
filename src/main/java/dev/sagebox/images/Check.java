package dev.sagebox.images;

/**
 * One line of {@code sagebox images doctor}'s checklist.
 *
 * @param ok        whether this part is ready
 * @param required  whether a failure here makes the machine not ready (false: shown for information)
 * @param label     what was checked, with what was found
 * @param hint      what to do when it failed, or null
 */
public record Check(boolean ok, boolean required, String label, String hint) {
    public static Check pass(String label) {
        return new Check(true, true, label, null);
    }

    public static Check fail(String label, String hint) {
        return new Check(false, true, label, hint);
    }

    public static Check note(String label, String hint) {
        return new Check(false, false, label, hint);
    }

    public boolean blocks() {
        return !ok && required;
    }
}
