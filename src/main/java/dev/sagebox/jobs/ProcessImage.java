package dev.sagebox.jobs;

import java.nio.file.Path;

/**
 * What an image means to the process runtime: a {@code directory} holding the image's {@code train} (and
 * {@code serve}) executables, and/or a {@code python} interpreter (or venv's python) for script mode. An entry with
 * neither is script mode with {@code sagebox.process.python}.
 *
 * @param image     an exact image URI or a glob ({@code *} any run of characters, {@code ?} one)
 * @param directory a BYO directory, or null
 * @param python    the script-mode interpreter, or null
 */
public record ProcessImage(String image, String directory, String python) {
    public boolean matches(String uri) {
        StringBuilder regex = new StringBuilder();
        for (char c : image.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return uri.matches(regex.toString());
    }

    /** Kind (a) of CONTRACTS §4.4: script mode applies, with {@code python} or the default interpreter. */
    public boolean isScriptMode() {
        return python != null || directory == null;
    }

    /** The BYO program for a job kind ({@code train} or {@code serve}), or null without a directory. */
    public Path program(String name) {
        return directory == null ? null : Path.of(directory).resolve(name);
    }
}
