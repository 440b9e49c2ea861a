using System.Globalization;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Samples;

/// <summary>
/// A sample run's TensorBoard logs: one FileWriter per run folder ("train", "valid", "bn/train"...),
/// the graphs, every metric the sample records (<see cref="SampleResult.Add"/>) as a
/// scalar the moment it is recorded, BN histograms and one traced step. Opened before training, so
/// an unwritable folder stops the run before it starts; Dispose writes everything queued.
/// </summary>
public sealed class SampleLogs : IDisposable
{
    /// <summary>The tag of a traced step's RunMetadata, as TF1's examples name it.</summary>
    public static string TraceTag(int step) => $"step{step}";

    private readonly Dictionary<string, FileWriter> _writers = new();
    private readonly SummaryGraph _summaries = new();
    private readonly SampleResult _result;
    private readonly string _mainSeries;

    private SampleLogs(string directory, SampleResult result, string mainSeries)
    {
        Directory = directory;
        _result = result;
        _mainSeries = mainSeries;
        result.MetricAdded += OnMetric;
    }

    /// <summary>The log directory to point TensorBoard at (<c>tensorboard --logdir DIR</c>).</summary>
    public string Directory { get; }

    /// <summary>
    /// Opens OUT/NAME/<paramref name="subfolder"/> and its <paramref name="runs"/>, removing the event
    /// files an earlier run of the sample left there. Null when <see cref="SampleOptions.Summaries"/> is off.
    /// </summary>
    /// <param name="options">The sample's options; <see cref="SampleOptions.Summaries"/> decides whether any log is written.</param>
    /// <param name="result">The sample's result: gives the output folder; its metrics are written as scalar summaries.</param>
    /// <param name="subfolder">The log directory, relative to the sample's output folder.</param>
    /// <param name="mainSeries">The metric series whose runs need no prefix ("train" for single-network samples).</param>
    /// <param name="runs">The run subfolders (one event file each) to open now, e.g. "train" and "test".</param>
    public static SampleLogs? Open(SampleOptions options, SampleResult result, string subfolder, string mainSeries, params string[] runs)
    {
        if (!options.Summaries) return null;
        var dir = Path.Combine(result.OutputDirectory, subfolder);
        if (System.IO.Directory.Exists(dir))
            foreach (var old in System.IO.Directory.EnumerateFiles(dir, "events.out.tfevents.*", SearchOption.AllDirectories)) File.Delete(old);
        var logs = new SampleLogs(dir, result, mainSeries);
        try
        {
            foreach (var run in runs) logs.Writer(run);
        }
        catch
        {
            logs.Dispose();
            throw;
        }
        options.Log.WriteLine($"[port] TensorBoard logs: {dir} (tensorboard --logdir {dir})");
        return logs;
    }

    /// <summary>geron-dnn's naming, as Géron's chapter builds it: tf_logs/run-{UTC yyyyMMddHHmmss}.</summary>
    public static string TimestampedRun() => "tf_logs/run-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private FileWriter Writer(string run)
    {
        if (_writers.TryGetValue(run, out var writer)) return writer;
        writer = new FileWriter(Path.Combine(Directory, run));
        _writers[run] = writer;
        return writer;
    }

    /// <summary>The graph a run trained (TensorBoard's Graphs tab).</summary>
    public void AddGraph(string run, Graph graph) => Writer(run).add_graph(graph);

    /// <summary>
    /// metric "valid_accuracy" of series S -> run "S/valid", tag "accuracy"; a metric without a
    /// train/valid/test prefix goes to S/train under its own name. The main series has no "S/".
    /// </summary>
    public static (string Run, string Tag) RunAndTag(string series, string metric, string mainSeries)
    {
        var prefix = series == mainSeries ? "" : series + "/";
        foreach (var split in new[] { "train", "valid", "test" })
            if (metric.StartsWith(split + "_", StringComparison.Ordinal))
                return (prefix + split, metric[(split.Length + 1)..]);
        return (prefix + "train", metric);
    }

    private void OnMetric(MetricPoint point)
    {
        var (run, tag) = RunAndTag(point.Series, point.Metric, _mainSeries);
        Writer(run).add_summary(_summaries.Scalars([(tag, point.Value)]), point.Step);
    }

    /// <summary>Histograms of each layer's fetched tensors (<see cref="BnLayerTensors.Tensors"/> order) into <paramref name="run"/>.</summary>
    public void Histograms(string run, int step, IReadOnlyList<BnLayerTensors> layers, IReadOnlyList<TensorValue> values)
    {
        var tags = layers.SelectMany(l => l.Tags).ToList();
        Writer(run).add_summary(_summaries.Histograms(tags.Zip(values)), step);
    }

    /// <summary>A traced step's RunMetadata (TensorBoard's graph tab shows its compute time and memory per node).</summary>
    public void Trace(string run, int step, RunMetadata metadata) => Writer(run).add_run_metadata(metadata, TraceTag(step), step);

    /// <summary>RunOptions for the one traced step.</summary>
    public static RunOptions FullTrace => new() { TraceLevel = RunOptions.Types.TraceLevel.FullTrace };

    public void Dispose()
    {
        _result.MetricAdded -= OnMetric;
        List<Exception> failures = new();
        foreach (var writer in _writers.Values)
        {
            try { writer.close(); }
            catch (IOException e) { failures.Add(e); }
        }
        _summaries.Dispose();
        if (failures.Count > 0) throw failures[0];
    }
}
