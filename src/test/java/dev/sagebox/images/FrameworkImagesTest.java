package dev.sagebox.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code sagebox images resolve}'s table: the URIs the SageMaker Python SDK's image_uris.retrieve gives. */
class FrameworkImagesTest {
    private final FrameworkImages table = FrameworkImages.shipped();

    private String resolve(String framework, String version, String py, String scope, String processor,
                           String region) throws ImageLookupException {
        return table.resolve(new ImageQuery(framework, version, py, scope, processor, region, null));
    }

    @Test
    void pytorch_trainingGpu_usEast1() throws Exception {
        assertThat(resolve("pytorch", "1.8.1", "py36", "training", "gpu", "us-east-1"))
                .isEqualTo("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.8.1-gpu-py36");
    }

    @Test
    void pytorch_shortVersionAndDefaults_resolveToFullVersionCpuFirstPy() throws Exception {
        assertThat(resolve("pytorch", "1.9", null, null, null, "eu-west-1"))
                .isEqualTo("763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:1.9.0-cpu-py38");
    }

    @Test
    void pytorch_regionWithItsOwnAccount() throws Exception {
        assertThat(resolve("pytorch", "1.8.1", "py3", "inference", "cpu", "af-south-1"))
                .isEqualTo("626614931356.dkr.ecr.af-south-1.amazonaws.com/pytorch-inference:1.8.1-cpu-py3");
    }

    @Test
    void tensorflow_inferenceInChina_hasNoPyTagAndTheChinaDomain() throws Exception {
        assertThat(resolve("tensorflow", "2.12", null, "inference", "gpu", "cn-north-1"))
                .isEqualTo("727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/tensorflow-inference:2.12.1-gpu");
    }

    @Test
    void tensorflow_training() throws Exception {
        assertThat(resolve("tensorflow", "2.13.0", "py310", "training", "cpu", "us-west-2"))
                .isEqualTo("763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.13.0-cpu-py310");
    }

    @Test
    void sklearn_usesTheScikitLearnAccounts() throws Exception {
        assertThat(resolve("sklearn", "1.2-1", null, "training", null, "us-east-1"))
                .isEqualTo("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3");
        assertThat(resolve("sklearn", "1.0-1", null, "inference", null, "ap-northeast-1"))
                .isEqualTo("354813040037.dkr.ecr.ap-northeast-1.amazonaws.com/sagemaker-scikit-learn:1.0-1-cpu-py3");
    }

    @Test
    void xgboost_1x_tagIsTheVersionAlone_olderOnesCarryProcessorAndPy() throws Exception {
        assertThat(resolve("xgboost", "1.5-1", null, "training", null, "eu-west-1"))
                .isEqualTo("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.5-1");
        assertThat(resolve("xgboost", "1.0-1", null, "training", null, "us-east-1"))
                .isEqualTo("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3");
    }

    @Test
    void huggingface_baseFrameworkPicksRepositoryAndContainer() throws Exception {
        assertThat(table.resolve(new ImageQuery("huggingface", "4.6", null, "training", null, "us-east-1",
                "pytorch1.8.1"))).isEqualTo("763104351884.dkr.ecr.us-east-1.amazonaws.com/"
                + "huggingface-pytorch-training:1.8.1-transformers4.6.1-gpu-py36-cu111-ubuntu18.04");
        assertThat(table.resolve(new ImageQuery("huggingface", "4.6.1", null, "training", null, "us-east-1",
                "tensorflow2.4.1"))).isEqualTo("763104351884.dkr.ecr.us-east-1.amazonaws.com/"
                + "huggingface-tensorflow-training:2.4.1-transformers4.6.1-gpu-py37-cu110-ubuntu18.04");
    }

    @Test
    void unknownVersion_listsValidVersions() {
        assertThatThrownBy(() -> resolve("pytorch", "3.0", null, "training", null, "us-east-1"))
                .isInstanceOf(ImageLookupException.class)
                .hasMessageStartingWith("unknown pytorch training version '3.0'; valid versions: 1.2.0, 1.3.1,")
                .hasMessageContaining("1.9.0");
    }

    @Test
    void unknownFramework_listsFrameworks() {
        assertThatThrownBy(() -> resolve("mxnet", "1.8", null, "training", null, "us-east-1"))
                .hasMessage("unknown framework 'mxnet'; known: pytorch, tensorflow, sklearn, xgboost, huggingface");
    }

    @Test
    void unsupportedProcessorOrPy_namesTheValidOnes() {
        assertThatThrownBy(() -> resolve("sklearn", "1.2-1", null, "training", "gpu", "us-east-1"))
                .hasMessage("sklearn 1.2-1 has no processor 'gpu'; valid: cpu");
        assertThatThrownBy(() -> resolve("pytorch", "1.9.0", "py36", "training", null, "us-east-1"))
                .hasMessage("pytorch 1.9.0 has no py version 'py36'; valid: py38");
    }

    @Test
    void unknownRegion_listsRegions() {
        assertThatThrownBy(() -> resolve("pytorch", "1.8.1", null, "training", null, "mars-north-1"))
                .hasMessageStartingWith("no dlc image registry in region 'mars-north-1'; regions: af-south-1,");
    }
}
