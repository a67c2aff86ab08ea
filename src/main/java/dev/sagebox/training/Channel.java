package dev.sagebox.training;

import dev.sagebox.aws.Validator;
import java.util.List;
import java.util.Map;

/** One named input channel, staged under {@code /opt/ml/input/data/<ChannelName>}. */
public record Channel(String channelName, DataSource dataSource, String contentType, String compressionType,
                      String recordWrapperType, String inputMode, Map<String, Object> shuffleConfig) {
    static final String NAME_PATTERN = "[A-Za-z0-9\\.\\-_]+";

    void validate(Validator v, String path) {
        String name = Validator.child(path, "channelName");
        if (v.required(name, channelName)) {
            v.length(name, channelName, 1, 64).pattern(name, channelName, NAME_PATTERN);
        }
        String source = Validator.child(path, "dataSource");
        if (v.required(source, dataSource)) {
            dataSource.validate(v, source);
        }
        v.length(Validator.child(path, "contentType"), contentType, 0, 256);
        v.oneOf(Validator.child(path, "compressionType"), compressionType, List.of("None", "Gzip"));
        v.oneOf(Validator.child(path, "recordWrapperType"), recordWrapperType, List.of("None", "RecordIO"));
        v.oneOf(Validator.child(path, "inputMode"), inputMode, AlgorithmSpecification.INPUT_MODES);
    }

    /** The echo AWS gives: compression and record wrapper default to {@code None}. */
    Channel withDefaults() {
        DataSource source = dataSource.s3DataSource() == null ? dataSource
                : new DataSource(dataSource.s3DataSource().withDefaults(), dataSource.fileSystemDataSource());
        return new Channel(channelName, source, contentType, compressionType == null ? "None" : compressionType,
                recordWrapperType == null ? "None" : recordWrapperType, inputMode, shuffleConfig);
    }
}
