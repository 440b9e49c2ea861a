using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.AxisBody;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// BNTest's axis cases (normalization_test.py, TF 1.15): any axis and several axes, fused and not.
/// Expected values: the test's NumPy formulas (AxisBody). test4DInputAxis1 and test4DInputAxis1Fused
/// run only with a CUDA GPU in TF (axis 1 on rank 4 is fused NCHW, which the CPU kernel refuses).
/// </summary>
public class LayersBnAxisTests
{
    private static void Case(int seed, int[] shape, BatchNormAxis axis, int[] paramShape, int[] statAxes, bool? fused = null, bool expectFused = false)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var bn = new tf.layers.BatchNormalization(axis: axis, epsilon: Epsilon, momentum: 0.9, fused: fused);
        var inputs = RandomInputs(seed, shape);
        var built = Layer(bn, inputs);
        Assert.Equal(expectFused, bn.fused);
        Check(graph, inputs, built, paramShape, statAxes);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.test3DInputAxis1")]
    public void InputAxis1Of3D() => Case(1, new[] { 5, 4, 3 }, 1, new[] { 1, 4, 1 }, new[] { 0, 2 });

    [Fact]
    [TfTest(PyFile, "BNTest.test3DInputAxis2")]
    public void InputAxis2Of3D() => Case(2, new[] { 5, 4, 3 }, 2, new[] { 1, 1, 3 }, new[] { 0, 1 });

    [Fact]
    [TfTest(PyFile, "BNTest.test4DInputAxis2")]
    public void InputAxis2Of4D() => Case(3, new[] { 5, 4, 3, 6 }, 2, new[] { 1, 1, 3, 1 }, new[] { 0, 1, 3 });

    [Fact]
    [TfTest(PyFile, "BNTest.test4DInputAxis3")]
    public void InputAxis3Of4D() => Case(4, new[] { 5, 4, 3, 6 }, 3, new[] { 1, 1, 1, 6 }, new[] { 0, 1, 2 }, expectFused: true);

    [Fact]
    [TfTest(PyFile, "BNTest.test4DInputAxis3Fused")]
    public void InputAxis3Of4DFused() => Case(5, new[] { 5, 4, 3, 6 }, 3, new[] { 1, 1, 1, 6 }, new[] { 0, 1, 2 }, fused: true, expectFused: true);

    [Fact]
    [TfTest(PyFile, "BNTest.testNegativeAxis")]
    public void NegativeAxis() => Case(6, new[] { 5, 4, 3, 6 }, -1, new[] { 1, 1, 1, 6 }, new[] { 0, 1, 2 }, expectFused: true);

    [Fact]
    [TfTest(PyFile, "BNTest.testBooleanLearningPhase")]
    public void BooleanLearningPhase()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var bn = new tf.layers.BatchNormalization(axis: -1, epsilon: Epsilon, momentum: 0.9);
        var inputs = RandomInputs(7, new[] { 5, 4, 3, 6 });
        var outputsTraining = bn.apply(inputs, training: true);
        var outputsInfer = bn.apply(inputs, training: false);
        // A Python-bool False call adds no updates: the two of the training call remain.
        Assert.Equal(2, bn.updates.Count);
        var built = new BnUnderTest(outputsTraining, outputsInfer, null, bn.updates, bn.gamma!, bn.beta!, bn.moving_mean!, bn.moving_variance!);
        Check(graph, inputs, built, new[] { 1, 1, 1, 6 }, new[] { 0, 1, 2 }, trainMeanPlaces: 2);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testMultiAxisInvalid")]
    public void MultiAxisInvalid()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inp = tf.random_uniform(new[] { 6, 5, 4, 3 }, seed: 1);
        var outOfBounds = Assert.Throws<ValueError>(() => tf.layers.batch_normalization(inp, axis: new[] { 1, 4 }));
        Assert.Contains("Invalid axis: 4", outOfBounds.Message);
        var negativeOutOfBounds = Assert.Throws<ValueError>(() => tf.layers.batch_normalization(inp, axis: new[] { -5, 1 }));
        Assert.Contains("Invalid axis: -1", negativeOutOfBounds.Message);
        var duplicate = Assert.Throws<ValueError>(() => tf.layers.batch_normalization(inp, axis: new[] { 1, 2, 1 }));
        Assert.Contains("Duplicate axis: [1, 2, 1]", duplicate.Message);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.test3DInputMultiAxis12")]
    public void MultiAxis12Of3D()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var bn = new tf.layers.BatchNormalization(axis: new[] { 1, 2 }, epsilon: Epsilon, momentum: 0.9);
        var inputs = RandomInputs(8, new[] { 5, 4, 3 });
        var built = Layer(bn, inputs);
        // Several axes: the variables keep the input's rank, with 1 on the reduced axes.
        Assert.Equal(new TensorShape(1, 4, 3), bn.gamma!.Shape);
        Check(graph, inputs, built, null, new[] { 0 }, keepdims: true);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.test5DInputMultiAxis123")]
    public void MultiAxis123Of5D()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var bn = new tf.layers.BatchNormalization(axis: new[] { 1, 2, 3 }, epsilon: Epsilon, momentum: 0.9);
        var inputs = RandomInputs(9, new[] { 5, 3, 4, 4, 3 });
        var built = Layer(bn, inputs);
        Assert.Equal(new TensorShape(1, 3, 4, 4, 1), bn.moving_mean!.Shape);
        Check(graph, inputs, built, null, new[] { 0, 4 }, keepdims: true);
    }
}
