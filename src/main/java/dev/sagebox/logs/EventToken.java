package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GetLogEvents token: {@code f/<position>} reads forward from the event at that position, {@code b/<position>}
 * reads backward from just before it. A position is an event's sequence number within its stream, written with 20
 * digits, so a token stays valid however many events arrive after it.
 *
 * @param forward  the direction a page read with this token goes
 * @param position the first sequence number read forward, or one past the last read backward
 */
record EventToken(boolean forward, long position) {
    private static final Pattern FORMAT = Pattern.compile("([fb])/(\\d{1,20})");

    EventToken {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
    }

    static EventToken forward(long position) {
        return new EventToken(true, position);
    }

    static EventToken backward(long position) {
        return new EventToken(false, position);
    }

    /** Reads a token a client sent back; anything else is the InvalidParameterException AWS answers. */
    static EventToken parse(String token) {
        Matcher matcher = FORMAT.matcher(token);
        if (!matcher.matches()) {
            throw invalid();
        }
        long position;
        try {
            position = Long.parseLong(matcher.group(2));
        } catch (NumberFormatException e) {
            throw invalid();
        }
        return new EventToken(matcher.group(1).equals("f"), position);
    }

    private static RuntimeException invalid() {
        return LogsError.INVALID_PARAMETER.exception("The specified nextToken is invalid.");
    }

    @Override
    public String toString() {
        return (forward ? "f/" : "b/") + String.format("%020d", position);
    }
}
