using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// The data every flavour of one input shape is checked on — γ, β, the loss weights w, the
/// training batches and the inference batch — with their reference results computed once and
/// shared (the reference does not depend on the API, only on whether γ exists and on ε).
/// </summary>
internal sealed class CheckData
{
    private readonly Dictionary<(int Step, bool Gamma, double Eps), TrainingExpectation> _training = new();
    private readonly Dictionary<int, Batch> _batches = new();
    private readonly Dictionary<float[], TensorValue> _feeds = new(ReferenceEqualityComparer.Instance);

    public CheckData(int[] shape, CrossCheckOptions options)
    {
        Shape = shape;
        var channels = shape[^1];
        // Separate streams: parameters and batches do not shift when a flavour has no γ.
        var parameters = new RandomData(options.Seed + shape.Length);
        Gamma = parameters.Uniform(channels, 0.5, 1.5);
        Beta = parameters.Uniform(channels, -0.5, 0.5);
        W = parameters.Uniform(shape.Aggregate(1, (a, b) => a * b), -1, 1);
        var stats = parameters.ChannelStats(channels);
        Conditioning = stats.Mean.Zip(stats.Std, (m, s) => Math.Abs(m) / s).Max() + 1;
        var batches = new RandomData(options.Seed + 1000 * shape.Length);
        Training = Enumerable.Range(0, options.Steps).Select(_ => batches.Batch(shape, stats)).ToList();
        Inference = batches.Batch(shape, stats);
        WValue = Feed(W);
        WDouble = Widen(W);
        Rows = Inference.Length / channels;
    }

    public int[] Shape { get; }
    public float[] Gamma { get; }
    public float[] Beta { get; }
    public float[] W { get; }
    public TensorValue WValue { get; }

    /// <summary>w in float64: dy of the reference backward passes.</summary>
    public double[] WDouble { get; }
    public IReadOnlyList<float[]> Training { get; }
    public float[] Inference { get; }

    /// <summary>m: samples per channel.</summary>
    public int Rows { get; }

    /// <summary>1 + max over channels of |μ_c|/σ_c: how much a float32 batch mean's rounding is magnified after normalizing.</summary>
    public double Conditioning { get; }

    /// <summary>The feed value of one of this data's arrays (built once).</summary>
    public TensorValue Feed(float[] values)
    {
        if (!_feeds.TryGetValue(values, out var value)) _feeds[values] = value = ToValue(values);
        return value;
    }

    private TensorValue ToValue(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorValue(DType.Float, Shape.Select(d => (long)d).ToArray(), bytes);
    }

    /// <summary>Training batch <paramref name="step"/> (or the inference batch for step −1) in float64.</summary>
    public Batch Batch(int step)
    {
        if (!_batches.TryGetValue(step, out var batch))
            _batches[step] = batch = new Batch(Widen(step < 0 ? Inference : Training[step]), Shape);
        return batch;
    }

    /// <summary>The reference training forward pass of a step and its backward pass for dy = w, as flat arrays.</summary>
    public TrainingExpectation TrainingReference(int step, bool hasGamma, double epsilon)
    {
        var key = (step, hasGamma, epsilon);
        if (!_training.TryGetValue(key, out var result))
        {
            var forward = BatchNormReference.ForwardTraining(Batch(step), hasGamma ? Widen(Gamma) : null, Widen(Beta), epsilon);
            var backward = BatchNormReference.Backward(WDouble, forward);
            _training[key] = result = new TrainingExpectation(forward.Output.ToArray(), backward.Dx.ToArray(), backward.DBeta, backward.DGamma);
        }
        return result;
    }

    public static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);
}

/// <summary>Reference values of one training step, in the order the runner fetches them: y, dx, dβ, dγ.</summary>
internal sealed record TrainingExpectation(double[] Y, double[] Dx, double[] DBeta, double[] DGamma)
{
    public double[][] InFetchOrder => new[] { Y, Dx, DBeta, DGamma };
}
