package dev.sagebox.protocol.awsjson;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The Jackson setup of each JSON service. Records carry no annotations: the naming strategy turns components into
 * the wire's member names, nulls are omitted (clients treat {@code null} differently from absent), and unknown
 * members are ignored, as AWS does.
 */
public final class JsonMappers {
    private JsonMappers() {
    }

    public static ObjectMapper sageMaker() {
        return base(PropertyNamingStrategies.UPPER_CAMEL_CASE, new EpochSecondsSerializer());
    }

    public static ObjectMapper logs() {
        return base(PropertyNamingStrategies.LOWER_CAMEL_CASE, new EpochMillisSerializer());
    }

    private static ObjectMapper base(com.fasterxml.jackson.databind.PropertyNamingStrategy naming, JsonSerializer<Instant> timestamps) {
        SimpleModule instants = new SimpleModule("sagebox-instants");
        instants.addSerializer(Instant.class, timestamps);
        instants.addDeserializer(Instant.class, new InstantDeserializer());
        return JsonMapper.builder()
                .propertyNamingStrategy(naming)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // "5" for an integer member is a type error in AWS's parsers too; be as strict.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(instants)
                .build();
    }

    /** {@code 1767268800.123}: SageMaker's timestamps, never in exponent form. */
    static final class EpochSecondsSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            BigDecimal seconds = BigDecimal.valueOf(value.toEpochMilli()).movePointLeft(3);
            gen.writeNumber(seconds.toPlainString());
        }
    }

    /** Integer milliseconds: CloudWatch Logs' timestamps. */
    static final class EpochMillisSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(value.toEpochMilli());
        }
    }

    /** Accepts epoch seconds (with fraction) or ISO-8601, as AWS's JSON services do on input. */
    static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal seconds = parser.getDecimalValue();
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            if (token == JsonToken.VALUE_STRING) {
                try {
                    return Instant.parse(parser.getText());
                } catch (DateTimeParseException e) {
                    return (Instant) context.handleWeirdStringValue(Instant.class, parser.getText(),
                            "not a timestamp");
                }
            }
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
    }
}
