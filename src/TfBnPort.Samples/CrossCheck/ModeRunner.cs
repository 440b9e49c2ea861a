using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// Runs one <see cref="BnMode"/>: random batches with per-channel mean and spread (generated
/// channels last, fed in the mode's layout), <see cref="CrossCheckOptions.Steps"/> training steps
/// with the layer's UPDATE_OPS, each step's y against the reference (the worst step reported), then
/// the moving statistics (and renorm's own variables) against the reference's after the same steps.
/// </summary>
internal sealed class ModeRunner(BnMode mode, int index, CrossCheckOptions options)
{
    public List<CrossCheckRow> Run()
    {
        var name = mode.Describe(options);
        var shape = mode.Shape(options);
        var axis = mode.Axis < 0 ? mode.Axis + shape.Length : mode.Axis;
        int channels = shape[axis];
        int[] lastShape = [.. shape.Where((_, i) => i != axis), channels];

        // Its own streams per mode, apart from CheckData's, so the seeds' rows do not move.
        var random = new RandomData(options.Seed + 5000 + index);
        var gamma = random.Uniform(channels, 0.5, 1.5);
        var beta = random.Uniform(channels, -0.5, 0.5);
        var stats = random.ChannelStats(channels);
        var conditioning = stats.Mean.Zip(stats.Std, (m, s) => Math.Abs(m) / s).Max() + 1;
        var batches = Enumerable.Range(0, options.Steps).Select(_ => random.Batch(lastShape, stats)).ToList();

        using var graph = new Graph();
        Tensor x, y;
        Operation init, assign;
        List<Operation> updates;
        using (graph.as_default())
        {
            x = tf.placeholder(tf.float32, new TensorShape(shape), name: "x");
            y = mode.Build(x, options);
            updates = graph.GetCollection(GraphKeys.UPDATE_OPS).Select(u => u as Operation ?? ((Tensor)u).Op).ToList();
            init = tf.global_variables_initializer();
            assign = tf.group(new List<object> { tf.assign(Find("gamma"), tf.reshape(gamma, Find("gamma").Shape.AsIntArray())),
                tf.assign(Find("beta"), tf.reshape(beta, Find("beta").Shape.AsIntArray())) });
        }
        using var sess = new Session(graph);
        sess.run(init);
        sess.run(assign);

        var reference = mode.Reference(channels, options);
        var gammaD = CheckData.Widen(gamma);
        var betaD = CheckData.Widen(beta);
        // A ghost batch normalizes over its own rows only: that m sets the float32 sums' rounding.
        var ghosts = reference is ModeReference.Ghost ghost ? shape[0] / ghost.VirtualBatchSize : 1;
        var rowsPerNormalization = batches[0].Length / channels / ghosts;
        var perStep = new List<CrossCheckRow>();
        foreach (var batch in batches)
        {
            var lastValues = new Batch(CheckData.Widen(batch), lastShape);
            var fed = ChannelAxis.FromChannelsLast(lastValues, shape, axis);
            var feed = new FeedDict { { x, Value(fed, shape) } };
            var actual = sess.RunValues(new[] { y }, updates, feed)[0].ToArray<float>();
            var expected = ChannelAxis.FromChannelsLast(reference.Train(lastValues, gammaD, betaD), shape, axis);
            perStep.Add(Comparison.Row(name, "y (training)", actual, expected, Comparison.OverRows(rowsPerNormalization, conditioning)));
        }
        var rows = new List<CrossCheckRow> { Comparison.Worst(perStep) };

        var tolerance = Comparison.MovingStats(options.Steps);
        var after = $"after {options.Steps} steps";
        rows.Add(Comparison.Row(name, $"moving_mean {after}", Read(sess, "moving_mean"), reference.MovingMean, tolerance));
        rows.Add(Comparison.Row(name, $"moving_variance {after}", Read(sess, "moving_variance"), reference.MovingVariance, tolerance));
        if (reference is ModeReference.Renormalized renorm)
        {
            rows.Add(Comparison.Row(name, $"moving_stddev {after}", Read(sess, "moving_stddev"), renorm.State.MovingStddev, tolerance));
            rows.Add(Comparison.Row(name, $"renorm_mean {after}", Read(sess, "renorm_mean"), renorm.State.RenormMean, tolerance));
            rows.Add(Comparison.Row(name, $"renorm_stddev {after}", Read(sess, "renorm_stddev"), renorm.State.RenormStddev, tolerance));
        }
        return rows;

        Variable Find(string variable) => graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).OfType<Variable>().Single(v => v.OpName == $"bn/{variable}");
        float[] Read(Session s, string variable)
        {
            using (graph.as_default())
                return s.RunValues(new[] { Find(variable).Snapshot }, Array.Empty<Operation>())[0].ToArray<float>();
        }
    }

    private static TensorValue Value(double[] values, int[] shape)
    {
        var floats = Array.ConvertAll(values, v => (float)v);   // exact: the values came from float32
        var bytes = new byte[floats.Length * sizeof(float)];
        Buffer.BlockCopy(floats, 0, bytes, 0, bytes.Length);
        return new TensorValue(DType.Float, shape.Select(d => (long)d).ToArray(), bytes);
    }
}
