package dev.sagebox.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code sagebox images ...} in-process and keeps its exit code, stdout and stderr. */
record ImagesRun(int exitCode, String stdout, String stderr) {
    static ImagesRun of(String... args) {
        return withStdin(null, args);
    }

    /** With {@code stdin} as the process's standard input, for {@code --password-stdin}. */
    static ImagesRun withStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SageboxCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        InputStream original = System.in;
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            String[] full = new String[args.length + 1];
            full[0] = "images";
            System.arraycopy(args, 0, full, 1, args.length);
            int code = command.execute(full);
            return new ImagesRun(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
