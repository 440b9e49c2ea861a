using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>nn_batchnorm_test.py MomentsTest: tf.nn.moments (expected values: see <see cref="MomentsTestBase"/>).</summary>
public class MomentsTests : MomentsTestBase
{
    protected override (Tensor Mean, Tensor Variance) UnweightedMoments(Tensor x, int[] axes, bool keepDims, List<Tensor>? extraOutGrads = null) =>
        tf.nn.moments(x, axes, keep_dims: keepDims);

    [Fact]
    [TfTest(File, "MomentsTest.testBasic")]
    public void TestBasic() => Basic();

    [Fact]
    [TfTest(File, "MomentsTest.testGlobalNormalization")]
    public void TestGlobalNormalization() => GlobalNormalization();

    [Fact]
    [TfTest(File, "MomentsTest.testAxes")]
    public void TestAxes() => Axes();

    [Fact]
    [TfTest(File, "MomentsTest.testMeanGlobalGradient")]
    public void MeanGlobalGradient() => GlobalGradient("mean");

    [Fact]
    [TfTest(File, "MomentsTest.testVarGlobalGradient")]
    public void VarGlobalGradient() => GlobalGradient("var");
}
