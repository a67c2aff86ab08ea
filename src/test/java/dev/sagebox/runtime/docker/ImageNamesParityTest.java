package dev.sagebox.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.images.ImageAliases;
import dev.sagebox.images.ImageNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code sagebox images} (list, save, doctor) and the Docker runtime must agree on which local image a URI runs,
 * or doctor would call a machine ready that then fails the job; both sides keep their own copy of the ECR rule
 * (the alias map itself has one parser, {@link ImageAliases#parseConfigured}).
 */
class ImageNamesParityTest {
    private static final String CONFIGURED = "*/xgboost:*=my-xgb:1,acme/algo:2=algo:dev,*=fallback:1";

    @Test
    void candidates_sameAsTheRuntimes() {
        Map<String, String> aliases = ImageAliases.parseConfigured(CONFIGURED);
        for (String image : List.of("683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1",
                "763104351884.dkr.ecr.cn-north-1.amazonaws.com.cn/pytorch-training:1.8.1-cpu-py3",
                "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a/b:c", "acme/algo:2", "plain:1",
                "xgboost:1")) {
            assertThat(ImageNames.candidates(image, aliases)).as(image)
                    .isEqualTo(LocalImages.candidates(image, aliases));
        }
    }
}
