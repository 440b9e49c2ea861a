using TfBnPort.Samples;

namespace TfBnPort.Tests.Samples;

/// <summary>
/// The sample and console tests train real (small) networks: they run one at a time so that each
/// gets the machine's cores, and the floors they check hold with the fixed seeds below.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SampleRunsCollection
{
    public const string Name = "Sample runs";
}

/// <summary>A temporary output folder, deleted afterwards.</summary>
public sealed class TempOutput : IDisposable
{
    public TempOutput() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tfbnport-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>An IProgress that runs its action at once, on the training thread.</summary>
public sealed class ActionProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => action(value);
}

public static class LogLines
{
    public static string[] Of(StringWriter log) => log.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}
