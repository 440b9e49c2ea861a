using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// tf.summary.FileWriter: writes Event protos (summaries, the graph, meta graphs, traced steps'
/// RunMetadata, session logs) to an event file in <see cref="get_logdir"/> for TensorBoard, through
/// a background <see cref="EventFileWriter"/>. Every event gets the wall time of its add call and the
/// given step. Dispose (a using block) closes it, writing everything queued.
/// </summary>
public sealed class FileWriter : IDisposable
{
    private readonly EventFileWriter _writer;
    private readonly HashSet<string> _seenSummaryTags = new();
    private readonly HashSet<string> _sessionRunTags = new();
    private bool _closed;

    /// <param name="logdir">Created if missing; an unwritable one fails here, before any training.</param>
    /// <param name="graph">Written at once as the first graph event (TensorBoard's Graphs tab).</param>
    /// <param name="max_queue">How many events may wait for the writer thread before add_* blocks.</param>
    /// <param name="flush_secs">How often, in seconds, pending events are flushed to disk.</param>
    /// <param name="filename_suffix">Appended to the event file's name, or null for none.</param>
    public FileWriter(string logdir, Graph? graph = null, int max_queue = 10, double flush_secs = 120, string? filename_suffix = null)
    {
        _writer = new EventFileWriter(logdir,
            seconds => new Event { WallTime = seconds, FileVersion = "brain.Event:2" }.ToByteArray(),
            max_queue, flush_secs, filename_suffix);
        if (graph is not null) add_graph(graph);
    }

    public string get_logdir() => _writer.LogDir;

    /// <summary>The event file's full path.</summary>
    public string FileName => _writer.FileName;

    /// <summary>
    /// Adds a Summary: the serialized bytes a summary op returns from sess.run, or a Summary message.
    /// As Python does, a tag's SummaryMetadata is written with its first value only.
    /// </summary>
    public void add_summary(object summary, long? global_step = null)
    {
        var message = summary switch
        {
            Protos.Summary s => s.Clone(),
            byte[] bytes => Protos.Summary.Parser.ParseFrom(bytes),
            TensorValue { DType: DType.String, Strings: [var bytes] } => Protos.Summary.Parser.ParseFrom(bytes),
            _ => throw new TypeError($"add_summary expects the serialized Summary a summary op returns (byte[]) or a Summary message, not {summary.GetType().Name}. " +
                                     "Fetch the summary tensor with sess.run (a list fetch returns its bytes)."),
        };
        foreach (var value in message.Value)
        {
            if (value.Metadata is null) continue;
            if (!_seenSummaryTags.Add(value.Tag)) value.Metadata = null;
        }
        AddEvent(new Event { Summary = message }, global_step);
    }

    /// <summary>Adds <paramref name="graph"/>'s GraphDef with output shapes, as writer.py does (TensorBoard draws it, edges labelled with shapes).</summary>
    public void add_graph(Graph graph, long? global_step = null) => add_graph(graph.as_graph_def(add_shapes: true), global_step);

    /// <summary>Adds a GraphDef (TF1's graph_def argument).</summary>
    public void add_graph(GraphDef graph_def, long? global_step = null) =>
        AddEvent(new Event { GraphDef = graph_def.ToByteString() }, global_step);

    /// <summary>Adds a MetaGraphDef (graph, saver, collections) as TF1's add_meta_graph does.</summary>
    public void add_meta_graph(MetaGraphDef meta_graph_def, long? global_step = null) =>
        AddEvent(new Event { MetaGraphDef = meta_graph_def.ToByteString() }, global_step);

    /// <summary>Adds a traced step's RunMetadata under <paramref name="tag"/> (TensorBoard's graph shows its compute time and memory).</summary>
    public void add_run_metadata(RunMetadata run_metadata, string tag, long? global_step = null)
    {
        if (!_sessionRunTags.Add(tag)) throw new ValueError("The provided tag was already used for this event type");
        AddEvent(new Event { TaggedRunMetadata = new TaggedRunMetadata { Tag = tag, RunMetadata = run_metadata.ToByteString() } }, global_step);
    }

    /// <summary>Adds a SessionLog (START marks a restart, so TensorBoard discards later-step events of the old run).</summary>
    public void add_session_log(SessionLog session_log, long? global_step = null) =>
        AddEvent(new Event { SessionLog = session_log }, global_step);

    /// <summary>Adds any Event; its wall time is set to now and its step to <paramref name="step"/> when given.</summary>
    public void add_event(Event @event, long? step = null) => AddEvent(@event.Clone(), step);

    private void AddEvent(Event e, long? step)
    {
        e.WallTime = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds; // time.time(): seconds with a fraction
        if (step is { } s) e.Step = s;
        if (!_closed) _writer.AddEvent(e.ToByteArray());
    }

    /// <summary>Writes every queued event to disk.</summary>
    public void flush() => _writer.Flush();

    /// <summary>Writes what is queued and closes the file; later adds are ignored, as in Python.</summary>
    public void close()
    {
        _closed = true;
        _writer.Close();
    }

    public void Dispose() => close();
}
