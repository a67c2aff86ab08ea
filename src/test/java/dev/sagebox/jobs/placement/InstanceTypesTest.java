package dev.sagebox.jobs.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceTypesTest {
    private static final long GIB = 1L << 30;
    private final InstanceTypes builtIn = InstanceTypes.builtIn();

    @Test
    void sizeGivesVcpus_familyGivesMemoryPerVcpu() {
        assertThat(builtIn.of("ml.m5.large")).isEqualTo(new InstanceType(2.0, 8 * GIB, false));
        assertThat(builtIn.of("ml.m5.xlarge")).isEqualTo(new InstanceType(4.0, 16 * GIB, false));
        assertThat(builtIn.of("ml.c5.2xlarge")).isEqualTo(new InstanceType(8.0, 16 * GIB, false));
        assertThat(builtIn.of("ml.r5.4xlarge")).isEqualTo(new InstanceType(16.0, 128 * GIB, false));
        assertThat(builtIn.of("ml.t3.medium")).isEqualTo(new InstanceType(2.0, 4 * GIB, false));
        assertThat(builtIn.of("ml.trn1.2xlarge")).isEqualTo(new InstanceType(8.0, 32 * GIB, false));
    }

    @Test
    void gpuFamiliesAndLocalGpu_haveGpus_localHasNoLimits() {
        assertThat(builtIn.of("ml.g4dn.xlarge")).isEqualTo(new InstanceType(4.0, 16 * GIB, true));
        assertThat(builtIn.of("ml.p3.2xlarge")).isEqualTo(new InstanceType(8.0, 64 * GIB, true));
        assertThat(builtIn.of("local")).isEqualTo(new InstanceType(null, null, false));
        assertThat(builtIn.of("local_gpu")).isEqualTo(new InstanceType(null, null, true));
        assertThat(builtIn.of("ml.p4de.metal")).isEqualTo(new InstanceType(null, null, true));
        assertThat(builtIn.of("local").limits()).isEqualTo(dev.sagebox.runtime.Limits.none());
    }

    @Test
    void overrides_winOverTheRule() {
        InstanceTypes types = InstanceTypes.parse("sagebox.instanceTypes", "ml.m5.large=1/512m, ml.g5.xlarge=4/16/1");
        assertThat(types.of("ml.m5.large")).isEqualTo(new InstanceType(1.0, 512L << 20, false));
        assertThat(types.of("ml.g5.xlarge")).isEqualTo(new InstanceType(4.0, 16 * GIB, true));
        assertThat(types.of("ml.m5.xlarge")).isEqualTo(builtIn.of("ml.m5.xlarge"));
    }

    @Test
    void overrides_malformed_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> InstanceTypes.parse("sagebox.instanceTypes", "ml.m5.large=2"))
                .hasMessage("sagebox.instanceTypes entries are <type>=<vCPUs>/<memory>[/gpu], not 'ml.m5.large=2'");
        assertThatThrownBy(() -> InstanceTypes.parse("sagebox.instanceTypes", "ml.m5.large=two/8g"))
                .hasMessageStartingWith("sagebox.instanceTypes: cannot read 'ml.m5.large=two/8g'");
    }
}
