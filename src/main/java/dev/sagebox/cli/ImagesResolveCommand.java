package dev.sagebox.cli;

import dev.sagebox.images.FrameworkImages;
import dev.sagebox.images.ImageLookupException;
import dev.sagebox.images.ImageQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sagebox images resolve}: the SageMaker image URI for a framework, as the SageMaker Python SDK names it. */
@Command(name = "resolve",
        description = "Print the SageMaker image URI for a framework version (no network).")
final class ImagesResolveCommand implements Callable<Integer> {
    /** Only --help: this command's --version names a framework version, not Sagebox's. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FRAMEWORK",
            description = "tensorflow, pytorch, sklearn, xgboost or huggingface.")
    String framework;

    @Option(names = "--version", required = true, paramLabel = "V", description = "Framework version, e.g. 1.8.1.")
    String version;

    @Option(names = "--py", paramLabel = "pyXY", description = "Python version tag, e.g. py38 (default: the first).")
    String py;

    @Option(names = "--scope", defaultValue = "training", paramLabel = "SCOPE",
            description = "training or inference (default ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--region", defaultValue = "us-east-1", paramLabel = "R",
            description = "AWS region (default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--base", paramLabel = "FRAMEWORKVERSION",
            description = "Hugging Face only: base framework, e.g. pytorch1.8.1 (default: the first).")
    String base;

    @ArgGroup(exclusive = true)
    Processor processor = new Processor();

    static final class Processor {
        @Option(names = "--cpu", description = "CPU image (default when the framework has one).")
        boolean cpu;

        @Option(names = "--gpu", description = "GPU image.")
        boolean gpu;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String chosen = processor.gpu ? "gpu" : processor.cpu ? "cpu" : null;
        try {
            String uri = FrameworkImages.shipped().resolve(new ImageQuery(framework, version, py, scope, chosen,
                    region, base));
            spec.commandLine().getOut().println(uri);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ImageLookupException e) {
            return ImagesCommand.fail(spec.commandLine().getErr(), e.getMessage());
        }
    }
}
