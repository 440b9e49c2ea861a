using System.Text.RegularExpressions;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>A scalar at a step, as TensorBoard plots it.</summary>
public readonly record struct ScalarPoint(long Step, double WallTime, double Value);

/// <summary>What one run (a folder holding event files) contains.</summary>
public sealed class RunLog(string name)
{
    /// <summary>The folder relative to the log directory ("." for the log directory itself), as TensorBoard names runs.</summary>
    public string Name { get; } = name;
    public SortedDictionary<string, List<ScalarPoint>> Scalars { get; } = new(StringComparer.Ordinal);
    /// <summary>Every tag by kind ("histogram", "image", "text", "tensor", ...) with its step range.</summary>
    public SortedDictionary<string, (string Kind, long FirstStep, long LastStep, int Count)> Tags { get; } = new(StringComparer.Ordinal);
    public int Events { get; set; }
    public bool HasGraph { get; set; }
    public bool HasMetaGraph { get; set; }
    public List<string> RunMetadataTags { get; } = new();
    public List<string> Files { get; } = new();
}

/// <summary>
/// Reads a TensorBoard log directory the way TensorBoard groups it: every folder with event files
/// is a run; per run, every tag with its kind and step range, and each scalar's series. Reads TF1
/// simple_value scalars and TF2's tensor scalars (plugin "scalars") alike.
/// </summary>
public static class LogDirectory
{
    public static (List<RunLog> Runs, List<string> Problems) Read(string logdir, string? tagPattern = null)
    {
        if (!Directory.Exists(logdir) && !File.Exists(logdir))
            throw new DirectoryNotFoundException($"The log directory '{logdir}' does not exist; pass a folder that holds events.out.tfevents.* files (e.g. runs/geron-dnn/tf_logs).");
        var filter = tagPattern is null ? null : new Regex(tagPattern);
        var files = File.Exists(logdir)
            ? [Path.GetFullPath(logdir)]
            : Directory.EnumerateFiles(logdir, "*", SearchOption.AllDirectories).Where(EventFileReader.IsEventFile).Order(StringComparer.Ordinal).ToList();
        var root = File.Exists(logdir) ? Path.GetDirectoryName(Path.GetFullPath(logdir))! : Path.GetFullPath(logdir);
        var runs = new Dictionary<string, RunLog>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, Path.GetDirectoryName(Path.GetFullPath(file))!);
            if (!runs.TryGetValue(name, out var run)) runs[name] = run = new RunLog(name);
            run.Files.Add(file);
            var reader = new EventFileReader(file);
            foreach (var e in reader.Read()) Add(run, e, filter);
            problems.AddRange(reader.Problems);
        }
        return (runs.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(), problems);
    }

    private static void Add(RunLog run, Event e, Regex? filter)
    {
        run.Events++;
        switch (e.WhatCase)
        {
            case Event.WhatOneofCase.GraphDef: run.HasGraph = true; return;
            case Event.WhatOneofCase.MetaGraphDef: run.HasMetaGraph = true; return;
            case Event.WhatOneofCase.TaggedRunMetadata: run.RunMetadataTags.Add(e.TaggedRunMetadata.Tag); return;
            case Event.WhatOneofCase.Summary: break;
            default: return;
        }
        foreach (var value in e.Summary.Value)
        {
            if (filter is not null && !filter.IsMatch(value.Tag)) continue;
            var (kind, scalar) = Classify(value);
            run.Tags[value.Tag] = run.Tags.TryGetValue(value.Tag, out var t)
                ? (t.Kind, Math.Min(t.FirstStep, e.Step), Math.Max(t.LastStep, e.Step), t.Count + 1)
                : (kind, e.Step, e.Step, 1);
            if (scalar is { } v)
            {
                if (!run.Scalars.TryGetValue(value.Tag, out var series)) run.Scalars[value.Tag] = series = new();
                series.Add(new ScalarPoint(e.Step, e.WallTime, v));
            }
        }
    }

    /// <summary>The value's kind and, for scalars, its number.</summary>
    private static (string Kind, double? Scalar) Classify(Protos.Summary.Types.Value value)
    {
        switch (value.ValueCase)
        {
            case Protos.Summary.Types.Value.ValueOneofCase.SimpleValue: return ("scalar", value.SimpleValue);
            case Protos.Summary.Types.Value.ValueOneofCase.Histo: return ("histogram", null);
            case Protos.Summary.Types.Value.ValueOneofCase.Image: return ("image", null);
            case Protos.Summary.Types.Value.ValueOneofCase.Audio: return ("audio", null);
            case Protos.Summary.Types.Value.ValueOneofCase.Tensor:
                var plugin = value.Metadata?.PluginData?.PluginName ?? "";
                var tensor = value.Tensor;
                if (tensor.TensorShape is null || tensor.TensorShape.Dim.Count == 0)
                {
                    // TF2 writes scalars as rank-0 tensors; the plugin name sits only on a tag's first value.
                    double? number = tensor.Dtype switch
                    {
                        DataType.DtFloat => tensor.FloatVal.Count > 0 ? tensor.FloatVal[0] : ScalarFromContent(tensor, 4),
                        DataType.DtDouble => tensor.DoubleVal.Count > 0 ? tensor.DoubleVal[0] : ScalarFromContent(tensor, 8),
                        _ => null,
                    };
                    if (number is not null && plugin is "" or "scalars") return ("scalar", number);
                }
                return (plugin.Length > 0 ? plugin : "tensor", null);
            default: return ("other", null);
        }
    }

    private static double? ScalarFromContent(TensorProto tensor, int size)
    {
        var bytes = tensor.TensorContent.Span;
        if (bytes.Length != size) return null;
        return size == 4 ? BitConverter.ToSingle(bytes) : BitConverter.ToDouble(bytes);
    }
}
