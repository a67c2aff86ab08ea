package dev.sagebox.cli;

import dev.sagebox.images.EcrLogin;
import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.ImageNames;
import dev.sagebox.images.ProgressBar;
import dev.sagebox.images.PullProgress;
import dev.sagebox.images.RegistryAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sagebox images pull}: fetches images into the local engine while online. ECR images log in with the user's
 * AWS credentials; other registries take {@code --username} with {@code --password-stdin}, or none.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pull images into the local Docker engine (needs the network; ECR logs in with your AWS "
                + "credentials).")
final class ImagesPullCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "URI", description = "Image URIs, e.g. the output of images resolve.")
    List<String> uris;

    @Option(names = "--username", paramLabel = "USER", description = "Registry user for non-ECR registries.")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password from the first line of stdin.")
    boolean passwordStdin;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "AWS profile for ECR (default: the default credential chain).")
    String profile;

    @Mixin
    ImagesOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (passwordStdin && username == null) {
            return ImagesCommand.fail(err, "--password-stdin needs --username");
        }
        String password;
        try {
            password = passwordStdin ? readPassword() : null;
        } catch (IOException e) {
            return ImagesCommand.fail(err, "cannot read the password from stdin: " + e.getMessage());
        }
        try (ImageEngine engine = options.engine(options.config())) {
            engine.ping();
            for (String uri : uris) {
                RegistryAuth auth = auth(uri, password);
                out.println("Pulling " + uri + (auth == null ? "" : " as " + auth.username()));
                out.flush();
                PullProgress progress = new PullProgress(new ProgressBar(err, "  ", ImagesCommand.isTerminal()));
                try {
                    engine.pull(uri, auth, progress);
                } catch (IOException e) {
                    return ImagesCommand.fail(err, "cannot pull " + uri + ": " + e.getMessage() + hint(uri, auth));
                }
                progress.finish();
                out.println("Pulled " + ImageNames.withTag(uri));
                out.flush();
            }
            return 0;
        } catch (IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
    }

    private RegistryAuth auth(String uri, String password) throws IOException {
        Optional<ImageNames.EcrImage> ecr = ImageNames.ecr(uri);
        if (username != null) {
            return new RegistryAuth(username, password == null ? "" : password, registry(uri));
        }
        return ecr.isPresent() ? EcrLogin.forImage(ecr.get(), profile) : null;
    }

    /** The registry part of a reference: the first segment when it looks like a host. */
    static String registry(String uri) {
        int slash = uri.indexOf('/');
        if (slash > 0) {
            String first = uri.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    private static String hint(String uri, RegistryAuth auth) {
        if (ImageNames.ecr(uri).isPresent()) {
            return " (check that your AWS credentials may pull from this repository)";
        }
        return auth == null ? " (if the registry needs a login, pass --username and --password-stdin)"
                : " (check --username and the password)";
    }

    private static String readPassword() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        return line == null ? "" : line;
    }
}
