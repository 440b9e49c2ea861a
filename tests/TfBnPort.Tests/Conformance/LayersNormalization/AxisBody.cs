using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>What a test body needs from the layer (or the functional call) it drives.</summary>
internal sealed record BnUnderTest(Tensor TrainOutputs, Tensor InferOutputs, Tensor? Training, IReadOnlyList<object> Updates,
    Variable Gamma, Variable Beta, Variable MovingMean, Variable MovingVariance);

/// <summary>
/// The body normalization_test.py repeats for each axis case: 100 training steps (outputs and
/// updates) keep the output normalized, the moving statistics then equal the input's own (NumPy's
/// mean and biased variance over the other axes, atol 1e-2), and inference on them stays normalized.
/// Expected values: the test's NumPy formulas, in <see cref="NdArray"/>.
/// </summary>
internal static class AxisBody
{
    public const double Epsilon = 1e-3;

    /// <summary>variables.Variable(np.random.random(shape) + offset, dtype=float32).</summary>
    public static Variable RandomInputs(int seed, int[] shape, double offset = 100) =>
        tf.Variable(Float32(NdArray.Random(new Random(seed), shape) + offset));

    public static BnUnderTest Layer(tf.layers.BatchNormalization bn, Variable inputs)
    {
        var training = tf.placeholder(tf.@bool);
        var outputs = bn.apply(inputs, training);
        return new BnUnderTest(outputs, outputs, training, bn.updates, bn.gamma!, bn.beta!, bn.moving_mean!, bn.moving_variance!);
    }

    /// <param name="paramShape">np.reshape of gamma/beta to broadcast against the output (null: as created).</param>
    /// <param name="statAxes">the axes NumPy's mean/std reduce for the expected moving statistics.</param>
    public static void Check(Graph graph, Variable inputs, BnUnderTest bn, int[]? paramShape, int[] statAxes, bool keepdims = false,
        int trainMeanPlaces = 1)
    {
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var gamma = Read(sess, bn.Gamma);
        var beta = Read(sess, bn.Beta);
        if (paramShape is not null)
        {
            gamma = gamma.Reshape(paramShape);
            beta = beta.Reshape(paramShape);
        }
        FeedDict? Phase(bool value) => bn.Training is null ? null : new FeedDict { { bn.Training, value } };
        for (var step = 0; step < 100; step++)
        {
            var output = Run(sess, bn.TrainOutputs, bn.Updates, Phase(true));
            var normed = (output - Epsilon) * gamma + beta;
            AlmostEqual(0, normed.MeanAll(), trainMeanPlaces, $"training mean, step {step}");
            AlmostEqual(1, normed.StdAll(), 1, $"training std, step {step}");
        }
        var movingMean = Read(sess, bn.MovingMean);
        var movingVariance = Read(sess, bn.MovingVariance);
        var npInputs = Read(sess, inputs);
        AllClose(npInputs.Mean(statAxes, keepdims), movingMean, 1e-2, what: "moving_mean");
        AllClose(npInputs.Std(statAxes, keepdims).Map(s => s * s), movingVariance, 1e-2, what: "moving_variance");

        var inferred = Run(sess, bn.InferOutputs, feed: Phase(false));
        var inferNormed = (inferred - Epsilon) * gamma + beta;
        AlmostEqual(0, inferNormed.MeanAll(), 1, "inference mean");
        AlmostEqual(1, inferNormed.StdAll(), 1, "inference std");
    }
}
