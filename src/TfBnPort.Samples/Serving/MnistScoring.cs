using System.Diagnostics;
using NumSharp;
using TfBnPort.Data;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;
using ValueError = TfBnPort.Tensorflow.ValueError;
using DType = TfBnPort.Tensorflow.DType;

namespace TfBnPort.Samples;

/// <summary>
/// `score`: feeds the MNIST test digits (tf.keras.datasets.mnist's test set, in file order) as [N, 784]
/// float32 — x/255 in float32 as geron-dnn's loader scales them, or raw 0–255 — to an opened model, takes
/// the argmax of its rank-2 output per row and counts the digits it gets right.
/// </summary>
public static class MnistScoring
{
    /// <summary>The input and output <paramref name="options"/> name, else the signature's single input and its logits (else probabilities) output.</summary>
    public static (Tensor Input, Tensor Output) ResolveTensors(ModelSession model, ScoreOptions options)
    {
        var signature = ModelTensors.Signature(model.Model, options.Signature);
        Tensor input, output;
        if (options.Input is not null) input = ModelTensors.Tensor(model, options.Input);
        else if (signature is { Inputs.Count: 1 }) input = ModelTensors.Tensor(model, signature.Inputs.Values.Single().Name);
        else throw new ValueError($"Pass --input TENSOR: '{model.Model.Path}' has {(signature is null ? "no signature" : $"a signature with {signature.Inputs.Count} inputs")}. " +
                                  $"Its placeholders: {PlaceholderList(model)}.");
        if (options.Output is not null) output = ModelTensors.Tensor(model, options.Output);
        else if (signature is not null && (signature.Outputs.GetValueOrDefault("logits") ?? signature.Outputs.GetValueOrDefault("probabilities")) is { } info)
            output = ModelTensors.Tensor(model, info.Name);
        else throw new ValueError($"Pass --output TENSOR (the [N, 10] logits or probabilities): '{model.Model.Path}' has " +
                                  (signature is null ? "no signature." : $"no 'logits' or 'probabilities' output in its signature (outputs: {string.Join(", ", signature.Outputs.Keys)})."));
        if (output.Shape.IsKnownRank && output.Shape.Rank != 2)
            throw new ValueError($"Output '{output.Name}' has shape {output.Shape}; score takes the argmax of a rank-2 output [N, classes].");
        return (input, output);
    }

    public static ScoreResult Score(ModelSession model, ScoreOptions options)
    {
        var (input, output) = ResolveTensors(model, options);
        var feeds = options.Feeds.Select(f => ModelTensors.Feed(model, f)).ToList();
        var (_, (images, labels)) = KerasMnist.LoadData(trainLimit: 0, testLimit: options.Limit);
        images = images.reshape(-1, 28 * 28);
        var x = options.RawPixels ? images.astype(NPTypeCode.Single) : Rows.ScaledFloat32(images);
        var y = labels.ToArray<byte>();
        var n = Rows.Count(x);
        var batch = options.BatchSize is { } b and > 0 ? b : Math.Max(n, 1);

        CheckSizes(input, output, Math.Min(n, batch), options.MaxTensorBytes);
        var runOptions = new RunOptions { TimeoutInMs = options.TimeoutMs };

        var correct = 0;
        var clock = new Stopwatch();
        for (var start = 0; start < n; start += batch)
        {
            var end = Math.Min(n, start + batch);
            var feed = new FeedDict { { input, start == 0 && end == n ? x : Rows.Slice(x, start, end) } };
            foreach (var (tensor, scalar) in feeds) feed.Add(tensor, scalar);
            clock.Start();
            var value = model.Session.RunValues([output], [], feed, runOptions)[0];
            clock.Stop();
            if (value.Shape.Length != 2)
                throw new ValueError($"Output '{output.Name}' gave shape {value.ShapeString}; score takes the argmax of a rank-2 output [N, classes].");
            if (value.Shape[0] != end - start)
                throw new ValueError($"Output '{output.Name}' gave {value.Shape[0]} rows for {end - start} images; choose the per-image output.");
            correct += CountCorrect(value.CastTo(DType.Float).ToArray<float>(), (int)value.Shape[1], y.AsSpan(start, end - start));
        }
        return new ScoreResult(input.Name, output.Name, correct, n, clock.Elapsed);
    }

    /// <summary>
    /// Refuses, before running, a feed of <paramref name="rows"/> images or an output whose declared shape
    /// (unknown dims counted as <paramref name="rows"/>) would exceed <paramref name="maxBytes"/>.
    /// </summary>
    private static void CheckSizes(Tensor input, Tensor output, int rows, long maxBytes)
    {
        var feedBytes = (long)rows * 28 * 28 * sizeof(float);
        if (feedBytes > maxBytes)
            throw new ValueError($"The feed of {rows} images to '{input.Name}' is {feedBytes} bytes, over the limit of {maxBytes} bytes per run; " +
                                 "pass --batch-size, or raise --max-tensor-mb.");
        if (!output.Shape.IsKnownRank) return;
        var elements = output.Shape.Dims!.Aggregate(1.0, (a, d) => a * (d < 0 ? rows : d));
        var outputBytes = elements * (output.DType.BaseType() is DType.String or DType.Resource ? 8 : output.DType.ByteSize());
        if (outputBytes > maxBytes)
            throw new ValueError($"Output '{output.Name}' declares shape {output.Shape}, {outputBytes:0} bytes for {rows} images, over the limit of {maxBytes} bytes per run; " +
                                 "pass --batch-size, choose another --output, or raise --max-tensor-mb.");
    }

    /// <summary>Rows whose largest value (first one on ties, as np.argmax) sits at the label.</summary>
    private static int CountCorrect(float[] scores, int classes, ReadOnlySpan<byte> labels)
    {
        var correct = 0;
        for (var row = 0; row < labels.Length; row++)
        {
            var best = 0;
            for (var c = 1; c < classes; c++)
                if (scores[row * classes + c] > scores[row * classes + best]) best = c;
            if (best == labels[row]) correct++;
        }
        return correct;
    }

    private static string PlaceholderList(ModelSession model) =>
        string.Join(", ", model.Graph.Operations.Where(o => o.Type is "Placeholder" or "PlaceholderWithDefault")
            .Select(o => $"{o.Outputs[0].Name} {o.Outputs[0].DType.PyName()} {o.Outputs[0].Shape}"));
}
