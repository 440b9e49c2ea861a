using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it.</summary>
internal sealed class TempCheckpointDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tfbnport-ckpt-" + Guid.NewGuid().ToString("N"));

    public TempCheckpointDir() => Directory.CreateDirectory(Path);

    /// <summary>A path inside the directory.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the files (and folders) in the directory, sorted ordinally.</summary>
    public string[] Entries() => Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

internal static class CheckpointTestSupport
{
    /// <summary>A variable's current value as TensorFlow holds it: dtype, shape and raw bytes (copied out).</summary>
    public static TensorValue ValueOf(Session sess, Variable v) => sess.RunValues(new[] { v.Snapshot }, Array.Empty<Operation>())[0];

    public static TensorValue ValueOf(Session sess, Tensor t, FeedDict? feed = null) => sess.RunValues(new[] { t }, Array.Empty<Operation>(), feed)[0];

    /// <summary>Asserts two host values are bit-identical (dtype, shape and every byte).</summary>
    public static void AssertBitIdentical(TensorValue expected, TensorValue actual, string what)
    {
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType} instead of {expected.DType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {actual.ShapeString} instead of {expected.ShapeString}");
        Assert.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"{what}: values differ ({actual} instead of {expected})");
    }

    /// <summary>A fixed input batch (deterministic, not all positive).</summary>
    public static float[,] Batch(int rows, int cols, int salt = 0)
    {
        var data = new float[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                data[i, j] = MathF.Sin(1.3f * i + 0.7f * j + salt) * 2f;
        return data;
    }

    /// <summary>Runs <paramref name="action"/> with <see cref="CheckpointLog.Warn"/> captured.</summary>
    public static List<string> CaptureWarnings(Action action)
    {
        var warnings = new List<string>();
        var previous = CheckpointLog.Warn;
        CheckpointLog.Warn = m => { lock (warnings) warnings.Add(m); };
        try { action(); }
        finally { CheckpointLog.Warn = previous; }
        return warnings;
    }
}

/// <summary>Tests that change process-wide state (<see cref="CheckpointLog.Warn"/>, the current directory) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "checkpoint tests changing process-wide state";
}
