using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// BNTest's checkpoint and half-precision cases (normalization_test.py, TF 1.15): fused and
/// non-fused checkpoints restore into each other and train on to the same variables (atol 1e-5)
/// and losses; float16 inputs (float32 BN variables) track the float32 run within 1e-3. Expected
/// values: the other flavour's (or float32's) run, as in the Python test. The GPU/CPU choices of
/// the TF tests all run on the CPU here (as TF does without a GPU), so each method runs its pair
/// once per freeze mode.
/// </summary>
public class LayersBnCheckpointTests
{
    private static void CheckpointCase(bool fusedA, bool fusedB)
    {
        foreach (var freezeMode in new[] { true, false })
        {
            using var body = new CheckpointBody();
            var pathA = body.PathFor("checkpoint_a");
            var pathB = body.PathFor("checkpoint_b");
            CheckpointBody.Train(pathA, fusedA, restore: false, freezeMode);
            CheckpointBody.Train(pathB, fusedB, restore: false, freezeMode);
            var varsFused = CheckpointBody.Train(pathA, fused: true, restore: true, freezeMode)!;
            var varsNonFused = CheckpointBody.Train(pathB, fused: false, restore: true, freezeMode)!;
            Assert.Equal(5, varsFused.Length);
            Assert.Equal(5, varsNonFused.Length);
            for (var i = 0; i < 5; i++) AllClose(varsFused[i], varsNonFused[i], 1e-5, what: $"variable {i} (freeze_mode={freezeMode})");

            var imageVal = NdArray.Random(new Random(7), CheckpointBody.Shape);
            var lossFused = CheckpointBody.Infer(pathA, imageVal, fused: true);
            var lossNonFused = CheckpointBody.Infer(pathB, imageVal, fused: false);
            AllClose(NdArray.Scalar(lossNonFused), NdArray.Scalar(lossFused), 1e-6, 3e-4, $"loss (freeze_mode={freezeMode})");
        }
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointFusedCPUAndFusedGPU")]
    public void CheckpointFusedCPUAndFusedGPU() => CheckpointCase(true, true);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointFusedCPUAndFusedCPU")]
    public void CheckpointFusedCPUAndFusedCPU() => CheckpointCase(true, true);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointFusedGPUAndFusedGPU")]
    public void CheckpointFusedGPUAndFusedGPU() => CheckpointCase(true, true);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointNonFusedCPUAndNonFusedGPU")]
    public void CheckpointNonFusedCPUAndNonFusedGPU() => CheckpointCase(false, false);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointNonFusedCPUAndNonFusedCPU")]
    public void CheckpointNonFusedCPUAndNonFusedCPU() => CheckpointCase(false, false);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointNonFusedGPUAndNonFusedGPU")]
    public void CheckpointNonFusedGPUAndNonFusedGPU() => CheckpointCase(false, false);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointNonFusedGPUAndFusedGPU")]
    public void CheckpointNonFusedGPUAndFusedGPU() => CheckpointCase(false, true);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointNonFusedGPUAndFusedCPU")]
    public void CheckpointNonFusedGPUAndFusedCPU() => CheckpointCase(false, true);

    [Fact]
    [TfTest(PyFile, "BNTest.testCheckpointNonFusedCPUAndFusedCPU")]
    public void CheckpointNonFusedCPUAndFusedCPU() => CheckpointCase(false, true);

    /// <summary>_trainEvalSequence: train and save, restore and train on, then infer — fused, in <paramref name="dtype"/>.</summary>
    private static (NdArray[] TrainVars, double Loss) TrainEvalSequence(DType dtype)
    {
        using var body = new CheckpointBody();
        var checkpoint = body.PathFor(dtype == DType.Half ? "cp_float16" : "cp_float32");
        CheckpointBody.Train(checkpoint, fused: true, restore: false, freezeMode: false, dtype);
        var trainVars = CheckpointBody.Train(checkpoint, fused: true, restore: true, freezeMode: false, dtype)!;
        var imageVal = NdArray.Random(new Random(0), CheckpointBody.Shape);
        if (dtype == DType.Half) imageVal = imageVal.Map(v => (double)(Half)v); // astype(float16)
        return (trainVars, CheckpointBody.Infer(checkpoint, imageVal, fused: true, dtype));
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testHalfPrecision")]
    public void HalfPrecision()
    {
        var (refVars, refLoss) = TrainEvalSequence(DType.Float);
        Assert.Equal(5, refVars.Length);
        var (testVars, testLoss) = TrainEvalSequence(DType.Half);
        Assert.Equal(5, testVars.Length);
        for (var i = 0; i < 5; i++) AllClose(refVars[i], testVars[i], 1e-3, 1e-3, $"variable {i}");
        AllClose(NdArray.Scalar(refLoss), NdArray.Scalar(testLoss), 1e-3, 1e-3, "loss");
    }
}
